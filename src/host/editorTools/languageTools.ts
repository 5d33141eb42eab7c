/**
 * VS Code's language features as agent tools: workspace symbols, go to definition, find references
 * and diagnostics. Positions are given as a line and the symbol's text on it (models count columns badly).
 */
import * as vscode from 'vscode';
import { relative, sep } from 'node:path';
import { normalizeWorkspacePath } from '../../tools/pathPolicy';
import { defineTool, ok, ToolError, type Tool } from '../../agent/tool';
import type { ToolSchema } from '../../agent/schema';
import type { Workspace } from '../../tools/workspace/port';

const SERVER = 'vscode';

function rel(root: string, uri: vscode.Uri): string {
  if (uri.scheme !== 'file') return uri.toString();
  const r = relative(root, uri.fsPath);
  return r.startsWith('..') || r === '' ? `(outside the workspace) ${uri.path.split('/').pop()}` : r.split(sep).join('/');
}

function loc(root: string, l: vscode.Location | vscode.LocationLink): string {
  const uri = 'targetUri' in l ? l.targetUri : l.uri;
  const range = 'targetRange' in l ? l.targetRange : l.range;
  return `${rel(root, uri)}:${range.start.line + 1}`;
}

/** Resolves `path` + `line` + `symbol` to a position inside a confined workspace file. */
async function position(ws: Workspace, path: string, line: number, symbol: string): Promise<{ uri: vscode.Uri; pos: vscode.Position }> {
  const relPath = normalizeWorkspacePath(path);
  const text = await ws.readTextIfExists(relPath);
  if (text === undefined) throw new ToolError(`"${relPath}" does not exist.`);
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) throw new ToolError(`"${relPath}" has ${lines.length} lines; line ${line} is out of range.`);
  const column = lines[line - 1].indexOf(symbol);
  if (column === -1) throw new ToolError(`"${symbol}" does not occur on line ${line} of ${relPath}; read_file shows the exact text.`);
  const uri = vscode.Uri.joinPath(vscode.Uri.file(ws.root), relPath);
  return { uri, pos: new vscode.Position(line - 1, column) };
}

const warmedUp = new Set<string>();

/**
 * Runs `query`; while its answer is empty and `key` has not answered before in this session, asks
 * again after 0.5, 1, 2 and 4 s: language servers start and index in the background, so the first
 * answer of a session may be empty only because the server is not ready yet.
 */
async function untilWarm<T>(key: string, query: () => Thenable<T[] | undefined>): Promise<T[]> {
  let found = (await query()) ?? [];
  for (let wait = 500; !found.length && !warmedUp.has(key) && wait <= 4000; wait *= 2) {
    await new Promise((r) => setTimeout(r, wait));
    found = (await query()) ?? [];
  }
  warmedUp.add(key);
  return found;
}

/**
 * Asks a language feature about a document, opening it first: language servers (TypeScript's among
 * them) register their providers only once a document of their language is open.
 */
async function ask<T>(uri: vscode.Uri, query: () => Thenable<T[] | undefined>): Promise<{ found: T[]; note: string }> {
  const language = (await vscode.workspace.openTextDocument(uri)).languageId;
  const found = await untilWarm(language, query);
  const note = found.length ? '' : ` (if the ${language} language server is still loading the project, asking again later may find more)`;
  return { found, note };
}

const positionSchema = {
  type: 'object',
  properties: {
    path: { type: 'string', description: 'Workspace-relative file path.' },
    line: { type: 'integer', minimum: 1, description: '1-based line the symbol is on.' },
    symbol: { type: 'string', description: 'The symbol exactly as written on that line.' },
  },
  required: ['path', 'line', 'symbol'],
} as const satisfies ToolSchema;

const symbolsSchema = {
  type: 'object',
  properties: { query: { type: 'string' }, max_results: { type: 'integer', minimum: 1, maximum: 500 } },
  required: ['query'],
} as const satisfies ToolSchema;
const diagnosticsSchema = { type: 'object', properties: { path: { type: 'string' } } } as const satisfies ToolSchema;

