/**
 * "Prompt Coach: Show Quality Dashboard", the dashboard's serializer and its commit documents.
 * Register from `activate` before anything is awaited, so VS Code can restore an open dashboard
 * after a reload. The panel and the commit documents load when first needed: activation does not
 * pay for them.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PanelDeps } from './panel';
import { COMMIT_SCHEME, VIEW_TYPE } from './view';

export const SHOW_DASHBOARD_COMMAND = 'promptcoach.showDashboard';

export function registerDashboard(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const deps: PanelDeps = { extensionUri: context.extensionUri, client, output };
  return [
    vscode.commands.registerCommand(SHOW_DASHBOARD_COMMAND, async () => {
      (await import('./panel')).DashboardPanel.show(deps);
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => (await import('./panel')).DashboardPanel.revive(deps, panel, state),
    }),
    vscode.workspace.registerTextDocumentContentProvider(COMMIT_SCHEME, {
      provideTextDocumentContent: async (uri) => new (await import('./commits')).CommitDocuments().provideTextDocumentContent(uri),
    }),
  ];
}
