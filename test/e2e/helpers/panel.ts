/**
 * The Research Copilot panel as seen from the test: the webview frame of one run (two iframes deep
 * inside the workbench) and what its header and rows show. Selectors follow webview/header.ts,
 * webview/rowView.ts and webview/virtualList.ts.
 */
import type { Frame, Page } from 'playwright-core';
import { findFrame } from '../../../tools/e2e/driver';

export type PanelStatus = 'running' | 'done' | 'stopped' | 'failed';

/** The frame of the panel whose question contains `tag`. */
export function panelFrame(page: Page, tag: string, timeoutMs = 30_000): Promise<Frame> {
  const probe = `(() => { const q = document.querySelector('.hdr .question'); return !!q && q.textContent.includes(${JSON.stringify(tag)}); })()`;
  return findFrame(page, probe, `a Research Copilot panel for ${tag}`, timeoutMs);
}

export async function panelStatus(frame: Frame): Promise<PanelStatus | undefined> {
  return ((await frame.getAttribute('.hdr .status-icon', 'data-status').catch(() => null)) ?? undefined) as PanelStatus | undefined;
}

export async function waitForStatus(frame: Frame, status: PanelStatus, timeoutMs = 30_000): Promise<void> {
  await frame.locator(`.hdr .status-icon[data-status="${status}"]`).waitFor({ state: 'attached', timeout: timeoutMs });
}

/** The number in the header's "N tool calls". */
export async function headerToolCalls(frame: Frame): Promise<number> {
  const t = (await frame.locator('.hdr .stat').nth(1).innerText()).replace(/[,\s]/g, '');
  const m = /^(\d+)toolcalls?$/.exec(t);
  if (!m) throw new Error(`unexpected tool-call counter "${t}"`);
  return Number(m[1]);
}

export async function answerText(frame: Frame, timeoutMs = 30_000): Promise<string> {
  const answer = frame.locator('.row-answer');
  await answer.waitFor({ state: 'visible', timeout: timeoutMs });
  return answer.innerText();
}

/** Text of the rows now rendered by the virtualised list. */
export async function renderedRowsText(frame: Frame): Promise<string> {
  return (await frame.locator('[data-row]').allInnerTexts()).join('\n');
}

/** Indices of the rows now rendered. */
export async function renderedRowIndices(frame: Frame): Promise<number[]> {
  return frame.evaluate(`[...document.querySelectorAll('[data-row]')].map((e) => Number(e.dataset.row))`) as Promise<number[]>;
}

/** Clicks a vscode-button in the header by its id (`stop`, `insert-findings`). */
export async function clickHeaderButton(frame: Frame, id: 'stop' | 'insert-findings'): Promise<void> {
  await frame.locator(`#${id}:not([disabled])`).click();
}