function symbolsTool(ws: Workspace): Tool {
  return defineTool({
    name: 'workspace_symbols',
    server: SERVER,
    description:
      "Finds classes, functions, variables and other symbols by name across the workspace, using VS Code's language servers. Returns kind, name and path:line.",
    schema: symbolsSchema,
    run: async (input) => {
      const { query, max_results } = input;
      const found = await untilWarm('*symbols', () =>
        vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query),
      );
      const max = max_results ?? 100;
      const lines = found
        .slice(0, max)
        .map(
          (s) => `${vscode.SymbolKind[s.kind]} ${s.name}${s.containerName ? ` (in ${s.containerName})` : ''} — ${loc(ws.root, s.location)}`,
        );
      return ok(
        lines.length
          ? lines.join('\n') + (found.length > max ? `\n[${found.length - max} more not shown]` : '')
          : `No symbols match "${query}".`,
      );
    },
  });
}

function definitionTool(ws: Workspace): Tool {
  return defineTool({
    name: 'go_to_definition',
    server: SERVER,
    description: "Where a symbol used at a line of a file is defined, as path:line, using VS Code's language servers.",
    schema: positionSchema,
    run: async (input) => {
      const { path, line, symbol } = input;
      const { uri, pos } = await position(ws, path, line, symbol);
      const { found: defs, note } = await ask(uri, () =>
        vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, pos),
      );
      return ok(
        defs.length ? defs.map((d) => loc(ws.root, d)).join('\n') : `No definition found for "${symbol}" at ${path}:${line}${note}.`,
      );
    },
  });
}

function referencesTool(ws: Workspace): Tool {
  return defineTool({
    name: 'find_references',
    server: SERVER,
    description: "Every place a symbol (named at a line of a file) is used, as path:line, using VS Code's language servers.",
    schema: positionSchema,
    run: async (input) => {
      const { path, line, symbol } = input;
      const { uri, pos } = await position(ws, path, line, symbol);
      const { found: refs, note } = await ask(uri, () =>
        vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, pos),
      );
      const shown = refs.slice(0, 300).map((r) => loc(ws.root, r));
      return ok(
        shown.length
          ? shown.join('\n') + (refs.length > 300 ? `\n[${refs.length - 300} more]` : '')
          : `No references found for "${symbol}"${note}.`,
      );
    },
  });
}

function diagnosticsTool(ws: Workspace): Tool {
  return defineTool({
    name: 'diagnostics',
    server: SERVER,
    description:
      'Errors and warnings VS Code currently reports (compiler, linter), for one file or the whole workspace, as path:line: severity: message.',
    schema: diagnosticsSchema,
    run: async (input) => {
      const { path } = input;
      const file = path ? (await position(ws, path, 1, '')).uri : undefined;
      const all: [vscode.Uri, readonly vscode.Diagnostic[]][] = file
        ? [[file, vscode.languages.getDiagnostics(file)]]
        : vscode.languages.getDiagnostics();
      const lines: string[] = [];
      for (const [uri, diags] of all) {
        for (const d of diags)
          lines.push(
            `${rel(ws.root, uri)}:${d.range.start.line + 1}: ${vscode.DiagnosticSeverity[d.severity].toLowerCase()}: ${d.message.split('\n')[0]}`,
          );
      }
      return ok(lines.length ? lines.slice(0, 500).join('\n') : 'No problems reported.');
    },
  });
}

export function createLanguageTools(ws: Workspace): Tool[] {
  const tools = [symbolsTool(ws), definitionTool(ws), referencesTool(ws), diagnosticsTool(ws)];
  // Symbols and code locations are workspace data: the egress guard indexes them.
  return tools.map((t) => ({ ...t, readsWorkspace: true }));
}
