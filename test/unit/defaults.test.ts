/**
 * One table of defaults (src/agent/defaults.ts, through src/host/settings.ts): package.json's
 * contributed settings, its Language Model Tools, and README's settings list must agree with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS, limitsFrom } from '../../src/agent/defaults';
import { SETTING_DEFAULTS, settingsFrom } from '../../src/host/settings';
import { LM_TOOL_NAMES, LM_TOOL_PREFIX } from '../../src/host/editorTools/lmToolNames';
import { createWorkspaceTools } from '../../src/tools/workspace/index';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { EVAL, parseEvalArgs } from '../../src/cli/evalArgs';
import { usageOf } from '../../src/cli/flags';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown }> }; languageModelTools: { name: string }[] };
};
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

test("package.json contributes every setting, each with the table's default", () => {
  const contributed = pkg.contributes.configuration.properties;
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
    const entry = contributed[`researchCopilot.${key}`];
    assert.ok(entry, `researchCopilot.${key} is not contributed in package.json`);
    assert.deepEqual(entry.default, value, `researchCopilot.${key}: package.json says ${JSON.stringify(entry.default)}`);
  }
});

test("settings read with nothing set are the defaults, and their limits are the loop's", () => {
  const settings = settingsFrom((_key, fallback) => fallback);
  assert.deepEqual(limitsFrom(settings), limitsFrom());
  assert.equal(settings.sandbox.timeoutMs, DEFAULTS.sandbox.timeoutMs);
  assert.equal(settings.search.provider, DEFAULTS.search.provider);
});

test('the Language Model Tools in package.json are exactly the registered ones, and each is a real workspace tool', () => {
  assert.deepEqual(
    pkg.contributes.languageModelTools.map((t) => t.name),
    LM_TOOL_NAMES.map((n) => LM_TOOL_PREFIX + n),
  );
  const real = new Set(createWorkspaceTools(new NodeWorkspace(ROOT)).map((t) => t.name));
  for (const name of LM_TOOL_NAMES) assert.ok(real.has(name), `${name} is not a workspace tool`);
});

test("README's settings list names every numeric default as the table has it", () => {
  const numeric: [string, number][] = [
    ['maxTurns', DEFAULTS.maxTurns],
    ['keepToolResults', DEFAULTS.keepToolResults],
    ['maxToolResultChars', DEFAULTS.maxToolResultChars],
    ['contextWindow', DEFAULTS.contextWindow],
    ['sandbox.timeoutMs', DEFAULTS.sandbox.timeoutMs],
    ['sandbox.memoryMb', DEFAULTS.sandbox.memoryMb],
  ];
  for (const [key, value] of numeric) {
    const m = new RegExp('`' + key.replace('.', '\\.') + '` \\(([\\d,]+)\\)').exec(readme);
    assert.ok(m, `README does not list \`${key}\` with its default`);
    assert.equal(Number(m[1].replace(/,/g, '')), value, `README says ${key} (${m[1]})`);
  }
  for (const key of Object.keys(SETTING_DEFAULTS)) assert.ok(readme.includes('`' + key + '`'), `README does not mention \`${key}\``);
});

test('every setting package.json contributes is in the table (the other direction)', () => {
  for (const key of Object.keys(pkg.contributes.configuration.properties)) {
    assert.ok(key.startsWith('researchCopilot.'), key);
    assert.ok(key.slice('researchCopilot.'.length) in SETTING_DEFAULTS, `${key} is contributed but not in SETTING_DEFAULTS`);
  }
});

test('the evaluation defaults come from the table: the eval command, its help text, and the editor settings', () => {
  const parsed = parseEvalArgs(
    ['tasks.jsonl'],
    { RESEARCH_COPILOT_MODEL: 'm', RESEARCH_COPILOT_BASE_URL: 'http://127.0.0.1:1/v1' },
    '/tmp',
  );
  assert.equal(parsed.command, 'eval');
  if (parsed.command !== 'eval') return;
  assert.deepEqual(parsed.caps, [...DEFAULTS.eval.caps]);
  assert.equal(parsed.samples, DEFAULTS.eval.samples);
  assert.equal(parsed.concurrency, DEFAULTS.eval.concurrency);
  assert.match(usageOf(EVAL), new RegExp(`--budgets LIST .*\\(default ${DEFAULTS.eval.caps.join(',')}\\)`));
  assert.match(usageOf(EVAL), new RegExp(`--attempts N .*\\(default ${DEFAULTS.eval.samples}\\)`));
  assert.match(usageOf(EVAL), new RegExp(`--concurrency C .*\\(default ${DEFAULTS.eval.concurrency}\\)`));
  assert.deepEqual(SETTING_DEFAULTS['eval.budgets'], DEFAULTS.eval.caps);
  assert.equal(SETTING_DEFAULTS['eval.attempts'], DEFAULTS.eval.samples);
  assert.equal(SETTING_DEFAULTS['eval.concurrency'], DEFAULTS.eval.concurrency);
});
