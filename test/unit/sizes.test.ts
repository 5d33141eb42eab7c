/**
 * The house limits (tools/check/sizes.ts): no source file over 400 lines, no function over 80.
 * The files split for issue 12 must stay within them; the checker itself is first shown to fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FILE_LINES, MAX_FUNCTION_LINES, oversized, sourceFiles } from '../../tools/check/sizes';

const ROOT = join(__dirname, '..', '..');

/** Files and folders (every file under them) that were split; none may come back over a limit. */
const SPLIT = [
  'src/node/net/httpClient.ts',
  'src/tools/web/search/providers.ts',
  'test/unit/helpers/sandboxContract.ts',
  'tools/bench/panel-bench.ts',
  'tools/bench/panel',
  'tools/e2e/install.ts',
  'tools/e2e/install',
  'webview/markdown.ts',
  'webview/mdInline.ts',
];

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

test('the files split for issue 12 are within the limits', () => {
  const found = oversized(ROOT).filter((o) => SPLIT.some((s) => o.file === s || o.file.startsWith(`${s}/`)));
  assert.deepEqual(found, []);
});

test('every split file is among the files the checker scans (so the check above cannot pass by missing them)', () => {
  const files = sourceFiles(ROOT);
  for (const s of SPLIT)
    assert.ok(
      files.some((f) => f === s || f.startsWith(`${s}/`)),
      `${s} is not scanned`,
    );
});
