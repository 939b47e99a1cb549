// The extension activates in a real VS Code and registers every command package.json contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ACTIVATION_TIMES_COMMAND, type ActivationTimes } from '../../../src/extension/activationTimes';
import type { PromptCoachApi } from '../../../src/extension/extension';
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

  it("records how long it took, from the bundle's first statement to the end of activate", async () => {
    const extension = vscode.extensions.getExtension<PromptCoachApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const times = (await extension.activate()).activationTimes();
    assert.ok(times, 'the exports hold no activation times once activated');
    // The same figures through the internal command the benchmark could use, which the palette does not offer.
    assert.deepEqual(await vscode.commands.executeCommand<ActivationTimes>(ACTIVATION_TIMES_COMMAND), times);
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(!contributed.includes(ACTIVATION_TIMES_COMMAND), `${ACTIVATION_TIMES_COMMAND} is contributed, so the palette offers it`);
    // The host runs the bundle: the banner ran before activate, so loading the modules took time.
    assert.ok(times.moduleMs > 0, `module evaluation ${times.moduleMs} ms`);
    assert.ok(times.activateMs > 0, `activate ${times.activateMs} ms`);
    assert.ok(Math.abs(times.totalMs - times.moduleMs - times.activateMs) <= 0.2, `${times.totalMs} ms is not ${times.moduleMs} + ${times.activateMs} ms`);
    // Sane: measured from the bundle, not from the start of the process; even a slow machine is well under this.
    assert.ok(times.totalMs < 5_000, `activation took ${times.totalMs} ms`);
  });
});
