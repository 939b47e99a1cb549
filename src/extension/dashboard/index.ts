/**
 * "Prompt Coach: Show Quality Dashboard", the dashboard's serializer and its commit documents.
 * Register from `activate` before anything is awaited, so VS Code can restore an open dashboard
 * after a reload.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMIT_SCHEME, CommitDocuments } from './commits';
import { DashboardPanel, VIEW_TYPE, type PanelDeps } from './panel';

export const SHOW_DASHBOARD_COMMAND = 'promptcoach.showDashboard';

export function registerDashboard(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const deps: PanelDeps = { extensionUri: context.extensionUri, client, output };
  return [
    vscode.commands.registerCommand(SHOW_DASHBOARD_COMMAND, () => {
      DashboardPanel.show(deps);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => DashboardPanel.revive(deps, panel, state),
    }),
    vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, new CommitDocuments()),
  ];
}
