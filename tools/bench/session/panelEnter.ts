/**
 * From Enter in the panel's question box to the follow-up's first request, in a real VS Code
 * (code-server) against the scripted model over HTTP: the time Enter is pressed (in the webview) and
 * the time the request reaches the model (in the model's server), both wall clocks of this machine.
 * Between them: the webview posts the question, the host checks it, reads the session back from its
 * file, sets up the tools and builds the record. Measured on a fresh session of one question and on a
 * long one (the headless part's trajectory, copied into the extension's runs folder).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { answerCommand, runCommand, typeIntoQuickInput } from '../../e2e/driver';
import { panelFrame, waitForStatus } from '../../../test/e2e/helpers/panel';
import { call, type TurnContext } from '../../../test/e2e/helpers/scriptedModel';
import { startSession, until } from '../../../test/e2e/helpers/session';

export interface EnterSample {
  session: string;
  turnsBefore: number;
  fileMb: number;
  ms: number;
}

/** When the last follow-up's first request arrived at the model. */
let arrived: number | undefined;

function scenario(t: TurnContext) {
  if (t.question.includes('## Follow-up question')) {
    if (t.step === 0) arrived = Date.now();
    return { content: 'Noted: it is computed in src/file0.ts:1.' };
  }
  return t.step === 0 ? call('read_file', { path: 'src/file0.ts' }) : { content: 'It is computed in src/file0.ts:1.' };
}

/** Asks `question` in the panel's box `times` times, timing Enter → the follow-up's first request each time. */
async function timeFollowUps(
  frame: Frame,
  label: string,
  times: number,
  turnsBefore: number,
  fileMb: () => number,
): Promise<EnterSample[]> {
  const out: EnterSample[] = [];
  for (let i = 0; i < times; i++) {
    const box = frame.locator('#ask-box');
    await until('the question box to be enabled', async () => !(await box.isDisabled()), 120_000);
    await box.fill(`Where else is it computed, round ${i + 1}? [e2e:big]`);
    await frame.evaluate(
      `document.querySelector('#ask-box').addEventListener('keydown', () => { window.enterAt = Date.now(); }, { once: true, capture: true })`,
    );
    const before = fileMb();
    arrived = undefined;
    await box.press('Enter');
    const at = await until('the follow-up to reach the model', () => arrived, 120_000);
    const enterAt = (await frame.evaluate('window.enterAt')) as number;
    out.push({ session: label, turnsBefore: turnsBefore + i, fileMb: before, ms: at - enterAt });
    await waitForStatus(frame, 'done', 120_000);
  }
  return out;
}

export async function timeEnterToRequest(
  bigFile: string,
  bigTurns: number,
  fileMb: (path: string) => number,
  times = 5,
): Promise<EnterSample[]> {
  const s = await startSession({
    files: { 'src/file0.ts': 'export const value = 1;\n' },
    scenarios: { big: scenario },
  });
  try {
    await runCommand(s.page, 'Research Copilot: Ask About This Codebase');
    await typeIntoQuickInput(s.page, 'How is the value computed? [e2e:big] (fresh)');
    let frame = await panelFrame(s.page, '(fresh)', 60_000);
    await waitForStatus(frame, 'done', 60_000);
    const fresh = s.run('(fresh)')!.path;
    const samples = await timeFollowUps(frame, 'fresh', times, 1, () => fileMb(fresh));
    // The long session: its trajectory into the runs folder, opened from Show Runs as a user would.
    const big = join(s.runsDir, 'session-bench-0001.jsonl');
    copyFileSync(bigFile, big);
    await answerCommand(s.page, 'Research Copilot: Show Runs', 'Question 1: how is the value computed');
    frame = await panelFrame(s.page, 'Question 1: how is the value computed', 60_000);
    await waitForStatus(frame, 'done', 60_000);
    samples.push(...(await timeFollowUps(frame, 'long', times, bigTurns, () => fileMb(big))));
    await s.shot('bench-session-long');
    return samples;
  } finally {
    await s.close();
  }
}
