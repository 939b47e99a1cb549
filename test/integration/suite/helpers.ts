// Helpers for tests running inside the extension host. Wait on events with a timeout, never sleep.
import * as vscode from 'vscode';

/** The URI of `relPath` inside the (single) workspace folder the runner opened. */
export function workspaceFile(relPath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relPath.split('/'));
}

/** Opens `relPath` from the workspace and shows it in the active editor; returns its document. */
export async function openDoc(relPath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relPath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Resolves with the diagnostics of `uri` as soon as `predicate` holds for them (checked now and on
 * every `onDidChangeDiagnostics` that touches `uri`); rejects after `timeoutMs`, saying what it
 * last saw.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Subscribe before the first check, so a change between the two is not missed.
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const done = (): void => {
      subscription.dispose();
      if (timer) clearTimeout(timer);
    };
    const check = (): void => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (predicate(diagnostics)) {
        done();
        resolve(diagnostics);
      }
    };
    timer = setTimeout(() => {
      done();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${describeCode(d.code)}: ${d.message}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics on ${key}; last seen: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    check();
  });
}

function describeCode(code: vscode.Diagnostic['code']): string {
  if (code === undefined) return '(no code)';
  return typeof code === 'object' ? String(code.value) : String(code);
}

// ───────────────────────── Prompt Coach specifics ─────────────────────────

/** `source` of every diagnostic the extension publishes. */
export const SOURCE = 'Prompt Coach';

/** The rule id of a diagnostic (its `code.value`, or the code itself). */
export function ruleOf(diagnostic: vscode.Diagnostic): string {
  return describeCode(diagnostic.code);
}

/** Only the diagnostics Prompt Coach published (other extensions, e.g. JSON, add their own). */
export function ours(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => d.source === SOURCE);
}

/** Waits until Prompt Coach's diagnostics on `uri` satisfy `predicate` (ignores other sources). */
export function waitForOurs(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (ds) => predicate(ours(ds)), timeoutMs).then(ours);
}

/** Waits until a diagnostic of `ruleId` is on `uri`; resolves with Prompt Coach's diagnostics. */
export function waitForRule(uri: vscode.Uri, ruleId: string, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return waitForOurs(uri, (ds) => ds.some((d) => ruleOf(d) === ruleId), timeoutMs);
}

/** Waits until no diagnostic of `ruleId` is on `uri`. */
export function waitForNoRule(uri: vscode.Uri, ruleId: string, timeoutMs = 15_000): Promise<vscode.Diagnostic[]> {
  return waitForOurs(uri, (ds) => !ds.some((d) => ruleOf(d) === ruleId), timeoutMs);
}

/**
 * Resolves with the first value `event` fires that satisfies `predicate`; rejects after `timeoutMs`
 * naming `what`. Subscribe-then-act: call it before doing what fires the event.
 */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Writes `text` to `relPath` in the workspace (creating folders) and returns its URI. */
export async function writeFile(relPath: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relPath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Reads `relPath` from disk (not from an open buffer). */
export async function readFile(relPath: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(relPath)));
}

/** Deletes `relPath` (a file or a folder) from the workspace, if it is there. */
export async function removeFile(relPath: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(workspaceFile(relPath), { recursive: true, useTrash: false });
  } catch (err) {
    if (!(err instanceof vscode.FileSystemError && err.code === 'FileNotFound')) throw err;
  }
}

/** Replaces the whole text of an open document through a WorkspaceEdit (not saved). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${doc.uri.toString()}`);
}

/**
 * Reverts every unsaved document, then closes every editor, so the next test starts from a clean
 * window (closing a dirty editor would wait on a "Save changes?" dialog nobody answers).
 */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The text of a hover's contents, whatever form each part has. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
}

/** A completion item's label as text. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}
