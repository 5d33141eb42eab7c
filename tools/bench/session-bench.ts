/**
 * Research sessions at length (issue 18): a first question and 30 follow-ups, each making 50 tool calls
 * whose results are about 8 KB, asked as the CLI and the panel ask them (the session read back from its
 * trajectory, the turn appended to it). Reports each follow-up's first request (its size stays within the
 * record's budget plus the fixed prompt, and flat once the oldest questions are folded), the CPU per tool
 * call, the heap, and, in a real VS Code, the time from Enter in the panel's box to the follow-up's first
 * request (on a fresh session and on the long one).
 *
 * Run (under the bench lock, after `npm run build`):
 *   flock /tmp/rc-bench.lock npm run bench:session [-- --follow-ups 30 --calls 50 --record-budget 16384 --enter 5 --no-panel]
 * The panel part starts code-server and Chromium: run it under the e2e lock too (flock /tmp/rc-e2e.lock).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../../src/agent/defaults';
import { machineLine, median, p95 } from './machine';
import { removeBenchFolder, runHeadlessSession, timeGuardPrime, type GuardPrime, type TurnFigures } from './session/headless';
import type { EnterSample } from './session/panelEnter';

const REPO = resolve(__dirname, '..', '..');

const { values } = parseArgs({
  options: {
    'follow-ups': { type: 'string', default: '30' },
    calls: { type: 'string', default: '50' },
    'record-budget': { type: 'string', default: String(DEFAULTS.session.recordBudget) },
    enter: { type: 'string', default: '5' },
    'no-panel': { type: 'boolean', default: false },
  },
});
const followUps = Number(values['follow-ups']);
const calls = Number(values.calls);
const recordBudget = Number(values['record-budget']);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadStart = load();
  const turns: TurnFigures[] = [];
  const heapMb = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const heapBefore = heapMb();
  const { file, workspace } = await runHeadlessSession({ followUps, calls, recordBudget, tag: '[e2e:big]' }, (f) => {
    turns.push(f);
    process.stderr.write(
      `turn ${f.turn}: first request ~${f.firstRequestTokens} tokens (record ${f.recordTokens}${f.folded ? `, folded 1–${f.foldedThrough}` : ''}), ${f.cpuMsPerCall.toFixed(2)} ms CPU/call, heap ${f.heapMb.toFixed(0)} MB\n`,
    );
  });
  const heapDropped = heapMb();
  const prime = timeGuardPrime(file, workspace);
  const loadHeadless = load();
  let enter: EnterSample[] = [];
  if (!values['no-panel']) {
    const { timeEnterToRequest } = await import('./session/panelEnter');
    enter = await timeEnterToRequest(file, followUps + 1, (p) => statSync(p).size / 2 ** 20, Number(values.enter));
  }
  const loadEnd = load();
  removeBenchFolder(workspace);
  const md = report({ turns, enter, prime, heapBefore, heapDropped, loadStart, loadHeadless, loadEnd });
  mkdirSync(join(REPO, 'bench-results'), { recursive: true });
  writeFileSync(join(REPO, 'bench-results', 'session.md'), md);
  process.stdout.write(md);
}

interface Report {
  turns: TurnFigures[];
  enter: EnterSample[];
  prime: GuardPrime;
  heapBefore: number;
  /** After the session, its events no longer held. */
  heapDropped: number;
  loadStart: string;
  loadHeadless: string;
  loadEnd: string;
}

