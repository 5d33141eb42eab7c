import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep } from '../../src/node/ripgrep';
import type { Tool, ToolContext, ToolResult } from '../../src/agent/tool';
import type { WriteApproval } from '../../src/agent/approvals';
import { createWorkspaceTools } from '../../src/tools/workspace/index';

import { createFixture, SECRET, snapshot, type Fixture } from './workspaceFixture';

const RG = findRipgrep();

let fx: Fixture;
let tools: Record<string, Tool>;
before(async () => {
  fx = await createFixture();
  tools = byName(new NodeWorkspace(fx.root, { ripgrep: false }));
});
after(() => fx.cleanup());

function byName(ws: NodeWorkspace): Record<string, Tool> {
  return Object.fromEntries(createWorkspaceTools(ws).map((t) => [t.name, t]));
}

function context(answer = true): ToolContext & { requests: WriteApproval[] } {
  const requests: WriteApproval[] = [];
  return {
    signal: new AbortController().signal,
    requests,
    approve: async (request) => (request.kind === 'write' && requests.push(request), answer),
  };
}

async function call(name: string, input: unknown, ctx = context()): Promise<ToolResult> {
  return tools[name].execute(input as Record<string, unknown>, ctx);
}

function assertError(result: ToolResult, pattern: RegExp): void {
  assert.equal(result.isError, true, `expected an error, got: ${result.content}`);
  assert.match(result.content, pattern);
}

describe('createWorkspaceTools', () => {
  it('offers six workspace tools in order, with schemas and descriptions', () => {
    const list = createWorkspaceTools(new NodeWorkspace(fx.root, { ripgrep: false }));
    assert.deepEqual(
      list.map((t) => t.name),
      ['list_directory', 'find_files', 'search_text', 'read_file', 'write_file', 'edit_file'],
    );
    for (const tool of list) {
      assert.equal(tool.server, 'workspace');
      assert.equal(tool.schema.type, 'object');
      assert.ok(tool.description.length > 80, tool.name);
    }
    assert.match(list[1].description, /without a slash matches file names at any depth/);
  });
});

describe('hostile paths, through every tool', () => {
  const hostile = [
    '../x',
    '../../etc/passwd',
    '/etc/passwd',
    '~/.ssh/id_rsa',
    '~',
    'file:///etc/passwd',
    '%2e%2e/%2e%2e/etc/passwd',
    '%252e%252e/x',
    '..%2fsecret',
    'a/../../x',
    '..\\..\\x',
    'C:\\Windows',
    '\\\\server\\share',
    'x\u0000y',
  ];
  const linkEscapes = ['evil', 'evil/passwd', 'chain/passwd', 'outlink/secret.txt', 'secretlink', 'inlink/../outlink/secret.txt'];
  const writeEscapes = ['evil/rc-probe-should-not-exist', 'outlink/new.txt', 'outlink/sub/new.txt', 'secretlink', 'dangling'];

  const calls: Array<[string, (path: string) => Record<string, unknown>]> = [
    ['list_directory', (path) => ({ path })],
    ['find_files', (pattern) => ({ pattern })],
    ['search_text', (include) => ({ query: 'needle', include })],
    ['read_file', (path) => ({ path })],
    ['write_file', (path) => ({ path, content: 'PWNED' })],
    ['edit_file', (path) => ({ path, old_text: 'root', new_text: 'PWNED' })],
  ];

  it('refuses each one as an error observation naming the problem, touching nothing', async () => {
    const before = await snapshot(fx.base);
    for (const [name, input] of calls) {
      for (const path of hostile) {
        const ctx = context(true);
        const result = await call(name, input(path), ctx);
        assertError(result, /refused: it (climbs out|is absolute|is an absolute Windows path|starts with '~'|looks like a URL|contains)/);
        assert.deepEqual(ctx.requests, [], `${name} asked for approval of ${JSON.stringify(path)}`);
      }
    }
    assert.deepEqual(await snapshot(fx.base), before);
    assert.ok(!existsSync(join(fx.base, 'x')));
  });

  it('refuses symbolic links that lead outside, for reads and listings', async () => {
    for (const path of linkEscapes) {
      for (const name of ['list_directory', 'read_file', 'edit_file']) {
        const result = await call(name, { path, old_text: 'root', new_text: 'x' });
        assertError(result, /is a symbolic link that leads outside the workspace|is a file, not a folder/);
        assert.ok(!result.content.includes(SECRET) && !result.content.includes('root:x:0'), result.content);
      }
    }
  });

  it('refuses writes through outside links before asking, creating nothing', async () => {
    const before = await snapshot(fx.base);
    for (const path of writeEscapes) {
      for (const [name, input] of calls.slice(4)) {
        const ctx = context(true);
        assertError(await call(name, input(path), ctx), /symbolic link (that leads outside the workspace|whose target does not exist)/);
        assert.deepEqual(ctx.requests, []);
      }
    }
    assert.deepEqual(await snapshot(fx.base), before);
    assert.ok(!existsSync('/etc/rc-probe-should-not-exist'));
  });

  it('never shows what lies behind an outside link in finds and searches', async () => {
    for (const pattern of ['outlink/**', '**/secret.txt', '**/passwd', 'evil/*']) {
      const result = await call('find_files', { pattern });
      assert.match(result.content, /^No files match/);
    }
    for (const ws of [new NodeWorkspace(fx.root, { ripgrep: false }), ...(RG ? [new NodeWorkspace(fx.root, { ripgrep: RG })] : [])]) {
      const search = byName(ws).search_text;
      for (const query of [SECRET, 'root:x:0']) {
        const result = await search.execute({ query }, context());
        assert.match(result.content, /^No matches/);
      }
    }
  });
});

