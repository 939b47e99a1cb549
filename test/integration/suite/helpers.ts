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
