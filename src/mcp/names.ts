/**
 * Tool names offered to the model must match ^[a-zA-Z0-9_-]{1,64}$ (OpenAI function names) and be
 * unique across built-in and MCP tools. An MCP tool keeps its own name when it is free and valid;
 * otherwise it becomes "server_tool", then "server_tool_2", … (always within 64 characters).
 */

const MAX = 64;

export function sanitizeName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX);
  return clean === '' ? 'tool' : clean;
}

export class ToolNamer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const n of reserved) this.taken.add(n);
  }

  /** A free, valid name for `tool` of `server`; it is then taken. */
  name(server: string, tool: string): string {
    const own = sanitizeName(tool);
    const candidates = [own, sanitizeName(`${sanitizeName(server)}_${own}`)];
    let chosen = candidates.find((c) => !this.taken.has(c));
    const base = candidates[1];
    for (let n = 2; !chosen; n++) {
      const suffix = `_${n}`;
      const c = base.slice(0, MAX - suffix.length) + suffix;
      if (!this.taken.has(c)) chosen = c;
    }
    this.taken.add(chosen);
    return chosen;
  }
}
