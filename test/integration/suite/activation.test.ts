// The extension activates in a real VS Code and registers every command package.json contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDoc, waitForRule } from './helpers';

const EXTENSION_ID = 'promptcoach.prompt-coach';
const COMMANDS = [
  'promptcoach.lintWorkspace',
  'promptcoach.explainRule',
  'promptcoach.createConfig',
  'promptcoach.restartServer',
  'promptcoach.showOutput',
  'promptcoach.showProblems',
  'promptcoach.inspectOutput',
  'promptcoach.showDashboard',
  'promptcoach.openSample',
  'promptcoach.newFromTemplate',
  'promptcoach.selectCoachingLevel',
];

describe('activation', () => {
  it('is active once a prompt file is open, and its server reports on it', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const doc = await openDoc('.github/prompts/write-tests.prompt.md');
    // Diagnostics from the server prove activation went all the way: client started, server up.
    await waitForRule(doc.uri, 'unresolved-placeholder', 30_000);
    assert.equal(extension.isActive, true);
  });

  it('registers its commands, the same list package.json contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((c) => c.command)
      .sort();
    assert.deepEqual(contributed, [...COMMANDS].sort());
  });
});