function report(r: Report): string {
  const follow = r.turns.filter((t) => t.turn > 1);
  const firstFold = follow.find((t) => t.folded)?.turn;
  const after = follow.filter((t) => firstFold !== undefined && t.turn >= firstFold);
  const cpu = r.turns.map((t) => t.cpuMsPerCall);
  const last = r.turns.at(-1);
  const lines = [
    '# Research sessions: a first question and follow-ups',
    '',
    `Machine: ${machineLine()}.`,
    `Load average (1, 5, 15 min): ${r.loadStart} at the start, ${r.loadHeadless} after the headless part, ${r.loadEnd} at the end.` +
      (Number(r.loadStart.split(' ')[0]) > 3 ? ' The machine was busy (load > 3): times and CPU figures are inflated.' : ''),
    '',
    `Command: \`npm run bench:session -- --follow-ups ${followUps} --calls ${calls} --record-budget ${recordBudget}\`.`,
    `${followUps} follow-ups after a first question, each turn ${calls} read_file calls of about 8 KB each (real files, the real tool),`,
    'then an answer of about 3,500 characters citing three 5-line ranges; the model answers in-process at once (a fold gets a',
    "40-line summary), so the CPU is the agent's own: loop, tools, trajectory file, citation check, reading the session back",
    "from its file and building the follow-up's record. Token counts are estimates (characters / 3.5).",
    '',
    '## Each turn',
    '',
    '| turn | first request (est. tokens) | record (est. tokens) | folded through | session_turn → run_start (ms) | CPU per call (ms) | wall (s) | heap after GC (MB) | trajectory (MB) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.turns.map(
      (t) =>
        `| ${t.turn}${t.folded ? ' (fold)' : ''} | ${t.firstRequestTokens.toLocaleString('en-US')} | ${t.turn > 1 ? t.recordTokens.toLocaleString('en-US') : '–'} | ${t.foldedThrough || '–'} | ${t.turn > 1 ? t.prepMs : '–'} | ${t.cpuMsPerCall.toFixed(2)} | ${t.wallSeconds.toFixed(1)} | ${t.heapMb.toFixed(1)} | ${t.fileMb.toFixed(1)} |`,
    ),
    '',
    '## In short',
    '',
    `- Record budget ${recordBudget.toLocaleString('en-US')} tokens; the largest record carried: ${Math.max(...follow.map((t) => t.recordTokens)).toLocaleString('en-US')} tokens ` +
      `(${follow.every((t) => t.recordTokens <= recordBudget) ? 'every one within the budget' : 'OVER THE BUDGET'}).`,
    firstFold === undefined
      ? '- No fold happened: the record stayed under its budget.'
      : `- First fold before turn ${firstFold}; from then on the first request stayed between ${Math.min(...after.map((t) => t.firstRequestTokens)).toLocaleString('en-US')} and ${Math.max(...after.map((t) => t.firstRequestTokens)).toLocaleString('en-US')} tokens (folds at turns ${follow
          .filter((t) => t.folded)
          .map((t) => t.turn)
          .join(', ')}).`,
    ...flatness(r.turns, recordBudget, after),
    `- CPU per tool call (the turn's CPU over its calls: the loop, the tools, the trajectory, the citation check, and building the record; not reading the file back): median ${median(cpu).toFixed(2)} ms, p95 ${p95(cpu).toFixed(2)} ms; turn 1 ${cpu[0].toFixed(2)} ms, turn ${last?.turn} ${cpu.at(-1)?.toFixed(2)} ms.`,
    `- Heap after a full GC: ${r.heapBefore.toFixed(1)} MB before, ${r.turns[0].heapMb.toFixed(1)} MB after turn 1, ${last?.heapMb.toFixed(1)} MB after turn ${last?.turn} (trajectory ${last?.fileMb.toFixed(1)} MB on disk). ` +
      `Each turn's figure is taken while the session read back for that turn (every earlier event, as the CLI and the host hold it for a follow-up) is still held: ` +
      `once the session was let go, ${r.heapDropped.toFixed(1)} MB, so nothing a turn made outlives it.`,
    `- The egress guard indexes what earlier turns returned on a follow-up's first check of a call that leaves the machine (none in this workload): for the whole session, ${r.prime.results.toLocaleString('en-US')} results (${r.prime.resultMb.toFixed(1)} MB), that first check took ${Math.round(r.prime.ms).toLocaleString('en-US')} ms.`,
    '',
    ...enterSection(r.enter),
  ];
  return lines.join('\n') + '\n';
}

/** Why the first request is bounded: the record's budget plus the fixed prompt, and what a fold does to it. */
function flatness(turns: TurnFigures[], budget: number, after: TurnFigures[]): string[] {
  if (!after.length) return [];
  const fixed = turns[0].firstRequestTokens;
  const peak = (xs: TurnFigures[]) => Math.max(...xs.map((t) => t.firstRequestTokens));
  const half = Math.ceil(after.length / 2);
  return [
    `- The first request is the record plus the fixed prompt (system prompt, tool schemas and the question: turn 1's ${fixed.toLocaleString('en-US')} tokens), so at most ${(budget + fixed).toLocaleString('en-US')}. ` +
      `After the first fold it does not grow with the session: its peak was ${peak(after.slice(0, half)).toLocaleString('en-US')} tokens in the first half of the folded turns and ${peak(after.slice(half)).toLocaleString('en-US')} in the second. ` +
      'Between folds it climbs a turn at a time (a fold takes the record down to about half the budget; folding a little at every follow-up would keep it level, at the cost of a model call per follow-up).',
  ];
}

function enterSection(samples: EnterSample[]): string[] {
  if (!samples.length) return ['## Enter in the panel → the first request', '', 'Not measured (--no-panel).'];
  const by = (label: string) => samples.filter((s) => s.session === label);
  const row = (label: string) => {
    const xs = by(label);
    const ms = xs.map((x) => x.ms);
    return `| ${label} | ${xs[0].turnsBefore}–${xs.at(-1)!.turnsBefore} | ${xs[0].fileMb.toFixed(1)} | ${ms.join(', ')} | ${median(ms)} |`;
  };
  return [
    "## Enter in the panel → the follow-up's first request (real VS Code)",
    '',
    'code-server 4.100.3 with the packaged extension, Chromium driving the panel, the scripted model over HTTP on 127.0.0.1.',
    "Enter's time is taken in the webview, the request's arrival in the model's server (both this machine's wall clock).",
    'Between them: the webview posts the question, the host checks it, reads the session back from its trajectory file, sets up',
    "the tools, builds the record and sends the request. The long session is the headless part's, copied into the runs folder and",
    'opened from Show Runs.',
    '',
    '| session | questions before | trajectory (MB) | ms, each follow-up | median ms |',
    '|---|---:|---:|---|---:|',
    row('fresh'),
    row('long'),
  ];
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