describe('list_directory', () => {
  it('lists folders first, marks links, hides ignored entries', async () => {
    const result = await call('list_directory', {});
    assert.equal(result.isError, undefined);
    const lines = result.content.split('\n');
    assert.equal(lines[0], 'Folder "." (2 folders, 2 files, 7 links):');
    assert.deepEqual(lines.slice(1, 5), ['docs/', 'src/', '.gitignore (27 B)', 'README.md (24 B)']);
    assert.ok(lines.includes('evil@ (symbolic link)'));
    assert.ok(lines.includes('README.md (24 B)'));
    assert.ok(!result.content.includes('node_modules') && !result.content.includes('debug.log') && !result.content.includes('.git/'));
  });

  it('reports an empty folder and a file given as a folder', async () => {
    await mkdir(join(fx.root, 'empty'), { recursive: true });
    assert.equal((await call('list_directory', { path: 'empty' })).content, 'Folder "empty" is empty.');
    assertError(await call('list_directory', { path: 'README.md' }), /is a file, not a folder; use read_file/);
    assertError(await call('list_directory', { path: 'nope' }), /"nope" does not exist/);
  });
});

describe('find_files', () => {
  it('matches at any depth without a slash, and by whole path with one', async () => {
    const deep = await call('find_files', { pattern: '**/*.ts' });
    const anyDepth = await call('find_files', { pattern: '*.ts' });
    assert.equal(deep.content, anyDepth.content);
    assert.deepEqual(deep.content.split('\n'), ['src/a.ts', 'src/b.ts', 'src/nested/kept.ts', '[3 files]']);
    assert.deepEqual((await call('find_files', { pattern: 'src/*.ts' })).content.split('\n').slice(0, -1), ['src/a.ts', 'src/b.ts']);
  });

  it('says when results were truncated', async () => {
    const result = await call('find_files', { pattern: '**', max_results: 2 });
    assert.equal(result.content.split('\n').length, 3);
    assert.match(result.content, /\[first 2 matches shown; more exist\. Narrow the pattern or raise max_results \(at most 1000\)\.\]$/);
  });

  it('reports no match and validates max_results', async () => {
    assert.match((await call('find_files', { pattern: '*.nothing' })).content, /^No files match "\*\.nothing"/);
    assertError(await call('find_files', { pattern: '*', max_results: 5000 }), /find_files: argument "max_results" must be at most 1000/);
    assertError(await call('find_files', { pattern: '*', max_results: 0 }), /must be at least 1/);
    assertError(await call('find_files', { pattern: '*', max_results: 2.5 }), /must be an integer/);
    assertError(await call('find_files', {}), /find_files: missing required argument "pattern" \(string\)/);
  });
});

const engines = [
  { name: 'ripgrep', ws: () => new NodeWorkspace(fx.root, { ripgrep: RG ?? '' }), skip: RG ? false : 'rg is not installed' },
  { name: 'builtin', ws: () => new NodeWorkspace(fx.root, { ripgrep: false }), skip: false },
];

