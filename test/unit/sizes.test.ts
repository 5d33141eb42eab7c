/**
 * The house limits (tools/check/sizes.ts): no source file over 400 lines, no function over 80, everywhere
 * the checker looks (src, webview and its CSS, tools, test, the *.mjs scripts). A file that comes in over
 * a limit fails this suite and so CI. The checker is first shown to fail: on files it is given, and on a
 * repository whose files it finds for itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, oversized, sourceFiles } from '../../tools/check/sizes';

const ROOT = join(__dirname, '..', '..');

/** A function declaration `lines` long, counting its first and last line. */
function fn(name: string, lines: number, body = (i: number) => `  x += ${i};`): string {
  return [`export function ${name}(): number {`, '  let x = 0;', ...Array.from({ length: lines - 3 }, (_, i) => body(i)), '}'].join('\n');
}

test('the checker flags a 401-line file and an 81-line function, and nothing at the limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sizes-'));
  try {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
    writeFileSync(join(dir, 'big.ts'), lines(MAX_FILE_LINES + 1));
    writeFileSync(join(dir, 'atLimit.ts'), lines(MAX_FILE_LINES));
    writeFileSync(join(dir, 'long.ts'), `${fn('tooLong', MAX_FUNCTION_LINES + 1)}\n${fn('justRight', MAX_FUNCTION_LINES)}\n`);
    // 102 lines, 41 of them inside a template string (an HTML page, a prompt): counts as 61.
    const templated = fn('page', 60).replace('  let x = 0;', `  let x = 0;\n  const html = \`\n${'<p>text</p>\n'.repeat(40)}\`;`);
    writeFileSync(join(dir, 'templated.ts'), `${templated}\n`);

    const found = oversized(dir, ['big.ts', 'atLimit.ts', 'long.ts', 'templated.ts']);
    assert.deepEqual(found, [
      { file: 'big.ts', what: 'file', lines: MAX_FILE_LINES + 1 },
      { file: 'long.ts', what: 'tooLong', lines: MAX_FUNCTION_LINES + 1 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('in a repository of its own, the checker finds a long file, a long CSS file and a long function unasked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sizes-repo-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    for (const d of ['src', 'webview', 'tools', 'test']) mkdirSync(join(dir, d));
    const lines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';
    writeFileSync(
      join(dir, 'src', 'long.ts'),
      lines(MAX_FILE_LINES + 1, (i) => `export const c${i} = ${i};`),
    );
    writeFileSync(
      join(dir, 'webview', 'long.css'),
      lines(MAX_FILE_LINES + 1, (i) => `.c${i} { order: ${i}; }`),
    );
    writeFileSync(join(dir, 'tools', 'fn.ts'), `${fn('tooLong', MAX_FUNCTION_LINES + 1)}\n`);
    writeFileSync(join(dir, 'test', 'fine.ts'), `${fn('justRight', MAX_FUNCTION_LINES)}\n`);
    // Not committed: the checker also sees files not yet added, as in a working tree before a commit.
    assert.deepEqual(
      oversized(dir).sort((x, y) => x.file.localeCompare(y.file)),
      [
        { file: 'src/long.ts', what: 'file', lines: MAX_FILE_LINES + 1 },
        { file: 'tools/fn.ts', what: 'tooLong', lines: MAX_FUNCTION_LINES + 1 },
        { file: 'webview/long.css', what: 'file', lines: MAX_FILE_LINES + 1 },
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no source file in this repository is over a limit', () => {
  const found = oversized(ROOT);
  assert.deepEqual(found, [], found.map((o) => `${o.lines}\t${o.file}\t${o.what}`).join('\n'));
});

test('the scan covers every kind of source file (so the check above cannot pass by missing them)', () => {
  const files = sourceFiles(ROOT);
  for (const f of [
    'src/agent/loop/loop.ts',
    'src/host/extension.ts',
    'webview/main.ts',
    'webview/styles/rows.css',
    'tools/e2e/host.ts',
    'tools/fake-model/server.ts',
    'test/unit/sizes.test.ts',
    'esbuild.config.mjs',
  ])
    assert.ok(files.includes(f), `${f} is not scanned`);
});
