/**
 * The house's own lint rules (tools/lint/houseRules.mjs, on in eslint.config.mjs): no import cycle
 * (type-only imports and import() aside) and no function over 80 lines. Each is shown to bite on a
 * planted violation, and to let the allowed shapes through.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const ROOT = join(__dirname, '..', '..');

async function linter(): Promise<{ eslint: ESLint; max: number }> {
  const { houseConfigs, MAX_FUNCTION_LINES } = (await import(join(ROOT, 'tools/lint/houseRules.mjs'))) as {
    houseConfigs: unknown[];
    MAX_FUNCTION_LINES: number;
  };
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser as never } }, ...(houseConfigs as never[])],
  });
  return { eslint, max: MAX_FUNCTION_LINES };
}

async function problems(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

/** Writes `files` into a fresh folder inside the repository and lints `first` as it is on disk. */
async function withFiles(files: Record<string, string>, lint: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(ROOT, 'src', '.lint-house-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    await lint(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an import cycle is an error, named file by file; type-only imports and import() make none', async () => {
  const { eslint } = await linter();
  await withFiles(
    {
      'a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'b.ts': "import { c } from './c';\nexport const b = (): number => c();\n",
      'c.ts': "import { a } from './a';\nexport const c = (): number => a();\n",
      'typed.ts': "import type { Back } from './typedBack';\nexport interface There { back?: Back }\nexport const there = 1;\n",
      'typedBack.ts':
        "import { there } from './typed';\nimport { type There } from './typed';\nexport type Back = There;\nexport const n = there;\n",
      'lazy.ts': "export async function load(): Promise<number> {\n  return (await import('./lazyBack')).back;\n}\n",
      'lazyBack.ts': "import { load } from './lazy';\nexport const back = 1;\nexport const again = load;\n",
    },
    async (dir) => {
      const read = (name: string) => readFileSync(join(dir, name), 'utf8');
      const a = await problems(eslint, join(dir, 'a.ts'), read('a.ts'));
      const rel = (name: string) => relative(ROOT, join(dir, name));
      assert.deepEqual(a, [
        `house/no-import-cycle: import cycle: ${rel('a.ts')} → ${rel('b.ts')} → ${rel('c.ts')} → ${rel('a.ts')} (make one side import types only, or move the shared part out)`,
      ]);
      for (const name of ['typed.ts', 'typedBack.ts', 'lazy.ts', 'lazyBack.ts'])
        assert.deepEqual(await problems(eslint, join(dir, name), read(name)), [], name);
    },
  );
});

/** A function `lines` long, counting its first and last line. */
function fn(name: string, lines: number): string {
  return [`export function ${name}(): number {`, '  let x = 0;', ...Array.from({ length: lines - 3 }, (_, i) => `  x += ${i};`), '}'].join(
    '\n',
  );
}

test('a function over the limit is an error; at the limit, with template lines, or as a test callback it is not', async () => {
  const { eslint, max } = await linter();
  const file = join(ROOT, 'src', 'agent', 'planted.ts');
  assert.deepEqual(await problems(eslint, file, fn('tooLong', max + 1)), [
    `house/max-function-lines: tooLong is ${max + 1} lines long; the house limit is ${max} (tools/check/sizes.ts)`,
  ]);
  const method = `export class K {\n  tooLong(): number {\n${Array.from({ length: max - 2 }, (_, i) => `    void ${i};`).join('\n')}\n    return 0;\n  }\n}\n`;
  assert.match((await problems(eslint, file, method)).join('\n'), new RegExp(`tooLong is ${max + 1} lines long`));
  assert.deepEqual(await problems(eslint, file, fn('justRight', max)), []);
  // 102 lines, 41 of them inside a template string (an HTML page, a prompt): counts as 61.
  const templated = fn('page', 60).replace(
    '  let x = 0;',
    `  let x = 0;\n  const html = \`\n${'<p>text</p>\n'.repeat(40)}\`;\n  void html;`,
  );
  assert.deepEqual(await problems(eslint, file, templated), []);
  const callback = `import { test } from 'node:test';\ntest('long', () => {\n${Array.from({ length: max + 5 }, (_, i) => `  void ${i};`).join('\n')}\n});\n`;
  assert.deepEqual(await problems(eslint, join(ROOT, 'test', 'unit', 'planted.test.ts'), callback), []);
});
