// "Prompt Coach: Show Quality Dashboard": the command opens one dashboard panel per window and
// shows it again when it is behind an editor; the commit documents' scheme is registered. The page
// itself is driven in the UI run (ui-smoke.ts, step 09, in a git repository) and in Chromium
// (test/unit/dashboard-webview.test.ts): a webview's DOM is out of reach of the extension host API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, openDoc, waitForEvent } from './helpers';

const COMMAND = 'promptcoach.showDashboard';
const VIEW_TYPE = 'promptcoach.dashboard';
const TITLE = 'Prompt Quality';

/** The open dashboard tabs (VS Code prefixes the webview's view type). */
function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

/** Runs the command and waits until the dashboard is the active tab. */
async function showDashboard(): Promise<vscode.Tab> {
  const active = () => dashboardTabs().some((t) => t.isActive && t.label === TITLE);
  const shown = active() ? Promise.resolve() : waitForEvent(vscode.window.tabGroups.onDidChangeTabs, active, 'the dashboard tab, active');
  await vscode.commands.executeCommand(COMMAND);
  await shown;
  const tab = dashboardTabs().find((t) => t.isActive);
  assert.ok(tab, `no active dashboard tab among ${JSON.stringify(dashboardTabs().map((t) => t.label))}`);
  return tab;
}

describe('dashboard: Show Quality Dashboard', () => {
  afterEach(closeAllEditors);

  it('is a command of the palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND));
  });

  it('opens the panel, one per window, and brings it back from behind an editor', async () => {
    const tab = await showDashboard();
    assert.equal(tab.label, TITLE);
    await showDashboard();
    assert.equal(dashboardTabs().length, 1, 'the same panel, not a second one');

    // An editor in the same group hides the panel; the command shows the same panel again.
    await openDoc('AGENTS.md');
    assert.equal(dashboardTabs()[0]?.isActive, false);
    await showDashboard();
    assert.equal(dashboardTabs().length, 1);
  });

  it('provides the commit documents, and refuses a link it did not make', async () => {
    const uri = vscode.Uri.from({ scheme: 'promptcoach-commit', path: '/0000000000.diff', query: 'not json' });
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /^Unexpected commit link .*, expected one the Prompt Coach dashboard made/);
    const outside = vscode.Uri.from({
      scheme: 'promptcoach-commit',
      path: '/aaaaaaaaaa.diff',
      query: JSON.stringify({ root: '/', sha: 'a'.repeat(40), paths: [] }),
    });
    assert.match((await vscode.workspace.openTextDocument(outside)).getText(), /^Unexpected repository \/, expected the git repository of an open folder/);
  });
});
