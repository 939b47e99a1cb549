/**
 * "Prompt Coach: Inspect Output…" and the inspection panel's serializer. Register from
 * `activate` before anything is awaited, so VS Code can restore open panels after a reload. The
 * panel itself (inspect.ts and what it imports) loads when the command first runs or a panel is
 * restored: activation does not pay for it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Inspection } from './inspect';
import { VIEW_TYPE } from './view';

export const INSPECT_COMMAND = 'promptcoach.inspectOutput';

export function registerInspection(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  let loaded: Promise<Inspection> | undefined;
  const inspection = () =>
    (loaded ??= import('./inspect').then((m) => m.createInspection({ extensionUri: context.extensionUri, client, output, workspaceState: context.workspaceState })));
  return [
    vscode.commands.registerCommand(INSPECT_COMMAND, async (...args: unknown[]) => (await inspection()).inspect(args)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => (await inspection()).revive(panel, state),
    }),
  ];
}