for (const engine of engines) {
  describe(`search_text (${engine.name})`, { skip: engine.skip }, () => {
    const search = (input: Record<string, unknown>) => byName(engine.ws()).search_text.execute(input, context());

    it('prints path:line: text, sorted, with a footer naming the engine', async () => {
      const result = await search({ query: 'needle', include: 'src/*.ts' });
      assert.equal(
        result.content,
        [
          'src/a.ts:1: export const a = 1; // needle',
          'src/a.ts:2: -dash needle',
          'src/a.ts:3: const call = needle(1);',
          'src/b.ts:2: needle twice needle',
          `[4 matching lines in 2 files; engine: ${engine.name}]`,
        ].join('\n'),
      );
    });

    it('supports regex and literal modes and a query starting with "-"', async () => {
      assert.match((await search({ query: 'needle(1)' })).content, /^src\/a\.ts:3: /);
      assert.match((await search({ query: 'NEEDLE \\w+', regex: true })).content, /^docs\/notes\.md:2: NEEDLE upper\n/);
      assert.match((await search({ query: '-dash' })).content, /^src\/a\.ts:2: -dash needle\n/);
    });

    it('says when truncated', async () => {
      const result = await search({ query: 'needle', max_results: 2 });
      assert.match(result.content, new RegExp(`\\[truncated: first 2 matching lines shown, more exist; engine: ${engine.name}\\.`));
    });

    it('hides gitignored files', async () => {
      const result = await search({ query: 'needle' });
      for (const hidden of ['debug.log', 'node_modules', 'generated.ts', 'build/', '.git'])
        assert.ok(!result.content.includes(hidden), hidden);
    });

    it('turns an invalid regex, an empty query and a line break into error observations', async () => {
      assertError(await search({ query: 'needle(', regex: true }), /^Invalid regular expression "needle\(":/);
      assertError(await search({ query: '' }), /must not be empty/);
      assertError(await search({ query: 'a\nb' }), /must not contain a line break/);
      assertError(await search({ query: 'x', regex: 'yes' }), /argument "regex" must be true or false/);
    });
  });
}

