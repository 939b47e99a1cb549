/**
 * The quality dashboard's host side: one webview panel for the workspace. It asks the language
 * server for the quality report (`promptcoach/qualityReport`), posts it to the page, builds it
 * again when a prompt, context or config file is saved, when the branch moves (a commit, a
 * checkout) and when the settings change, and opens what the page links to: files, commits (a
 * read-only diff, see commits.ts) and rule docs. Every message from the page is parsed with zod
 * first, and only what the current report names is opened.
 *
 * The page's context is not retained when the panel is hidden: the page keeps its state with
 * `setState`, the host keeps the last report and posts it again when the page is back (or builds
 * a new one if something changed meanwhile). After a window reload the serializer brings the
 * panel back through `revive`, with the range the page saved.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parsePageMessage } from '../webview-messages';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands, QualityReportRequest, SETTINGS_SECTION } from '../../server/protocol';
import {
  DEFAULT_RANGE,
  FromWebviewMessage,
  PersistedPageState,
  sinceOf,
  type Range,
  type Report,
  type ToWebviewMessage,
} from '../../webview/dashboard/protocol';
import { CommitDocuments } from './commits';
import { dashboardHtml, newNonce } from './html';
import { mayChangeReport, reportLinks, type ReportLinks } from './links';
import { VIEW_TYPE } from './view';

const TITLE = 'Prompt Quality';
/** Saves, commits and setting changes within this time are one rebuild. */
const CHANGE_DELAY_MS = 800;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

type Result = { range: Range; report: Report } | { range: Range; error: string };

export class DashboardPanel {
  private static current: DashboardPanel | undefined;

