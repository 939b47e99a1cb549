/**
 * The "Get started with Prompt Coach" walkthrough (package.json `contributes.walkthroughs`, its
 * images and sample in media/walkthrough/): its own command, "Prompt Coach: Open Sample Prompt",
 * and the context keys that check off the steps whose point is a result, not a command run: the
 * sample fixed, an inspection recorded.
 */
import * as vscode from 'vscode';
import { uriExists } from './fs';
import { DIAGNOSTIC_SOURCE } from '../server/protocol';
import { onDidRecordInspection } from './inspection/view';

export const OPEN_SAMPLE_COMMAND = 'promptcoach.openSample';
/** Where the sample goes, in the first workspace folder: a folder the default `files` globs check. */
export const SAMPLE_PATH = 'prompts/prompt-coach-sample.prompt.md';
/** The sample as the .vsix ships it; test/unit/walkthrough.test.ts checks that it has the findings the steps describe. */
const SAMPLE_SOURCE = 'media/walkthrough/prompt-coach-sample.prompt.md';
/**
 * The completion events of the steps whose point is a result, not a command run. Each key is true
 * for a moment only (see `pulse`):
 * - the open sample, which had findings, has none left: "Fix the sample";
 * - an inspection panel of this window recorded a decision:
 *   "Inspect the agent's output and record your decision".
 */
export const SAMPLE_CLEAN_CONTEXT = 'promptcoach.sampleClean';
export const INSPECTION_RECORDED_CONTEXT = 'promptcoach.inspectionRecorded';

export function registerWalkthrough(extensionUri: vscode.Uri): vscode.Disposable[] {
  /** Per open sample: whether the server's last report on it had findings. */
  const hadFindings = new Map<string, boolean>();
  return [
    vscode.commands.registerCommand(OPEN_SAMPLE_COMMAND, () => openSample(extensionUri)),
    vscode.languages.onDidChangeDiagnostics((e) => {
      for (const uri of e.uris) if (isSample(uri)) checkSample(uri, hadFindings);
    }),
    // The panel that writes a record says so: no watcher on every workspace, no polling of files.
    onDidRecordInspection(() => void pulse(INSPECTION_RECORDED_CONTEXT)),
  ];
}

/**
 * Writes the sample into the first workspace folder unless it is there already (the operator's
 * edits are never overwritten), and opens it. Resolves with its URI; without a folder, says so,
 * offers to open one and resolves with undefined.
 */
async function openSample(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const viewColumn = sampleColumn();
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const open = 'Open Folder…';
    // Not awaited: the command is done; the button works whenever it is clicked.
    void vscode.window
      .showInformationMessage('Prompt Coach: open a folder first. The sample prompt is written into it, next to your own prompts.', open)
      .then((picked) => (picked === open ? vscode.commands.executeCommand('vscode.openFolder') : undefined));
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, ...SAMPLE_PATH.split('/'));
  if (!(await uriExists(uri))) {
    const text = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...SAMPLE_SOURCE.split('/')));
    // createDirectory has mkdirp semantics; writeFile does not promise to create the folder.
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, text);
  }
  await vscode.window.showTextDocument(uri, { preview: false, viewColumn });
  return uri;
}

/**
 * The group the sample opens in, decided before anything is awaited: the walkthrough checks its
 * step as the command starts and takes the focus back, so "the active group" changes under us.
 * The link's "toSide" has made an editor group beside the page active: that one. From the page
 * itself (its tab is no text editor: the page was too narrow for "toSide"): the column right of it,
 * so the next steps stay in view. Otherwise (the Command Palette) the active group.
 */
function sampleColumn(): vscode.ViewColumn {
  const group = vscode.window.tabGroups.activeTabGroup;
  const onPage = group.activeTab !== undefined && group.activeTab.input === undefined;
  return onPage ? ((group.viewColumn + 1) as vscode.ViewColumn) : group.viewColumn;
}

function isSample(uri: vscode.Uri): boolean {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder !== undefined && uri.toString() === vscode.Uri.joinPath(folder.uri, ...SAMPLE_PATH.split('/')).toString();
}

/** Pulses SAMPLE_CLEAN_CONTEXT when the open sample goes from findings to none. */
function checkSample(uri: vscode.Uri, hadFindings: Map<string, boolean>): void {
  const key = uri.toString();
  // The server clears a closed file's findings, and other extensions (VS Code's own prompt file
  // checks) publish on the same file: neither is a fix, so only an open sample that had findings counts.
  if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
  const findings = vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
  const had = hadFindings.get(key) === true;
  hadFindings.set(key, findings > 0);
  if (had && findings === 0) void pulse(SAMPLE_CLEAN_CONTEXT);
}

/**
 * Sets the context key and clears it again: what happened is an event, not a state. VS Code takes a
 * key that is already true when it registers the walkthrough (it may do so only when the page
 * first opens) as an event seen, and then never checks the step off in that window.
 */
async function pulse(key: string): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, true);
  await vscode.commands.executeCommand('setContext', key, false);
}
