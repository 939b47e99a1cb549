/**
 * "Prompt Coach: Inspect Output…" and the inspection panel's serializer. Register from
 * `activate` before anything is awaited, so VS Code can restore open panels after a reload.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Target } from '../../webview/inspection/protocol';
import { InspectionPanel, VIEW_TYPE, type PanelDeps } from './panel';
import { InspectionStore } from './store';
import { pickTargets, targetsOf, urisFromArgs } from './targets';

export const INSPECT_COMMAND = 'promptcoach.inspectOutput';

export function registerInspection(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const deps: PanelDeps = { extensionUri: context.extensionUri, client, store: new InspectionStore(context.workspaceState), output };
  return [
    vscode.commands.registerCommand(INSPECT_COMMAND, (...args: unknown[]) => inspectOutput(deps, args)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => InspectionPanel.revive(deps, panel, state),
    }),
  ];
}

/**
 * With the explorer's `(uri, uris)` (or a URI or URIs from elsewhere): those files. Without: asks
 * what to inspect. Resolves with the panel's key, or undefined when nothing was opened.
 */
async function inspectOutput(deps: PanelDeps, args: readonly unknown[]): Promise<string | undefined> {
  const fromArgs = urisFromArgs(args);
  const targets = fromArgs ? await targetsOf(fromArgs) : await pickTargets();
  if (!targets) return undefined;
  const files = targets.filter((t) => vscode.Uri.parse(t.uri).scheme === 'file');
  if (files.length === 0) {
    void vscode.window.showWarningMessage('Prompt Coach: nothing to inspect. Choose saved files (not folders or untitled editors).');
    return undefined;
  }
  if (!(await savedFirst(files))) return undefined;
  return InspectionPanel.show(deps, files).key;
}

/** Inspections check and record the files as saved: offers to save those with unsaved changes. */
async function savedFirst(targets: readonly Target[]): Promise<boolean> {
  const uris = new Set(targets.map((t) => t.uri));
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && uris.has(d.uri.toString()));
  if (dirty.length === 0) return true;
  const names = dirty.map((d) => d.uri.path.slice(d.uri.path.lastIndexOf('/') + 1)).join(', ');
  const choice = await vscode.window.showWarningMessage(
    `${names} ${dirty.length === 1 ? 'has' : 'have'} unsaved changes. An inspection checks and records files as saved.`,
    'Save and Inspect',
  );
  if (choice !== 'Save and Inspect') return false;
  const saved = await Promise.all(dirty.map((d) => d.save()));
  return saved.every(Boolean);
}
