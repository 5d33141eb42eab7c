/**
 * The house's own ESLint rules (no plugin dependency):
 * - `house/no-import-cycle`: a module must not reach itself through relative imports that load code.
 *   Type-only imports (`import type`, `import { type A }`, `export type`) and `import()` (loaded on
 *   demand) do not count: they create no cycle at load time.
 * - `house/max-function-lines`: no function over 80 lines, counted as tools/check/sizes.ts counts them
 *   (lines inside template strings do not count; test callbacks are not functions).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;

/** path → { mtime, targets }: the relative imports of a file that load code, resolved to files. */
const edgesCache = new Map();

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Whether an import or export statement loads the module's code (anything but a type-only one). */
function loadsCode(statement) {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return true; // import './x' runs it
    if (clause.isTypeOnly) return false;
    if (clause.name) return true;
    const bindings = clause.namedBindings;
    if (!bindings || ts.isNamespaceImport(bindings)) return true;
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (ts.isExportDeclaration(statement)) {
    if (statement.isTypeOnly) return false;
    const clause = statement.exportClause;
    return !clause || !ts.isNamedExports(clause) || clause.elements.length === 0 || clause.elements.some((e) => !e.isTypeOnly);
  }
  return false;
}

/** The files `file` loads code from, given its text (or read from disk). */
export function codeImports(file, text) {
  const mtime = text === undefined && existsSync(file) ? statSync(file).mtimeMs : undefined;
  const cached = edgesCache.get(file);
  if (text === undefined && cached && cached.mtime === mtime) return cached.targets;
  const source = text ?? (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false);
  const targets = [];
  for (const statement of sf.statements) {
    const spec = statement.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !loadsCode(statement)) continue;
    const target = resolveImport(file, spec.text);
    if (target) targets.push({ target, specifier: spec.text, line: sf.getLineAndCharacterOfPosition(statement.getStart(sf)).line + 1 });
  }
  if (text === undefined) edgesCache.set(file, { mtime, targets });
  return targets;
}

/** A path of files from `start` back to `home`, or undefined. */
function pathBack(start, home) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, path] = stack.pop();
    if (file === home) return path;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { target } of codeImports(file)) stack.push([target, [...path, target]]);
  }
  return undefined;
}

const noImportCycle = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { cycle: 'import cycle: {{path}} (make one side import types only, or move the shared part out)' },
  },
  create(context) {
    const file = context.filename;
    return {
      Program() {
        const root = context.cwd;
        for (const { target, line } of codeImports(file, context.sourceCode.text)) {
          const back = pathBack(target, file);
          if (!back) continue;
          const path = [file, ...back].map((f) => relative(root, f)).join(' → ');
          context.report({ loc: { line, column: 0 }, messageId: 'cycle', data: { path } });
        }
      },
    };
  },
};

const TEST_CALLS = /^(test|it|describe|suite)$/;

const maxFunctionLines = {
  meta: {
    type: 'suggestion',
    schema: [{ type: 'integer', minimum: 1 }],
    messages: { long: '{{name}} is {{lines}} lines long; the house limit is {{max}} (tools/check/sizes.ts)' },
  },
  create(context) {
    const max = context.options[0] ?? MAX_FUNCTION_LINES;
    const { visitorKeys } = context.sourceCode;
    /** Lines of `node` not inside a template string. */
    const codeLines = (node) => {
      let templated = 0;
      const visit = (n) => {
        if (n.type === 'TemplateLiteral') {
          templated += n.loc.end.line - n.loc.start.line;
          return;
        }
        for (const key of visitorKeys[n.type] ?? []) {
          const child = n[key];
          for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c.type === 'string') visit(c);
        }
      };
      visit(node.body);
      return node.loc.end.line - node.loc.start.line + 1 - templated;
    };
    const check = (node) => {
      if (!node.body || node.body.type !== 'BlockStatement') {
        if (node.type !== 'ArrowFunctionExpression' || !node.body) return;
      }
      const parent = node.parent;
      if (parent?.type === 'CallExpression' && context.sourceCode.getText(parent.callee).match(TEST_CALLS)) return;
      const start = parent?.type === 'MethodDefinition' || parent?.type === 'Property' ? parent : node;
      const lines = codeLines(node) + (node.loc.start.line - start.loc.start.line);
      if (lines > max) context.report({ node, messageId: 'long', data: { name: nameOf(node), lines: String(lines), max: String(max) } });
    };
    return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
  },
};

function nameOf(node) {
  if (node.id?.name) return node.id.name;
  const p = node.parent;
  if ((p?.type === 'MethodDefinition' || p?.type === 'Property' || p?.type === 'PropertyDefinition') && p.key?.name) return p.key.name;
  if (p?.type === 'VariableDeclarator' && p.id?.name) return p.id.name;
  return `the function at line ${node.loc.start.line}`;
}

export const housePlugin = { rules: { 'no-import-cycle': noImportCycle, 'max-function-lines': maxFunctionLines } };

/** The two rules as a config block (eslint.config.mjs uses it; lintHouse.test.ts proves each bites). */
export const houseConfigs = [
  {
    files: ['**/*.ts'],
    plugins: { house: housePlugin },
    rules: { 'house/no-import-cycle': 'error', 'house/max-function-lines': ['error', MAX_FUNCTION_LINES] },
  },
];
