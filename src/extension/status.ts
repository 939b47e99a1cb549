/** The status bar item for the active prompt file: its finding counts and token estimate. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification, type StatusParams } from '../server/protocol';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptcoach.status', vscode.StatusBarAlignment.Right, 100);
  private readonly byUri = new Map<string, StatusParams>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Prompt Coach';
    this.item.command = 'promptcoach.showProblems';
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.byUri.delete(d.uri.toString());
        this.render();
      }),
    );
  }

  /** Starts listening to the server; call once the client has started. */
  listen(): void {
    this.disposables.push(
      this.client.onNotification(StatusNotification.type, (params) => {
        this.byUri.set(params.uri, params);
        this.render();
      }),
    );
    this.render();
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const status = editor && this.byUri.get(editor.document.uri.toString());
    if (!status?.checked) {
      this.item.hide();
      return;
    }
    const { errors, warnings, infos, tokens, kind } = status;
    const total = errors + warnings + infos;
    const counts = [`${errors} errors`, `${warnings} warnings`, ...(infos ? [`${infos} infos`] : [])].join(', ');
    // Named, so it is not mistaken for VS Code's own problem counter on the left.
    this.item.text = total === 0 ? '$(checklist) Prompt Coach $(check)' : `$(checklist) Prompt Coach: ${total}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Prompt Coach** · ${kind ?? 'prompt'} file · ≈ ${tokens.toLocaleString('en')} tokens\n\n` +
        (total === 0 ? 'Meets the team standard.' : `${counts}. Click to open the Problems panel.`),
    );
    this.item.accessibilityInformation = {
      label: total === 0 ? 'Prompt Coach: this file meets the team standard' : `Prompt Coach: ${counts} in this file`,
      role: 'button',
    };
    this.item.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
