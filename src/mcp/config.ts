/**
 * MCP server configuration in the shape VS Code's `mcp.json` uses (Claude Desktop's `mcpServers`
 * key is accepted too):
 *   { "servers": { "name": { "command": "npx", "args": […], "env": {…}, "cwd": "…" },
 *                  "other": { "type": "http", "url": "https://…", "headers": {…} } } }
 * `${env:NAME}` and `${workspaceFolder}` are expanded; `${input:…}` needs VS Code's prompt and is refused.
 */

export type McpServerConfig =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { type: 'http' | 'sse'; url: string; headers: Record<string, string> };

export interface McpConfig {
  servers: Record<string, McpServerConfig>;
}

export interface ParseMcpOptions {
  env?: Record<string, string | undefined>;
  workspaceFolder?: string;
}

export class McpConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid MCP configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'McpConfigError';
  }
}

/** Parses JSON text (comments and trailing commas allowed, as in mcp.json) or an object. Throws McpConfigError. */
export function parseMcpConfig(input: string | unknown, options: ParseMcpOptions = {}): McpConfig {
  let root: unknown = input;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(stripJsonComments(input));
    } catch (e) {
      throw new McpConfigError([`the file is not valid JSON: ${(e as Error).message}`]);
    }
  }
  if (!isRecord(root)) throw new McpConfigError(['the top level must be a JSON object with a "servers" object']);
  const serversKey = 'servers' in root ? 'servers' : 'mcpServers' in root ? 'mcpServers' : undefined;
  if (!serversKey) throw new McpConfigError(['no "servers" object (VS Code mcp.json shape: {"servers": {"name": {"command": …}}})']);
  const servers = root[serversKey];
  if (!isRecord(servers)) throw new McpConfigError([`"${serversKey}" must be an object of named servers`]);

  const problems: string[] = [];
  const out: Record<string, McpServerConfig> = {};
  const expand = expander(options, problems);
  for (const [name, raw] of Object.entries(servers)) {
    const at = `${serversKey}.${name}`;
    if (!/^[\w.-]{1,64}$/.test(name)) problems.push(`${at}: server names may use letters, digits, "_", "-" and "." (at most 64)`);
    if (!isRecord(raw)) {
      problems.push(`${at}: must be an object with "command" (stdio) or "url" (http)`);
      continue;
    }
    if (raw.disabled === true) continue;
    const type = typeof raw.type === 'string' ? raw.type : raw.command !== undefined ? 'stdio' : raw.url !== undefined ? 'http' : undefined;
    if (type === 'stdio') {
      if (typeof raw.command !== 'string' || raw.command.trim() === '') {
        problems.push(`${at}: "command" must be a non-empty string`);
        continue;
      }
      const args = stringArray(raw.args, `${at}.args`, problems);
      const env = stringRecord(raw.env, `${at}.env`, problems);
      if (raw.cwd !== undefined && typeof raw.cwd !== 'string') problems.push(`${at}: "cwd" must be a string`);
      if (raw.envFile !== undefined) problems.push(`${at}: "envFile" is not supported here; put the variables in "env"`);
      const cwd = typeof raw.cwd === 'string' ? expand(raw.cwd, `${at}.cwd`) : undefined;
      out[name] = {
        type: 'stdio',
        command: expand(raw.command, `${at}.command`),
        args: args.map((a, i) => expand(a, `${at}.args[${i}]`)),
        env: mapValues(env, (v, k) => expand(v, `${at}.env.${k}`)),
        ...(cwd ? { cwd } : {}),
      };
    } else if (type === 'http' || type === 'sse' || type === 'streamable-http' || type === 'streamableHttp') {
      if (typeof raw.url !== 'string') {
        problems.push(`${at}: "url" must be a string`);
        continue;
      }
      const url = expand(raw.url, `${at}.url`);
      if (!/^https?:\/\//i.test(url)) problems.push(`${at}: "url" must be an http:// or https:// URL, got ${JSON.stringify(url)}`);
      const headers = stringRecord(raw.headers, `${at}.headers`, problems);
      out[name] = { type: type === 'sse' ? 'sse' : 'http', url, headers: mapValues(headers, (v, k) => expand(v, `${at}.headers.${k}`)) };
    } else if (type === undefined) {
      problems.push(`${at}: needs "command" (a stdio server) or "url" (an http server)`);
    } else {
      problems.push(`${at}: unknown "type" ${JSON.stringify(raw.type)}; use "stdio" (with "command") or "http" (with "url")`);
    }
  }
  if (problems.length) throw new McpConfigError(problems);
  return { servers: out };
}

function expander(options: ParseMcpOptions, problems: string[]) {
  const env = options.env ?? process.env;
  return (value: string, at: string): string =>
    value.replace(/\$\{([^}]+)\}/g, (whole, expr: string) => {
      if (expr.startsWith('env:')) {
        const v = env[expr.slice(4)];
        if (v === undefined) problems.push(`${at}: environment variable ${expr.slice(4)} is not set`);
        return v ?? '';
      }
      if (expr === 'workspaceFolder' && options.workspaceFolder) return options.workspaceFolder;
      if (expr.startsWith('input:')) {
        problems.push(`${at}: ${whole} needs VS Code's input prompt; put the value in an environment variable and write \${env:NAME}`);
        return '';
      }
      problems.push(`${at}: unknown variable ${whole}`);
      return whole;
    });
}

function stringArray(value: unknown, at: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  problems.push(`${at}: must be an array of strings`);
  return [];
}

function stringRecord(value: unknown, at: string, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else problems.push(`${at}.${k}: must be a string`);
    }
    return out;
  }
  problems.push(`${at}: must be an object of strings`);
  return {};
}

function mapValues(record: Record<string, string>, f: (v: string, k: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v, k)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops // and /* *\/ comments and trailing commas outside strings (mcp.json is JSONC). */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
