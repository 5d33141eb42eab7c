// The getting-started walkthrough in package.json against what the extension really offers: every button
// runs a command the extension contributes, every media file ships, the first step's buttons are exactly
// the "connect a model" actions the no-model message offers, and that message tells the same story as
// the `provider` setting and README about how VS Code's own models are chosen.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONNECT_MODEL_ACTIONS, GET_STARTED, HOW_TO_CONNECT, WALKTHROUGH_ID } from '../../src/host/connectModel';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; svg?: string };
}
const walkthroughs: { id: string; steps: Step[] }[] = pkg.contributes.walkthroughs;
const commands = new Map<string, string>(pkg.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));

/** The buttons of a step: lines of its description that are one `[label](command:id)` link. */
function buttons(step: Step): { title: string; command: string }[] {
  return step.description
    .split('\n')
    .map((line) => /^\[([^\]]+)\]\(command:([\w.]+)\)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ title: m[1], command: m[2] }));
}

test('the walkthrough id the extension opens is the one package.json contributes', () => {
  assert.equal(WALKTHROUGH_ID, `${pkg.publisher}.${pkg.name}#${walkthroughs[0].id}`);
  assert.equal(walkthroughs.length, 1);
});

test('five steps, in the order a new user needs them, each with a button that runs a contributed command', () => {
  const steps = walkthroughs[0].steps;
  assert.deepEqual(
    steps.map((s) => s.id),
    ['connectModel', 'askCodebase', 'researchSelection', 'insertFindings', 'showRuns'],
  );
  for (const step of steps) {
    const links = [...step.description.matchAll(/\(command:([^)]*)\)/g)].map((m) => m[1]);
    assert.ok(buttons(step).length >= 1, `${step.id} has a button`);
    assert.equal(buttons(step).length, links.length, `${step.id}: every command link is a button of its own line`);
    for (const b of buttons(step)) {
      assert.ok(commands.has(b.command), `${step.id}: ${b.command} is a contributed command`);
      assert.equal(b.title, commands.get(b.command), `${step.id}: the button says what the palette calls it`);
    }
    for (const file of Object.values(step.media)) assert.ok(existsSync(join(ROOT, file)), `${step.id}: ${file} exists`);
  }
  assert.deepEqual(
    steps.slice(1).map((s) => buttons(s)[0].command),
    ['researchCopilot.askCodebase', 'researchCopilot.researchThis', 'researchCopilot.insertFindings', 'researchCopilot.showRuns'],
  );
});

test('the first step offers exactly the connect-a-model actions of the no-model notification', () => {
  assert.deepEqual(buttons(walkthroughs[0].steps[0]), [...CONNECT_MODEL_ACTIONS]);
  assert.equal(commands.get(GET_STARTED.command), GET_STARTED.title);
});

test('the first step offers Choose Model (a preset connects a newcomer) and Test Connection, and either completes it', () => {
  const first = walkthroughs[0].steps[0] as Step & { completionEvents: string[] };
  const offered = buttons(first).map((b) => b.command);
  assert.equal(offered[0], 'researchCopilot.chooseModel', 'Choose Model comes first');
  assert.ok(offered.includes('researchCopilot.testConnection'), 'Test Connection is offered');
  for (const command of offered.filter((c) => c !== 'researchCopilot.openSettings'))
    assert.ok(first.completionEvents.includes(`onCommand:${command}`), `running ${command} completes the step`);
});

test('the media ship in the .vsix', () => {
  const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('!media/**'), '.vscodeignore keeps media/');
  assert.ok(pkg.activationEvents.includes('onStartupFinished'), 'the extension activates at startup, to offer the walkthrough once');
});

test('the no-model message, the provider setting and README agree on how VS Code models are chosen', () => {
  // The one truth (src/host/modelChoice.ts): provider "auto" uses the endpoint when baseUrl is set, else vscode.lm.
  const provider = pkg.contributes.configuration.properties['researchCopilot.provider'];
  assert.equal(provider.default, 'auto');
  assert.match(
    provider.markdownDescription,
    /`auto`: the OpenAI-compatible endpoint when `#researchCopilot.baseUrl#` is set, else a chat model VS Code offers/,
  );
  assert.match(HOW_TO_CONNECT, /leave "researchCopilot\.baseUrl" empty/);
  assert.doesNotMatch(HOW_TO_CONNECT, /set "researchCopilot\.provider" to "vscode-lm"/, 'no extra step the code does not need');
  assert.match(HOW_TO_CONNECT, /"Research Copilot: Set API Key"/);
  assert.match(HOW_TO_CONNECT, new RegExp(`"Research Copilot: ${GET_STARTED.title}"`));
  for (const a of CONNECT_MODEL_ACTIONS) assert.equal(commands.get(a.command), a.title, `${a.command} is contributed as "${a.title}"`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.match(readme, /With no endpoint set, a chat model VS Code itself offers/);
  assert.match(readme, /Research Copilot: Get Started/);
});

test('README (the Marketplace page) leads with the panel screenshot and the three ways to use it, before any table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const image = /!\[[^\]]*\]\((media\/[^)]+\.png)\)/.exec(readme);
  assert.ok(image, 'an image from media/');
  const file = join(ROOT, image[1]);
  assert.ok(existsSync(file), `${image[1]} exists`);
  assert.ok(statSync(file).size < 200 * 1024, `${image[1]} stays small (${statSync(file).size} B)`);
  const firstTable = readme.search(/^\|/m);
  const at = (s: string) => readme.indexOf(s);
  for (const way of ['**Research This**', '**Ask About This Codebase**', '**Insert Findings**']) {
    assert.ok(at(way) > image.index && at(way) < firstTable, `${way} between the screenshot and the first table`);
  }
  assert.ok(image.index < at('## The two commands'), 'the picture comes first');
  assert.match(readme, /npm ci && npm test/, 'the two commands stay');
});
