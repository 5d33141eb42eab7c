/**
 * The ask command's flag table (src/cli/args.ts FLAGS) and its usage text list the same flags: a flag
 * added to one and not the other fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAGS, USAGE, parseArgs, UsageError } from '../../src/cli/args';

/** The flags the usage text documents for `ask`: its "Options:" block, help and version aside. */
function documented(): string[] {
  const options = USAGE.slice(USAGE.indexOf('Options:'), USAGE.indexOf('The API key comes'));
  const names = [...options.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
  return names.filter((n) => n !== '--help' && n !== '--version').sort();
}

test('every flag in the table is in the usage text, and every documented flag is in the table', () => {
  assert.deepEqual(Object.keys(FLAGS).sort(), documented());
});

test('each kind of flag parses as its kind: a value, a switch, a repeatable value; others are refused', () => {
  const env = { RESEARCH_COPILOT_MODEL: 'm' };
  const args = parseArgs(['ask', '--max-turns=7', '--json', '--allow-tool', 'a/*', '--allow-tool=b/x', 'q'], env, '/w');
  assert.equal(args.command, 'ask');
  if (args.command !== 'ask') return;
  assert.equal(args.maxTurns, 7);
  assert.equal(args.json, true);
  assert.deepEqual(args.allowTools, ['a/*', 'b/x']);
  assert.equal(args.question, 'q');
  assert.throws(
    () => parseArgs(['ask', '--max-turns'], env, '/w'),
    (e) => e instanceof UsageError && /needs a value/.test(e.message),
  );
  assert.throws(
    () => parseArgs(['ask', '--bogus', 'q'], env, '/w'),
    (e) => e instanceof UsageError && /unknown option/.test(e.message),
  );
});
