/** Editor actions the end-to-end tests perform the way a user does: keyboard, Settings editor, tabs. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runCommand, typeIntoQuickInput } from '../../../tools/e2e/driver';
import { until, type Session } from './session';

export async function selectLine(s: Session, line: number): Promise<void> {
  await s.page.keyboard.press('Control+G');
  await typeIntoQuickInput(s.page, `:${line}`);
  await s.page.keyboard.press('Home');
  await s.page.keyboard.press('Shift+End');
}

/** Sets a string setting the way a user does: the Settings editor, search, type into its box. */
export async function setStringSetting(s: Session, key: string, title: string, value: string): Promise<void> {
  const box = (await findSetting(s, key, title)).locator('input').first();
  await box.waitFor({ timeout: 15_000 });
  await box.fill(value);
  await box.press('Tab');
  await settingSaved(s, key, (v) => (v ?? '') === value, `"${value}"`);
  await focusEditor(s, 'doc.md');
}

/** Ticks or unticks a boolean setting the way a user does: the Settings editor, search, its checkbox. */
export async function setBooleanSetting(s: Session, key: string, title: string, value: boolean): Promise<void> {
  const box = (await findSetting(s, key, title)).locator('.setting-value-checkbox').first();
  await box.waitFor({ timeout: 15_000 });
  if ((await box.getAttribute('aria-checked')) !== String(value)) await box.click();
  await settingSaved(s, key, (v) => (v ?? true) === value, String(value));
}

/** Opens the Settings editor on `key`; the setting's row. */
async function findSetting(s: Session, key: string, title: string) {
  await runCommand(s.page, 'Preferences: Open User Settings');
  const search = s.page
    .locator('.settings-editor .settings-header .suggest-input-container textarea, .settings-editor .settings-header input')
    .first();
  await search.waitFor({ timeout: 15_000 });
  await search.focus();
  await s.page.keyboard.press('Control+A');
  await s.page.keyboard.type(key);
  return s.page.locator('.settings-editor .setting-item-contents', { hasText: title });
}

/** Waits until settings.json holds the value, then closes the Settings editor. */
async function settingSaved(s: Session, key: string, holds: (v: unknown) => boolean, what: string): Promise<void> {
  await until(`${key} = ${what} in settings.json`, () => {
    try {
      return holds(s.userSettings()[key]);
    } catch {
      return false; // caught while VS Code rewrites it
    }
  });
  await s.page.locator('.tabs-container .tab.active', { hasText: 'Settings' }).locator('.codicon-close').click();
}

/** Waits for the active editor to have unsaved changes (the edit landed), then saves it with Ctrl+S. */
export async function save(s: Session): Promise<void> {
  await s.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'attached', timeout: 15_000 });
  await s.page.keyboard.press('Control+S');
  await s.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
}

/**
 * Puts the keyboard focus back into the editor of `name` (e.g. after clicking in a webview). The editor
 * takes keys in a textarea (VS Code 1.100) or an EditContext element (1.139).
 */
export async function focusEditor(s: Session, name: string): Promise<void> {
  await s.page.locator('.tabs-container .tab', { hasText: name }).first().click();
  await s.page.locator('.editor-instance .monaco-editor textarea, .editor-instance .monaco-editor .native-edit-context').first().focus();
}

/**
 * Waits until `file` on disk differs from `before` and is not empty, and returns it: a save writes the
 * file over, so a read can land on it empty in between.
 */
export function changedOnDisk(file: string, before: string): Promise<string> {
  return until(`${basename(file)} to change on disk`, () => {
    const now = readFileSync(file, 'utf8');
    return now !== before && now !== '' && now;
  });
}
