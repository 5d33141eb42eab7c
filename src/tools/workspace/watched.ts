/**
 * The workspace as one call of a workspace tool sees it, telling the run's egress guard what the call
 * touched (src/agent/consent/egress/guard.ts): the whole content of each file read, each file a search
 * matched and each file edited goes to secret detection, parts the model was not shown included. And
 * the guard's rules for edits: edit_file on a file the run has not read is refused ("read it first"),
 * and failed edits in a row on one file stop the run (ledger.ts).
 */
import { ToolError, type Tool, type ToolContext } from '../../agent/tool';
import type { EgressGuard } from '../../agent/consent/egress/guard';
import type { Workspace } from './port';

/** `make(ws)` as a tool whose every call runs over a workspace that reports to the call's guard. */
export function watchedTool(make: (ws: Workspace) => Tool, ws: Workspace): Tool {
  const plain = make(ws);
  return {
    ...plain,
    async execute(input, ctx) {
      const guard = ctx.consent?.guard;
      if (!guard) return plain.execute(input, ctx);
      const call = new WatchedCall(ws, guard, plain.name, ctx);
      const result = await make(call.workspace).execute(input, call.context);
      return call.after(result);
    },
  };
}

class WatchedCall {
  readonly workspace: Workspace;
  readonly context: ToolContext;
  /** The file an edit read to change, and whether the change was put to the user. */
  private edited: string | undefined;
  private asked = false;

  constructor(
    ws: Workspace,
    private readonly guard: EgressGuard,
    private readonly tool: string,
    ctx: ToolContext,
  ) {
    this.context = {
      ...ctx,
      approve: (request, signal) => {
        this.asked = true;
        return ctx.approve(request, signal);
      },
    };
    const saw = (path: string, text: string) => guard.sawFile(path, text, tool, ctx.turn);
    this.workspace = {
      root: ws.root,
      list: (path, options) => ws.list(path, options),
      find: (pattern, options) => ws.find(pattern, options),
      read: async (path) => {
        const content = await ws.read(path);
        if (content.kind === 'text') saw(path, content.text);
        guard.files.markRead(path);
        return content;
      },
      readTextIfExists: async (path) => {
        if (tool === 'edit_file') {
          const refusal = guard.files.beforeEdit(tool, path);
          if (refusal) throw new ToolError(refusal);
          this.edited = path;
        }
        const text = await ws.readTextIfExists(path);
        if (text !== undefined) saw(path, text);
        return text;
      },
      write: async (path, content) => {
        await ws.write(path, content);
        guard.files.markWritten(path);
      },
      search: async (query, options) => {
        const result = await ws.search(query, options);
        for (const path of new Set(result.matches.map((m) => m.path))) {
          const text = await ws.readTextIfExists(path).catch(() => undefined);
          if (text !== undefined) saw(path, text);
        }
        return result;
      },
    };
  }

  /** An edit that read its file, was not put to the user and failed is a miss; enough of them stop the run. */
  after(result: Awaited<ReturnType<Tool['execute']>>): Awaited<ReturnType<Tool['execute']>> {
    if (this.edited === undefined || this.asked || !result.isError) return result;
    const stop = this.guard.files.missed(this.tool, this.edited);
    return stop ? { ...result, content: `${result.content}\n${stop}` } : result;
  }
}
