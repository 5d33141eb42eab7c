/**
 * The Research Copilot panel as seen from the test: the webview frame of one run (two iframes deep
 * inside the workbench) and what its header and rows show. Selectors follow webview/header.ts,
 * webview/rowView.ts and webview/virtualList.ts.
 */
import type { Frame, Page } from 'playwright-core';

export type PanelStatus = 'running' | 'done' | 'stopped' | 'failed';

/** The frame of the panel whose question contains `tag`. */
export async function panelFrame(page: Page, tag: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  const probe = `(() => { const q = document.querySelector('.hdr .question'); return !!q && q.textContent.includes(${JSON.stringify(tag)}); })()`;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if (await frame.evaluate(probe)) return frame;
      } catch {
        /* a frame that navigated or went away while we looked */
      }
    }
    if (Date.now() > deadline) throw new Error(`no Research Copilot panel for ${tag} after ${timeoutMs} ms`);
    await page.waitForTimeout(150); // polling interval between frame scans
  }
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
