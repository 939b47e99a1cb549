// The walkthrough "Get started with Prompt Coach" in a real VS Code: it is contributed, VS Code has
// every command it names, the buttons that ask nothing run, and "Open Sample Prompt" writes the
// sample once and opens it, never overwriting the operator's edits. Clicking through the page
// itself is the UI run's job (ui-smoke.ts, the walkthrough steps).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, readFile, removeFile, ruleOf, waitForEvent, waitForRule, workspaceFile, writeFile } from './helpers';

const EXTENSION_ID = 'promptcoach.prompt-coach';
const WALKTHROUGH_ID = 'promptcoach.gettingStarted';
const OPEN_SAMPLE = 'promptcoach.openSample';
const SAMPLE = 'prompts/prompt-coach-sample.prompt.md';
/** Buttons that open a quick pick or need the cursor on a finding: only checked to exist here. */
const ASKS = new Set(['promptcoach.newFromTemplate', 'promptcoach.inspectOutput', 'promptcoach.selectCoachingLevel']);

interface Step {
  id: string;
  description: string;
  completionEvents?: string[];
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed`);
  return found;
}

function steps(): Step[] {
  const walkthroughs = (extension().packageJSON as { contributes: { walkthroughs?: { id: string; steps: Step[] }[] } }).contributes.walkthroughs ?? [];
  const walkthrough = walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(walkthrough, `the extension contributes no walkthrough ${WALKTHROUGH_ID}`);
  return walkthrough.steps;
}

/** The command links of a description (`command:toSide:id?args`), with their decoded arguments. */
function buttons(step: Step): { id: string; args: unknown[] }[] {
  return [...step.description.matchAll(/\]\(command:(?:toSide:)?([^)?\s]+)(?:\?([^)\s]+))?\)/g)].map((m) => {
    const args: unknown = m[2] === undefined ? [] : JSON.parse(decodeURIComponent(m[2]));
    return { id: m[1] as string, args: Array.isArray(args) ? args : [args] };
  });
}

describe('walkthrough', () => {
  afterEach(closeAllEditors);
  after(() => removeFile(SAMPLE));

  it('is contributed, and VS Code has every command it names', async () => {
    const named = new Set<string>();
    for (const step of steps()) {
      for (const b of buttons(step)) named.add(b.id);
      for (const e of step.completionEvents ?? []) if (e.startsWith('onCommand:')) named.add(e.slice('onCommand:'.length));
    }
    assert.ok(named.has(OPEN_SAMPLE));
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual([...named].filter((id) => !registered.has(id)), [], 'commands the walkthrough names that VS Code does not have');
  });

  it('Open Sample Prompt writes the sample into the first folder and opens it, with its findings', async () => {
    await removeFile(SAMPLE);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(OPEN_SAMPLE);
    assert.equal(uri?.toString(), workspaceFile(SAMPLE).toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const shipped = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension().extensionUri, 'media/walkthrough/prompt-coach-sample.prompt.md')),
    );
    assert.equal(await readFile(SAMPLE), shipped);

    // What the steps "Read a finding" and "Fix the sample" point at.
    const diagnostics = await waitForRule(uri, 'unresolved-placeholder', 30_000);
    const key = diagnostics.find((d) => ruleOf(d) === 'frontmatter-invalid');
    assert.ok(key, `a finding on the misspelt key; found ${JSON.stringify(diagnostics.map(ruleOf))}`);
    assert.equal(key.range.start.line, 3);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, key.range);
    assert.ok(actions.some((a) => a.title === "Rename the key to 'tools'"), JSON.stringify(actions.map((a) => a.title)));
  });

  it('Open Sample Prompt opens an existing sample as it is, never overwriting it', async () => {
    const edited = '# My own prompt\n\nThe operator changed the sample; running the command again keeps this.\n';
    await writeFile(SAMPLE, edited);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(OPEN_SAMPLE);
    assert.equal(uri?.toString(), workspaceFile(SAMPLE).toString());
    assert.equal(await readFile(SAMPLE), edited);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    // The previous test's document may still be in memory: it takes the text on disk when VS Code
    // sees the change. Subscribed before the check, so a change in between is not missed.
    const synced = waitForEvent(vscode.workspace.onDidChangeTextDocument, (e) => e.document === editor.document && e.document.getText() === edited, 'the sample to show the text on disk');
    if (editor.document.getText() === edited) synced.catch(() => undefined);
    else await synced;
  });

  it('runs each button that asks nothing, with the arguments of its link', async () => {
    const ran: string[] = [];
    for (const step of steps()) {
      for (const { id, args } of buttons(step)) {
        if (ASKS.has(id)) continue;
        await vscode.commands.executeCommand(id, ...args);
        ran.push(id);
      }
    }
    await vscode.commands.executeCommand('workbench.action.closePanel'); // the Problems panel
    assert.deepEqual(ran.sort(), ['promptcoach.openSample', 'promptcoach.showDashboard', 'workbench.action.openSettings', 'workbench.actions.view.problems']);
  });
});
