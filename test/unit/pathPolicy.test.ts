import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkGlobPattern, normalizeWorkspacePath } from '../../src/tools/pathPolicy';
import { ToolError } from '../../src/agent/tool';

function refusal(input: unknown, normalize: (input: unknown) => string = normalizeWorkspacePath): string {
  try {
    const result = normalize(input);
    assert.fail(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result)}`);
  } catch (error) {
    assert.ok(error instanceof ToolError, `expected a ToolError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'one-line message');
    return error.message;
  }
}

describe('normalizeWorkspacePath', () => {
  it('maps the root spellings to ""', () => {
    for (const root of ['', '.', './', './/', './.']) assert.equal(normalizeWorkspacePath(root), '');
  });

  it('keeps ordinary names and cleans separators', () => {
    const cases: Array<[string, string]> = [
      ['src/a.ts', 'src/a.ts'],
      ['./src//a.ts', 'src/a.ts'],
      ['src/', 'src'],
      ['src\\tools\\a.ts', 'src/tools/a.ts'],
      ['my notes/draft 1.md', 'my notes/draft 1.md'],
      ['données/résumé.txt', 'données/résumé.txt'],
      ['.gitignore', '.gitignore'],
      ['a..b.txt', 'a..b.txt'],
      ['...', '...'],
      ['src/a/../b.ts', 'src/b.ts'],
      ['100%.txt', '100%.txt'],
      ['a%20b.txt', 'a%20b.txt'],
      ['dir/notes:2024.txt', 'dir/notes:2024.txt'],
    ];
    for (const [input, expected] of cases) assert.equal(normalizeWorkspacePath(input), expected, input);
  });

  it('refuses non-strings', () => {
    for (const input of [undefined, null, 42, {}, ['a']]) assert.match(refusal(input), /must be a string/);
  });

  const hostile: Array<[string, RegExp]> = [
    ['../x', /climbs out of the workspace/],
    ['../../etc/passwd', /climbs out/],
    ['a/../../x', /climbs out/],
    ['..\\..\\x', /climbs out/],
    ['src/..\\..\\x', /climbs out/],
    ['/etc/passwd', /is absolute/],
    ['C:\\Windows', /absolute Windows path/],
    ['c:/x', /absolute Windows path/],
    ['\\\\server\\share', /is absolute/],
    ['~', /home folder/],
    ['~/.ssh/id_rsa', /home folder/],
    ['file:///etc/passwd', /looks like a URL/],
    ['http://example.com/x', /looks like a URL/],
    ['vscode-remote:x', /looks like a URL/],
    ['x\u0000y', /NUL byte/],
    ['%2e%2e/%2e%2e/etc/passwd', /percent-encoded/],
    ['%2E%2E/x', /percent-encoded/],
    ['..%2fsecret', /percent-encoded/],
    ['..%5csecret', /percent-encoded/],
    ['%252e%252e/x', /percent-encoded/],
    ['%25252e%25252e/x', /percent-encoded/],
    ['a%00b', /percent-encoded/],
  ];
  for (const [input, rule] of hostile) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const message = refusal(input);
      assert.match(message, rule);
      assert.ok(message.includes(JSON.stringify(input.slice(0, 120))), `message names the input: ${message}`);
    });
  }
});

describe('checkGlobPattern', () => {
  it('accepts globs and drops a leading ./', () => {
    assert.equal(checkGlobPattern('**/*.ts'), '**/*.ts');
    assert.equal(checkGlobPattern('./src/*.ts'), 'src/*.ts');
    assert.equal(checkGlobPattern('src\\*.ts'), 'src/*.ts');
    assert.equal(checkGlobPattern('{a,b}/**/[x-z]?.md'), '{a,b}/**/[x-z]?.md');
  });

  it('refuses empty patterns and any .. segment', () => {
    assert.match(refusal('', checkGlobPattern), /must not be empty/);
    assert.match(refusal('src/../x', checkGlobPattern), /'\.\.' segment/);
    assert.match(refusal('**/../*', checkGlobPattern), /'\.\.' segment/);
  });

  it('refuses every hostile path', () => {
    for (const input of [
      '../x',
      '/etc/passwd',
      '~/.ssh/id_rsa',
      'file:///etc/passwd',
      '%2e%2e/x',
      'C:\\Windows',
      '\\\\server\\share',
      'x\u0000y',
    ]) {
      refusal(input, checkGlobPattern);
    }
  });
});
