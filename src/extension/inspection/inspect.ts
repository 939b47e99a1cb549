/** The inspection command and panel restore, loaded on first use (see index.ts). */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Target } from '../../webview/inspection/protocol';
import { InspectionPanel, type PanelDeps } from './panel';
import { InspectionStore } from './store';
import { pickTargets, targetsOf, urisFromArgs } from './targets';

export interface Inspection {
  /** Runs "Inspect Output…" with the command's arguments; resolves with the panel's key, or undefined when nothing was opened. */
  inspect(args: readonly unknown[]): Promise<string | undefined>;
  /** Brings back a panel VS Code restores after a reload. */
  revive(panel: vscode.WebviewPanel, state: unknown): void;
}

export function createInspection(base: {
  extensionUri: vscode.Uri;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  workspaceState: vscode.Memento;
}): Inspection {
  const deps: PanelDeps = { extensionUri: base.extensionUri, client: base.client, output: base.output, store: new InspectionStore(base.workspaceState) };
  return {
    inspect: (args) => inspectOutput(deps, args),
    revive: (panel, state) => InspectionPanel.revive(deps, panel, state),
  };
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
