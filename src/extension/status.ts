/**
 * The status bar items for the active prompt file: its finding counts and token estimate, and next
 * to it the coaching level it was checked at (click to change it).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands, StatusNotification, type CoachingStatus, type StatusParams } from '../server/protocol';

/** What the coaching level item shows, for tests and other extensions (the extension's exports). */
export interface CoachingItemState {
  visible: boolean;
  text: string;
  tooltip: string;
}

const FROM: Record<CoachingStatus['from'], string> = {
  setting: 'set by your `promptcoach.coachingLevel` setting',
  config: "set by the team config's `coachingLevel`",
  default: 'the default: neither your settings nor the team config set one',
};

const LEVEL_HINT: Record<CoachingStatus['level'], string> = {
  learn: 'Hints from rules that are off by default, and the why of each finding.',
  standard: 'The team config as written.',
  strict: 'Warnings are raised to errors.',
};

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptcoach.status', vscode.StatusBarAlignment.Right, 100);
  // Just right of the counts: one lower priority.
  private readonly level = vscode.window.createStatusBarItem('promptcoach.coachingLevel', vscode.StatusBarAlignment.Right, 99);
  private readonly byUri = new Map<string, StatusParams>();
  /** StatusBarItem cannot be asked whether it is shown. */
  private levelVisible = false;
  private readonly coachingChanged = new vscode.EventEmitter<CoachingItemState>();
  /** Fires after each render of the coaching level item. */
  readonly onDidChangeCoachingItem = this.coachingChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Prompt Coach';
    this.item.command = 'promptcoach.showProblems';
    this.level.name = 'Prompt Coach Coaching Level';
    this.level.command = ClientCommands.selectCoachingLevel;
    this.disposables.push(
      this.item,
      this.level,
      this.coachingChanged,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.byUri.delete(d.uri.toString());
        this.render();
      }),
    );
  }

  /** Starts listening to the server; the client holds the handler until its connection is up. */
  listen(): void {
    this.disposables.push(
      this.client.onNotification(StatusNotification.type, (params) => {
        this.byUri.set(params.uri, params);
        this.render();
      }),
    );
    this.render();
  }

  /** The coaching level item as shown now. */
  coachingItem(): CoachingItemState {
    const tooltip = this.level.tooltip;
    return { visible: this.levelVisible, text: this.level.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  private render(): void {
    const editor = vscode.window.activeTextEditor;
    const status = editor && this.byUri.get(editor.document.uri.toString());
    if (!status?.checked) {
      this.item.hide();
      this.hideLevel();
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
    this.renderLevel(status.coaching);
  }

  /** Config files have counts but no level: the item shows only for files checked at one. */
  private renderLevel(coaching: CoachingStatus | undefined): void {
    if (!coaching) {
      this.hideLevel();
      return;
    }
    this.level.text = `$(mortar-board) ${coaching.level}`;
    this.level.tooltip = new vscode.MarkdownString(
      `**Prompt Coach coaching level: ${coaching.level}**, ${FROM[coaching.from]}.\n\n${LEVEL_HINT[coaching.level]}\n\nClick to change it.`,
    );
    this.level.accessibilityInformation = { label: `Prompt Coach coaching level: ${coaching.level}. Change it`, role: 'button' };
    this.level.show();
    this.levelVisible = true;
    this.coachingChanged.fire(this.coachingItem());
  }

  private hideLevel(): void {
    this.level.hide();
    this.levelVisible = false;
    this.coachingChanged.fire(this.coachingItem());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
