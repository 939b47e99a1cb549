// Playwright helpers for driving the VS Code workbench in code-server (used by ui-smoke.ts).
// Selectors are VS Code's own DOM classes; keep them here so a VS Code update is fixed in one place.
import type { Page } from 'playwright-core';

/** Waits until the workbench is up and the Explorer lists the workspace. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
}

/** Ctrl+P, type `fileName`, wait for it in the list, Enter. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Waits for the active tab to be `fileName` and its editor to render text. */
export async function waitForEditor(page: Page, fileName: string): Promise<void> {
  await page.locator('.tab.active', { hasText: fileName }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines .view-line').first().waitFor();
}

/** Ctrl+G, `line:column`, Enter: puts the cursor there in the active editor. */
export async function goToLine(page: Page, lineColumn: string): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${lineColumn}`); // ":" is the Go to Line prefix; fill() replaces the one Ctrl+G typed
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** A two-key chord such as Ctrl+K Ctrl+I. */
export async function runChord(page: Page, first: string, second: string): Promise<void> {
  await page.keyboard.press(first);
  await page.keyboard.press(second);
}

/** The status bar item an extension created with `createStatusBarItem(id, …)`. */
export function statusBarItem(page: Page, id: string) {
  return page.locator(`.statusbar-item[id$="${id}"]`);
}

/** F1, the command's title, Enter: runs a command from the Command Palette. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Picks the row containing `label` in the open quick pick. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor();
  await row.click();
}

/**
 * The document of the visible webview: VS Code nests it in two iframes (the host frame, then
 * `#active-frame` with the extension's HTML). Locators inside wait like any other.
 */
export function webview(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** A notification toast containing `text`. */
export function notification(page: Page, text: string) {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}
