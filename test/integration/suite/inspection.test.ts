// "Prompt Coach: Inspect Output…": the command with arguments (the explorer's, so no quick pick)
// opens the inspection panel; the same files show the same panel. The page itself is driven in
// the UI run (ui-smoke.ts, step 06) and in Chromium (test/unit/inspection-webview.test.ts): a
// webview's DOM is out of reach of the extension host API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, waitForEvent, workspaceFile } from './helpers';

const COMMAND = 'promptcoach.inspectOutput';
const VIEW_TYPE = 'promptcoach.inspection';

/** The open inspection tabs (VS Code prefixes the webview's view type). */
function inspectionTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

/** Runs the command and waits until an inspection tab labelled `label` is open. */
async function inspect(label: string, ...args: unknown[]): Promise<vscode.Tab> {
  const existing = inspectionTabs().find((t) => t.label === label);
  const opened = existing
    ? Promise.resolve()
    : waitForEvent(vscode.window.tabGroups.onDidChangeTabs, () => inspectionTabs().some((t) => t.label === label), `the tab "${label}"`);
  const key: unknown = await vscode.commands.executeCommand(COMMAND, ...args);
  assert.equal(typeof key, 'string', 'the command resolves with the panel key');
  await opened;
  const tab = inspectionTabs().find((t) => t.label === label);
  assert.ok(tab, `no tab "${label}" among ${JSON.stringify(inspectionTabs().map((t) => t.label))}`);
  return tab;
}

describe('inspection: Inspect Output…', () => {
  afterEach(closeAllEditors);

  it('is a command of the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
  });

  it('opens the panel for the file the explorer passes, once per set of files', async () => {
    const file = workspaceFile('src/billing/invoice.ts');
    const tab = await inspect('Inspect invoice.ts', file, [file]);
    assert.equal(tab.isActive, true);
    await inspect('Inspect invoice.ts', file, [file]);
    assert.equal(inspectionTabs().length, 1, 'the same files show the same panel');
  });

  it('opens one panel for a multi-selection, leaving out folders', async () => {
    const files = [workspaceFile('AGENTS.md'), workspaceFile('docs'), workspaceFile('CLAUDE.md')];
    await inspect('Inspect 2 Files', files[0], files);
  });

  it('opens nothing for a folder alone', async () => {
    const key: unknown = await vscode.commands.executeCommand(COMMAND, workspaceFile('docs'), [workspaceFile('docs')]);
    assert.equal(key, undefined);
    assert.equal(inspectionTabs().length, 0);
  });
});