  /** Opens the dashboard, or shows the one already open. */
  static show(deps: PanelDeps): DashboardPanel {
    const open = DashboardPanel.current;
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, TITLE, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(deps.extensionUri));
    return new DashboardPanel(deps, panel, DEFAULT_RANGE);
  }

  /** Brings the panel back after a window reload, with the range its page saved. */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): void {
    if (DashboardPanel.current) {
      panel.dispose(); // one dashboard per window
      return;
    }
    const parsed = PersistedPageState.safeParse(state);
    if (!parsed.success && state !== undefined) {
      const issue = parsed.error.issues[0];
      deps.output.warn(`Dashboard: saved state not used (${issue?.path.join('.') || typeof state}: ${issue?.message}); starting from ${DEFAULT_RANGE}`);
    }
    new DashboardPanel(deps, panel, parsed.success ? parsed.data.range : DEFAULT_RANGE);
  }

  private range: Range;
  private result: Result | undefined;
  private links: ReportLinks | undefined;
  private root: vscode.Uri | undefined;
  /** Something changed since `result` was built: build again before (or while) showing it. */
  private stale = true;
  /** Bumped by every build: a build that finishes after a newer one started is dropped. */
  private generation = 0;
  private loading = false;
  /** The page listens (it said `ready` and has not been hidden since). */
  private ready = false;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private gitWatcher: vscode.Disposable[] = [];

  private constructor(
    private readonly deps: PanelDeps,
    readonly panel: vscode.WebviewPanel,
    range: Range,
  ) {
    this.range = range;
    DashboardPanel.current = this;
    panel.title = TITLE;
    panel.webview.options = webviewOptions(deps.extensionUri);
    const configs = vscode.workspace.createFileSystemWatcher('**/.promptcoach.json');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // the page is gone until it says ready again
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.affects(doc)) this.changed();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) this.changed();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed()),
      // A config edited outside the editor (a pull, another tool).
      configs,
      configs.onDidChange(() => this.changed()),
      configs.onDidCreate(() => this.changed()),
      configs.onDidDelete(() => this.changed()),
    );
    panel.webview.html = dashboardHtml(
      {
        cspSource: panel.webview.cspSource,
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'dashboard.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'dashboard.css')).toString(),
        nonce: newNonce(),
      },
      { range },
    );
  }

  private post(message: ToWebviewMessage): void {
    // Before `ready`, or while hidden, nobody listens; the page asks again when it is back.
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  // ───────────────────────── Messages from the page ─────────────────────────

  private onMessage(raw: unknown): void {
    const message = parsePageMessage(FromWebviewMessage, raw, this.deps.output, 'Dashboard');
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.onReady();
        break;
      case 'refresh':
        void this.load();
        break;
      case 'setRange':
        this.range = message.range;
        void this.load();
        break;
      case 'openFile':
        void this.openFile(message.path);
        break;
      case 'openCommit':
        void this.openCommit(message.sha);
        break;
      case 'openRule':
        void this.openRule(message.id);
        break;
      default:
        assertNever(message);
    }
  }

  private onReady(): void {
    this.ready = true;
    if (this.loading) this.post({ type: 'loading', range: this.range });
    else if (this.result && !this.stale && this.result.range === this.range) this.postResult(this.result);
    else void this.load();
  }

  /** Builds the report for the current range and posts it (unless a newer build started meanwhile). */
  private async load(): Promise<void> {
    const generation = ++this.generation;
    const range = this.range;
    this.loading = true;
    this.stale = false;
    this.post({ type: 'loading', range });
    const since = sinceOf(range);
    let result: Result;
    try {
      const answer = await this.deps.client.sendRequest(QualityReportRequest.type, since === undefined ? {} : { since });
      result = 'error' in answer ? { range, error: answer.error } : { range, report: answer };
    } catch (err) {
      this.deps.output.error(`Dashboard: the quality report failed: ${messageOf(err)}`);
      result = { range, error: `The quality report could not be built: ${messageOf(err)}` };
    }
    if (generation !== this.generation || this.disposed) return;
    this.loading = false;
    this.result = result;
    if ('report' in result) {
      this.links = reportLinks(result.report);
      this.setRoot(vscode.Uri.parse(result.report.root));
    } else this.links = undefined;
    this.postResult(result);
  }

  private postResult(result: Result): void {
    if ('report' in result) this.post({ type: 'report', range: result.range, report: result.report });
    else this.post({ type: 'error', range: result.range, message: result.error });
  }

  private async openFile(rel: string): Promise<void> {
    const uri = this.links?.paths.has(rel) && this.root ? inside(this.root, rel) : undefined;
    if (!uri) {
      this.deps.output.warn(`Dashboard: not opening ${JSON.stringify(rel)}: not a file of the current report`);
      return;
    }
    try {
      await vscode.window.showTextDocument(uri, { viewColumn: this.besideColumn(), preview: true });
    } catch (err) {
      // A file of an old commit that is gone from the disk.
      void vscode.window.showWarningMessage(`Prompt Coach: cannot open ${rel}: ${messageOf(err)}`);
    }
  }

  private async openCommit(sha: string): Promise<void> {
    const paths = this.links?.commits.get(sha);
    if (!paths || !this.root) {
      this.deps.output.warn(`Dashboard: not showing commit ${sha}: not a commit of the current report`);
      return;
    }
    try {
      await CommitDocuments.show(this.root, sha, paths, this.besideColumn());
    } catch (err) {
      void vscode.window.showWarningMessage(`Prompt Coach: cannot show commit ${sha.slice(0, 10)}: ${messageOf(err)}`);
    }
  }

  private async openRule(id: string): Promise<void> {
    if (!this.links?.rules.has(id)) {
      this.deps.output.warn(`Dashboard: not explaining ${JSON.stringify(id)}: not a rule of the current report`);
      return;
    }
    await vscode.commands.executeCommand(ClientCommands.explainRule, id);
  }

  /** Next to the panel, not over it. */
  private besideColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  }

  // ───────────────────────── Changes ─────────────────────────

  private affects(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file') return false;
    const base = this.root ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!base) return false;
    const rel = path.relative(base.fsPath, doc.uri.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return mayChangeReport(rel.split(path.sep).join('/'), doc.languageId, this.links);
  }

  /** Watches the branch: a commit, a checkout or a reset moves HEAD or the branch's ref. */
  private setRoot(root: vscode.Uri): void {
    if (this.root?.toString() === root.toString()) return;
    this.root = root;
    for (const d of this.gitWatcher) d.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(root, '.git'), '{HEAD,refs/heads/**}'));
    this.gitWatcher = [watcher, watcher.onDidChange(() => this.changed()), watcher.onDidCreate(() => this.changed())];
  }

  /** Rebuilds soon if the page is showing; otherwise when it is back. */
  private changed(): void {
    this.stale = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (this.ready && this.stale) void this.load();
    }, CHANGE_DELAY_MS);
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    for (const d of [...this.disposables, ...this.gitWatcher]) d.dispose();
  }
}

/** `rel` under `root`, or undefined when it would leave it. */
function inside(root: vscode.Uri, rel: string): vscode.Uri | undefined {
  const parts = rel.split('/');
  if (rel.startsWith('/') || parts.some((p) => p === '..' || p === '')) return undefined;
  return vscode.Uri.joinPath(root, ...parts);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function assertNever(value: never): never {
  throw new Error(`Unexpected message ${JSON.stringify(value)}`);
}
