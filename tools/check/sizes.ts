/**
 * House limits, as the test suite checks them: no source file over 400 lines, no function over 80.
 * Lines inside template strings (HTML, prompts, usage text) do not count towards a function's length,
 * and test files' top-level tables are not functions. Run: node --import tsx tools/check/sizes.ts
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 80;

export interface Oversize {
  file: string;
  what: string;
  lines: number;
}

export function sourceFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'webview', 'tools', 'test', '*.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  return out.split('\n').filter((f) => /\.(ts|mjs|css)$/.test(f) && !f.includes('/fixtures/'));
}

/** Lines of `node` that are not inside a template literal. */
function codeLines(sf: ts.SourceFile, node: ts.Node): number {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
  const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
  let templated = 0;
  const visit = (n: ts.Node): void => {
    if (ts.isTemplateExpression(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      templated += sf.getLineAndCharacterOfPosition(n.getEnd()).line - sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      return;
    }
    n.forEachChild(visit);
  };
  node.forEachChild(visit);
  return end - start + 1 - templated;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)))
    return parent.name.getText(sf);
  const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  return `function at line ${line}`;
}

/** The files (paths under `root`; by default every source file in the repository) that break a limit. */
export function oversized(root: string, files: string[] = sourceFiles(root)): Oversize[] {
  const found: Oversize[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES) found.push({ file, what: 'file', lines });
    if (file.endsWith('.css')) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const isTestCallback = (n: ts.Node) =>
        ts.isCallExpression(n.parent) && /^(test|it|describe|suite)$/.test(n.parent.expression.getText(sf));
      if (
        (ts.isFunctionDeclaration(node) ||
          ts.isMethodDeclaration(node) ||
          ts.isFunctionExpression(node) ||
          ts.isArrowFunction(node) ||
          ts.isConstructorDeclaration(node) ||
          ts.isGetAccessor(node)) &&
        node.body &&
        !isTestCallback(node)
      ) {
        const n = codeLines(sf, node);
        if (n > MAX_FUNCTION_LINES) found.push({ file, what: nameOf(node, sf), lines: n });
      }
      node.forEachChild(visit);
    };
    visit(sf);
  }
  return found;
}

if (require.main === module) {
  const rows = oversized(join(__dirname, '..', '..'));
  for (const r of rows) console.log(`${r.lines}\t${r.file}\t${r.what}`);
  process.exitCode = rows.length ? 1 : 0;
}