describe('read_file', () => {
  before(async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`);
    await writeFile(join(fx.root, 'big.txt'), lines.join('\n') + '\n');
    await writeFile(join(fx.root, 'wide.txt'), Array.from({ length: 100 }, () => 'w'.repeat(1000)).join('\n'));
    await writeFile(join(fx.root, 'empty.txt'), '');
    await writeFile(join(fx.root, 'pic.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  });

  it('pages a long file with numbered lines and a footer', async () => {
    const first = (await call('read_file', { path: 'big.txt' })).content.split('\n');
    assert.equal(first.length, 401);
    assert.equal(first[0], '    1| line 1');
    assert.equal(first[399], '  400| line 400');
    assert.equal(first[400], '[lines 1-400 of 1000; call read_file with start_line=401 for more]');
    const second = (await call('read_file', { path: 'big.txt', start_line: 401 })).content.split('\n');
    assert.equal(second[0], '  401| line 401');
    assert.equal(second.at(-1), '[lines 401-800 of 1000; call read_file with start_line=801 for more]');
    const last = (await call('read_file', { path: 'big.txt', start_line: 801 })).content.split('\n');
    assert.equal(last.at(-1), '[lines 801-1000 of 1000; end of file]');
  });

  it('shows a line range, and a short file whole without a footer', async () => {
    assert.equal(
      (await call('read_file', { path: 'big.txt', start_line: 10, end_line: 12 })).content,
      '   10| line 10\n   11| line 11\n   12| line 12\n[lines 10-12 of 1000; call read_file with start_line=13 for more]',
    );
    assert.equal((await call('read_file', { path: 'README.md' })).content, '    1| # Demo\n    2| needle in readme');
    assert.match(
      (await call('read_file', { path: 'big.txt', start_line: 990, end_line: 5000 })).content,
      /\[lines 990-1000 of 1000; end of file\]$/,
    );
  });

  it('stops a page at about 40,000 characters', async () => {
    const result = (await call('read_file', { path: 'wide.txt' })).content;
    assert.ok(result.length <= 41_000, String(result.length));
    assert.match(result, /\[lines 1-39 of 100; call read_file with start_line=40 for more\]$/);
  });

  it('reports bad ranges, binary, empty, folder and missing files', async () => {
    assertError(
      await call('read_file', { path: 'big.txt', start_line: 2000 }),
      /start_line 2000 is beyond the end of big\.txt, which has 1000 lines/,
    );
    assertError(await call('read_file', { path: 'big.txt', start_line: 5, end_line: 2 }), /end_line \(2\) is before start_line \(5\)/);
    assertError(
      await call('read_file', { path: 'big.txt', start_line: '5' }),
      /argument "start_line" must be an integer, got the string "5"/,
    );
    assertError(await call('read_file', { path: 'big.txt', start_line: 0 }), /must be at least 1/);
    assert.equal(
      (await call('read_file', { path: 'pic.png' })).content,
      'pic.png is a binary file (PNG image, 12 B); its content is not shown.',
    );
    assert.equal((await call('read_file', { path: 'empty.txt' })).content, 'empty.txt is empty (0 bytes).');
    assertError(await call('read_file', { path: 'src' }), /"src" is a folder; use list_directory/);
    assertError(await call('read_file', { path: 'missing.txt' }), /"missing.txt" does not exist/);
    assertError(await call('read_file', {}), /read_file: missing required argument "path"/);
    assertError(await call('read_file', 'big.txt'), /arguments must be a JSON object/);
  });

  it('reads a gitignored file when asked for it by path', async () => {
    assert.equal((await call('read_file', { path: 'debug.log' })).content, '    1| needle in log');
    assert.equal((await call('read_file', { path: 'node_modules/pkg/index.js' })).content, '    1| needle in deps');
  });
});

describe('write_file', () => {
  it('asks first and, when approved, creates the file and its folders', async () => {
    const ctx = context(true);
    const result = await call('write_file', { path: './notes/2024/plan.md', content: 'a\nb\n' }, ctx);
    assert.equal(result.content, 'Created notes/2024/plan.md (2 lines, 4 bytes).');
    assert.deepEqual(ctx.requests, [
      {
        kind: 'write',
        tool: 'write_file',
        path: 'notes/2024/plan.md',
        summary: 'Create notes/2024/plan.md (2 lines)',
        before: undefined,
        after: 'a\nb\n',
      },
    ]);
    assert.equal(await readFile(join(fx.root, 'notes/2024/plan.md'), 'utf8'), 'a\nb\n');
    const again = context(true);
    await call('write_file', { path: 'notes/2024/plan.md', content: 'c' }, again);
    assert.equal(again.requests[0]?.before, 'a\nb\n');
    assert.equal(await readFile(join(fx.root, 'notes/2024/plan.md'), 'utf8'), 'c');
  });

  it('leaves the disk alone when denied', async () => {
    const result = await call('write_file', { path: 'denied/new.txt', content: 'x' }, context(false));
    assertError(result, /^The user denied write_file to denied\/new\.txt\. The file was not changed/);
    assert.ok(!existsSync(join(fx.root, 'denied')));
    assertError(await call('write_file', { path: 'README.md', content: 'gone' }, context(false)), /denied/);
    assert.equal(await readFile(join(fx.root, 'README.md'), 'utf8'), '# Demo\nneedle in readme\n');
  });

  it('validates its arguments', async () => {
    assertError(await call('write_file', { path: 'a.txt' }), /write_file: missing required argument "content" \(string\)/);
    assertError(await call('write_file', { path: 'a.txt', content: 5 }), /argument "content" must be a string, got number 5/);
    assertError(await call('write_file', { path: '.', content: 'x' }), /must name a file/);
  });
});

describe('edit_file', () => {
  before(() => writeFile(join(fx.root, 'edit.ts'), 'const x = 1;\nconst y = 2;\nconst x2 = 1;\n'));

  it('replaces text that occurs exactly once, after approval', async () => {
    const ctx = context(true);
    const result = await call('edit_file', { path: 'edit.ts', old_text: 'const y = 2;', new_text: 'const y = 3;' }, ctx);
    assert.equal(result.content, 'Edited edit.ts at line 2: replaced 1 lines with 1 lines.');
    assert.equal(ctx.requests[0]?.before, 'const x = 1;\nconst y = 2;\nconst x2 = 1;\n');
    assert.equal(ctx.requests[0]?.after, 'const x = 1;\nconst y = 3;\nconst x2 = 1;\n');
    assert.equal(await readFile(join(fx.root, 'edit.ts'), 'utf8'), 'const x = 1;\nconst y = 3;\nconst x2 = 1;\n');
  });

  it('states the count when old_text occurs zero or several times', async () => {
    assertError(
      await call('edit_file', { path: 'edit.ts', old_text: 'const z', new_text: 'q' }),
      /old_text was not found in edit\.ts \(0 occurrences\)/,
    );
    assertError(
      await call('edit_file', { path: 'edit.ts', old_text: ' = 1;', new_text: ' = 5;' }),
      /old_text occurs 2 times in edit\.ts; it must occur exactly once/,
    );
  });

  it('leaves the file unchanged when denied', async () => {
    const before = await readFile(join(fx.root, 'edit.ts'), 'utf8');
    assertError(
      await call('edit_file', { path: 'edit.ts', old_text: 'const y = 3;', new_text: 'boom' }, context(false)),
      /^The user denied edit_file to edit\.ts\./,
    );
    assert.equal(await readFile(join(fx.root, 'edit.ts'), 'utf8'), before);
  });

  it('refuses missing files, empty or unchanged old_text, and binary files', async () => {
    assertError(await call('edit_file', { path: 'nope.ts', old_text: 'a', new_text: 'b' }), /nope\.ts does not exist; use write_file/);
    assertError(await call('edit_file', { path: 'edit.ts', old_text: '', new_text: 'b' }), /must not be empty/);
    assertError(await call('edit_file', { path: 'edit.ts', old_text: 'x', new_text: 'x' }), /nothing would change/);
    assertError(await call('edit_file', { path: 'pic.png', old_text: 'PNG', new_text: 'x' }), /binary file/);
    assertError(await call('edit_file', { path: 'edit.ts', old_text: 'a' }), /missing required argument "new_text"/);
  });
});
