/**
 * search_text over ripgrep cuts the tree into consecutive parts in path order and runs one
 * `rg --sort path` per part group at once (src/node/ripgrepPlan.ts, ripgrepOrdered.ts). These tests
 * pin that the cut changes nothing: the parts together hold exactly the files of the walk (nested
 * .gitignore files, anchored root patterns, negations, hidden and binary files), any number of
 * processes gives the lines of one `rg --sort path .`, truncation is exact at every count, the
 * search stops the later processes once the first lines are known, and an abort kills them all.
 * The stopping and killing tests hand the search a wrapper around the real rg that notes each
 * process id and stands still (exec sleep) for the parts it is told to hang on.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ToolError } from '../../src/agent/tool';
import { IgnoreRules } from '../../src/node/gitignore';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { findRipgrep, RG_FILE_FLAGS } from '../../src/node/ripgrep';
import { planSearch } from '../../src/node/ripgrepPlan';
import { walk } from '../../src/node/walk';

const RG = findRipgrep();
const LATE = 'hit before the NUL\n' + 'y\n'.repeat(100_000) + '\0\nhit after the NUL\n';

async function write(root: string, rel: string, text: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), text);
}

async function makeTree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rc-rg-split-'));
  const files: Record<string, string> = {
    '.gitignore': '*.log\n!keep.log\n/build\nsrc/gen/*.ts\n.secret/\n',
    'README.md': 'hit readme\nneedle one\n',
    'top.log': 'hit ignored\n',
    'keep.log': 'hit kept log\n',
    'build/out.js': 'hit ignored build\n',
    'src/build/in.js': 'hit not the root build\n',
    '.hidden/h.txt': 'hit hidden\nneedle hidden\n',
    '.secret/s.txt': 'hit secret\n',
    'src/a.ts': 'hit a\nneedle a\nhit a again\n',
    'src/gen/x.ts': 'hit generated\n',
    'src/gen/y.js': 'hit generated js\n',
    'src/deep/more/m.ts': 'needle deep\nhit deep\n',
    'lib/.gitignore': '*.tmp\n!important.tmp\n/local\n',
    'lib/a.tmp': 'hit tmp\n',
    'lib/important.tmp': 'hit important\n',
    'lib/local/x.ts': 'hit lib local\n',
    'lib/sub/local/y.ts': 'hit lib sub local\n',
    'top-nul.bin': 'hit early\n\0binary\nhit past\n',
    'late-nul.txt': LATE,
    'many/early-nul.bin': 'hit early\n\0binary\nhit past\n',
    'many/late-nul.txt': LATE,
    '.git/config': 'hit git\n',
  };
  for (let i = 0; i < 40; i++) files[`many/d${i % 6}/${i % 2 ? 'q/' : ''}f-${i}.txt`] = `hit ${i}\nmiss\n${i % 4 ? '' : `needle ${i}\n`}`;
  for (const [rel, text] of Object.entries(files)) await write(root, rel, text);
  await symlink(join(root, 'src'), join(root, 'link'));
  return root;
}

/** The files rg lists for a plan, part after part: what the processes would search. */
function listed(root: string, groups: string[][], includeIgnored: boolean, ignoreFile?: string): string[] {
  const flags = [...RG_FILE_FLAGS, ...(includeIgnored ? ['--no-ignore'] : []), ...(ignoreFile ? ['--ignore-file', ignoreFile] : [])];
  return groups.flatMap((group) => {
    const out = spawnSync(RG as string, ['--files', '--sort', 'path', ...flags, '--glob', '!.git', '--', ...group], {
      cwd: root,
      encoding: 'utf8',
    });
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map((p) => p.replace(/^\.\//, ''));
  });
}

describe('ripgrep search cut into parts', { skip: RG ? false : 'rg is not installed' }, () => {
  let root: string;
  before(async () => {
    root = await makeTree();
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('cuts the tree into parts that hold exactly the files of the walk, in its order', async () => {
    for (const includeIgnored of [false, true]) {
      const rules = new IgnoreRules(root);
      const walked: string[] = [];
      for await (const rel of walk(root, { rules, includeIgnored })) walked.push(rel);
      for (const processes of [2, 3, 8]) {
        const plan = await planSearch(root, { rules, includeIgnored, processes });
        const label = `${processes} processes, includeIgnored ${includeIgnored}`;
        assert.ok(plan.groups.length > 1, label);
        assert.deepEqual(listed(root, plan.groups, includeIgnored, plan.ignoreFile), walked, label);
        const paths = plan.groups.flat();
        assert.ok(
          paths.some((p) => p.split('/').length > 3),
          `folders below the root are cut too: ${label}`,
        );
        if (!includeIgnored) {
          assert.ok(paths.includes('./lib'), 'a folder with its own .gitignore is handed over whole');
          assert.equal(plan.ignoreFile, './.gitignore');
        }
      }
    }
  });

  it('gives the lines of one rg --sort path over the tree, for any number of processes', async () => {
    const one = new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 1 });
    const builtin = new NodeWorkspace(root, { ripgrep: false });
    for (const options of [{}, { include: '*.ts' }, { include: 'src/**' }, { include: '*.log' }, { includeIgnored: true }]) {
      const full = { regex: false, maxResults: 500, ...options };
      const expected = await one.search('hit', full);
      assert.ok(expected.matches.length > 0, JSON.stringify(options));
      for (const processes of [2, 3, 8]) {
        const split = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: processes }).search('hit', full);
        assert.deepEqual(split, expected, `${JSON.stringify(options)}, ${processes} processes`);
      }
      // Text files only: the builtin engine agrees too.
      const needle = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 3 }).search('needle', full);
      assert.deepEqual({ ...needle, engine: '' }, { ...(await builtin.search('needle', full)), engine: '' }, JSON.stringify(options));
    }
  });

  it('treats a NUL byte alike in a file handed over by name and in a walked folder', async () => {
    const result = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 8 }).search('hit', { regex: false, maxResults: 500 });
    const of = (path: string) => result.matches.filter((m) => m.path === path).map((m) => m.text);
    assert.deepEqual(of('top-nul.bin'), [], 'a NUL in the first read: the file is binary');
    assert.deepEqual(of('many/early-nul.bin'), []);
    assert.deepEqual(of('late-nul.txt'), ['hit before the NUL'], 'a late NUL: the lines before it stay');
    assert.deepEqual(of('many/late-nul.txt'), ['hit before the NUL']);
  });

  it('truncates exactly at every count, wherever the parts end', async () => {
    const all = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 1 }).search('needle', { regex: false, maxResults: 500 });
    const split = new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 3 });
    for (let max = 1; max <= all.matches.length + 1; max++) {
      const cut = await split.search('needle', { regex: false, maxResults: max });
      assert.deepEqual(cut.matches, all.matches.slice(0, max), `max ${max}`);
      assert.equal(cut.truncated, all.matches.length > max, `max ${max}`);
    }
  });

  it('refuses a bad regex with several processes, and with nothing to search', async () => {
    const bad = (ws: NodeWorkspace) =>
      assert.rejects(
        ws.search('hit(', { regex: true, maxResults: 5 }),
        (e: unknown) => e instanceof ToolError && /Invalid regular expression/.test(e.message),
      );
    await bad(new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 3 }));
    const empty = await mkdtemp(join(tmpdir(), 'rc-rg-empty-'));
    try {
      await bad(new NodeWorkspace(empty, { ripgrep: RG, searchProcesses: 3 }));
      assert.deepEqual(await new NodeWorkspace(empty, { ripgrep: RG, searchProcesses: 3 }).search('hit', { regex: false, maxResults: 5 }), {
        matches: [],
        truncated: false,
        engine: 'ripgrep',
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('searches the tree whole when the root .gitignore is a link (rg would follow it, the plan does not)', async () => {
    const linked = await mkdtemp(join(tmpdir(), 'rc-rg-linked-'));
    try {
      await write(linked, 'rules', '*.log\n');
      await write(linked, 'a/x.log', 'hit\n');
      await write(linked, 'b/y.txt', 'hit\n');
      await symlink(join(linked, 'rules'), join(linked, '.gitignore'));
      const plan = await planSearch(linked, { rules: new IgnoreRules(linked), includeIgnored: false, processes: 4 });
      assert.deepEqual(plan.groups, [['.']]);
      const found = await new NodeWorkspace(linked, { ripgrep: RG, searchProcesses: 4 }).search('hit', { regex: false, maxResults: 5 });
      assert.deepEqual(
        found.matches.map((m) => m.path),
        ['b/y.txt'],
      );
    } finally {
      await rm(linked, { recursive: true, force: true });
    }
  });
});

describe('ripgrep processes end with the search', { skip: RG && process.platform !== 'win32' ? false : 'needs rg and /bin/sh' }, () => {
  let root: string;
  let dir: string;
  before(async () => {
    root = await makeTree();
    await write(root, 'zz-slow/last.txt', 'hit last\n');
    dir = await mkdtemp(join(tmpdir(), 'rc-rg-wrap-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * An rg that notes its process id (and the part it was handed, "last" for ./zz-slow's group), then
   * does what `cases` (the branches of a shell `case` on its arguments) says; `$RG` is the real rg.
   */
  async function wrapper(name: string, cases: string): Promise<{ rg: string; pids: (tag?: string) => Promise<number[]> }> {
    const rg = join(dir, name);
    const pidFile = join(dir, `${name}.pids`);
    await writeFile(pidFile, '');
    const tag = `case "$*" in *./zz-slow*) tag=last ;; *) tag=first ;; esac`;
    const script = `#!/bin/sh\nRG='${RG}'\n${tag}\necho "$$ $tag" >> '${pidFile}'\ncase "$*" in\n${cases}\nesac\nexec "$RG" "$@"\n`;
    await writeFile(rg, script);
    await chmod(rg, 0o755);
    const pids = async (only?: string) =>
      (await readFile(pidFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' '))
        .filter(([, t]) => only === undefined || t === only)
        .map(([pid]) => Number(pid));
    return { rg, pids };
  }

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('stops the processes of later parts once the first lines are known', { timeout: 120_000 }, async () => {
    const plan = await planSearch(root, { rules: new IgnoreRules(root), includeIgnored: false, processes: 2 });
    assert.ok(plan.groups.at(-1)?.some((p) => p.startsWith('./zz-slow')) && !plan.groups[0]?.some((p) => p.startsWith('./zz-slow')));
    const { rg, pids } = await wrapper('rg-hang-last', `*./zz-slow*) exec sleep 300 ;;`);
    const expected = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 1 }).search('hit', { regex: false, maxResults: 3 });
    // The last part never ends: the search returns only because it stops that process itself.
    const result = await new NodeWorkspace(root, { ripgrep: rg, searchProcesses: 2 }).search('hit', { regex: false, maxResults: 3 });
    assert.deepEqual(result, expected);
    const started = await pids();
    assert.equal(started.length, 2);
    assert.deepEqual(started.filter(alive), []);
  });

  it('stops a later part as soon as it holds enough lines, while an earlier one still runs', { timeout: 120_000 }, async () => {
    // The first part starts late; the last prints its lines, then never ends on its own.
    const { rg, pids } = await wrapper('rg-first-late', `*./zz-slow*) "$RG" "$@"; exec sleep 300 ;;\n*) sleep 10 ;;`);
    const expected = await new NodeWorkspace(root, { ripgrep: RG, searchProcesses: 1 }).search('hit', { regex: false, maxResults: 1 });
    const search = new NodeWorkspace(root, { ripgrep: rg, searchProcesses: 2 }).search('hit', { regex: false, maxResults: 1 });
    let last: number[] = [];
    for (let i = 0; i < 400 && last.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      last = await pids('last');
    }
    assert.equal(last.length, 1, 'the last part started');
    for (let i = 0; i < 400 && alive(last[0] as number); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(!alive(last[0] as number), 'the last part was stopped');
    const first = await pids('first');
    assert.ok(first.length === 1 && alive(first[0] as number), 'while the first part was still running');
    assert.deepEqual(await search, expected);
    assert.deepEqual([...first, ...last].filter(alive), []);
  });

  it('kills every running rg when the search is aborted', { timeout: 120_000 }, async () => {
    const { rg, pids } = await wrapper('rg-hang-all', `*) exec sleep 300 ;;`);
    const controller = new AbortController();
    const search = new NodeWorkspace(root, { ripgrep: rg, searchProcesses: 3 }).search('hit', {
      regex: false,
      maxResults: 5,
      signal: controller.signal,
    });
    const rejected = assert.rejects(search, (e: unknown) => (e as Error).name === 'AbortError');
    for (let i = 0; i < 600 && (await pids()).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const started = await pids();
    assert.equal(started.length, 3, 'three processes were running');
    assert.deepEqual(
      started.filter((pid) => !alive(pid)),
      [],
      'all still running before the abort',
    );
    controller.abort();
    await rejected;
    assert.deepEqual(started.filter(alive), [], 'none outlives the search');
    assert.equal((await pids()).length, 3, 'no process started after the abort');
  });
});
