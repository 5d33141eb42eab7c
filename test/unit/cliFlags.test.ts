/**
 * The CLI's one flag parser (src/cli/flags.ts): every command's usage is generated from its flag table,
 * so each row shows up there with its value name and default, and each kind of flag parses as its kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flag, parseLine, read, usageOf, UsageError, type CommandSpec } from '../../src/cli/flags';
import { ASK, parseAskArgs } from '../../src/cli/args';
import { DOCTOR } from '../../src/cli/doctor';
import { EXPORT } from '../../src/cli/exportCommand';
import { EVAL, EVAL_MERGE } from '../../src/cli/evalArgs';
import { COMMANDS, helpText } from '../../src/cli/main';

/** The flags a usage text documents: its option lines. */
function documented(usage: string): string[] {
  return [...usage.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).sort();
}

test('every flag in the table is in the usage text, and every documented flag is in the table', () => {
  for (const spec of [ASK, DOCTOR, EXPORT, EVAL, EVAL_MERGE] as CommandSpec<never>[]) {
    assert.deepEqual(spec.flags.map((f) => f.name as string).sort(), documented(usageOf(spec)), spec.name);
  }
});

interface Planted {
  count?: number;
  loud?: boolean;
  tags?: string[];
}
const p = flag<Planted>();
const PLANTED: CommandSpec<Planted> = {
  name: 'planted',
  synopsis: '[options] THING',
  about: 'A command made up for this test.',
  flags: [
    p({ name: '--count', kind: 'value', value: 'N', help: 'how many', default: 3, key: 'count', read: read.int(1) }),
    p({ name: '--loud', kind: 'switch', help: 'shout', key: 'loud', read: read.present }),
    p({ name: '--tag', kind: 'list', value: 'T', help: 'a tag (repeatable)', key: 'tags', read: read.all }),
  ],
};

test('the generator prints each row with its value name, help and default, aligned, in table order', () => {
  assert.equal(
    usageOf(PLANTED),
    [
      'Usage: research-copilot planted [options] THING',
      '',
      'A command made up for this test.',
      '',
      'Options:',
      '  --count N                  how many (default 3)',
      '  --loud                     shout',
      '  --tag T                    a tag (repeatable)',
    ].join('\n'),
  );
});

test('each kind of flag parses as its kind: a value, a switch, a repeatable value; others are refused', () => {
  const planted = parseLine(PLANTED, ['--count=7', '--loud', '--tag', 'a', '--tag=b', 'x', '--', '--count'], {}, '/w');
  assert.deepEqual(planted.fields, { count: 7, loud: true, tags: ['a', 'b'] });
  assert.deepEqual(planted.positional, ['x', '--count']);
  const env = { RESEARCH_COPILOT_MODEL: 'm' };
  const args = parseAskArgs(['--max-turns=7', '--json', '--allow-tool', 'a/*', '--allow-tool=b/x', 'q'], env, '/w');
  assert.equal(args.command, 'ask');
  assert.equal(args.maxTurns, 7);
  assert.equal(args.json, true);
  assert.deepEqual(args.allowTools, ['a/*', 'b/x']);
  assert.equal(args.question, 'q');
  assert.throws(
    () => parseAskArgs(['--max-turns'], env, '/w'),
    (e) => e instanceof UsageError && /needs a value/.test(e.message),
  );
  assert.throws(
    () => parseAskArgs(['--bogus', 'q'], env, '/w'),
    (e) => e instanceof UsageError && /unknown option/.test(e.message),
  );
});

test("the help is every command's generated usage, and every command is in it", () => {
  const help = helpText();
  for (const c of COMMANDS) assert.ok(help.includes(c.usage), c.name);
  assert.deepEqual(
    COMMANDS.map((c) => c.name),
    ['ask', 'doctor', 'export', 'check-findings', 'eval', 'eval merge'],
  );
});
