/**
 * The inspection panel's host side: one webview panel per set of output files. It answers the
 * page's requests through the language server (checklists, automatic checks, the record), keeps
 * the reviewer's answers as a draft in `workspaceState`, remembers the linked prompt, and opens
 * files the page links to. Every message from the page is parsed with zod first.
 *
 * The page's context is not retained when the panel is hidden (`retainContextWhenHidden: false`):
 * the page keeps its state with `setState`, and after a window reload the serializer
 * (`registerWebviewPanelSerializer`, see index.ts) brings the panel back through `revive`.
 */
import * as vscode from 'vscode';
import { parsePageMessage } from '../webview-messages';
import { uriExists } from '../fs';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  InspectionChecklistsRequest,
  InspectionRecordRequest,
  InspectionRunChecksRequest,
  type AutoCheckResult,
  type InspectionChecklist,
  type InspectionRecordParams,
  type Reviewer,
} from '../../server/protocol';
import { assertNever, assess, describeBlocker, emptyAnswers, recordItems } from '../../webview/inspection/model';
import {
  FromWebviewMessage,
  PersistedPageState,
  type Answers,
  type Decision,
  type InspectionContext,
  type PromptLink,
  type Target,
  type ToWebviewMessage,
} from '../../webview/inspection/protocol';
import { inspectionHtml, newNonce } from './html';
import { pickPrompt } from './promptPicker';
import { targetKey, type InspectionStore } from './store';
import { labelOf } from './targets';
import { VIEW_TYPE, inspectionRecorded } from './view';

/** The setting with the reviewer's name and email (`{ name, email }`). */
export const REVIEWER_SETTING = 'promptcoach.inspection.reviewer';

const DRAFT_DELAY_MS = 300;
/** Saves and changes on disk within this time are one "files changed". */
const CHANGE_DELAY_MS = 500;
/** Output files watched on disk (agents write files without an editor); above this, only saves count. */
const MAX_WATCHED = 50;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  client: LanguageClient;
  store: InspectionStore;
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

export class InspectionPanel {
  private static readonly byKey = new Map<string, InspectionPanel>();

  /** Opens the panel for these outputs, or shows the one already open for them. */
  static show(deps: PanelDeps, targets: Target[]): InspectionPanel {
    const key = targetKey(targets.map((t) => t.uri));
    const open = InspectionPanel.byKey.get(key);
    if (open) {
      open.setTargets(targets);
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      titleOf(targets),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(deps.extensionUri),
    );
    const draft = deps.store.draft(key);
    return new InspectionPanel(deps, panel, targets, draft?.answers ?? emptyAnswers());
  }

  /**
   * Brings back a panel after a window reload, from the state its page saved; without one (it may
   * not have reached storage before the window went), from the draft of a panel that was open.
   */
  static revive(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): void {
    const parsed = PersistedPageState.safeParse(state);
    if (parsed.success) {
      const targets = parsed.data.context.targets.filter((t) => vscode.Uri.parse(t.uri).scheme === 'file');
      const key = targetKey(targets.map((t) => t.uri));
      if (targets.length > 0 && !InspectionPanel.byKey.has(key)) {
        // The page's state is newer than the draft when the window went before the draft was saved.
        new InspectionPanel(deps, panel, targets, parsed.data.answers).flushDraft();
        return;
      }
    }
    const key = deps.store.openKeys().find((k) => !InspectionPanel.byKey.has(k) && deps.store.draft(k));
    const draft = key ? deps.store.draft(key) : undefined;
    if (draft) {
      new InspectionPanel(deps, panel, draft.targets, draft.answers);
      return;
    }
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    deps.output.warn(`Inspection panel not restored: ${issue ? `${issue.path.join('.') || typeof state}: ${issue.message}` : 'already open'}; no draft either`);
    panel.dispose();
  }

  readonly key: string;
  private targets: Target[];
  private answers: Answers;
  private prompt: PromptLink | null;
  /** The page listens (it said `ready` and has not been hidden since). */
  private ready = false;
  /** The page said `ready` at least once for this panel object. */
  private initialized = false;
  private changedWhileHidden = false;
  private checklists: InspectionChecklist[] | undefined;
  /** The last automatic results per checklist, and the prompt they ran with. */
  private readonly results = new Map<string, { prompt: string | null; results: AutoCheckResult[] }>();
  /** Paths the server reported in findings: the only ones besides targets and prompt the page may open. */
  private readonly findingPaths = new Set<string>();
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private changeTimer: ReturnType<typeof setTimeout> | undefined;
  private recorded = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];

  private constructor(
    private readonly deps: PanelDeps,
    readonly panel: vscode.WebviewPanel,
    targets: Target[],
    answers: Answers,
  ) {
    this.targets = targets;
    this.answers = answers;
    this.key = targetKey(targets.map((t) => t.uri));
    const promptUri = deps.store.prompt(this.key);
    this.prompt = promptUri ? { uri: promptUri, label: labelOf(vscode.Uri.parse(promptUri)) } : null;
    InspectionPanel.byKey.set(this.key, this);
    void deps.store.setOpen(this.key, true);

    panel.title = titleOf(targets);
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false; // the page is gone until it says ready again
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.watches(doc.uri)) this.filesChanged();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(REVIEWER_SETTING)) this.post({ type: 'init', context: this.context(), fresh: false });
      }),
    );
    this.watch();
    panel.webview.html = inspectionHtml(
      {
        cspSource: panel.webview.cspSource,
        scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview', 'inspection.js')).toString(),
        styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(deps.extensionUri, 'media', 'inspection.css')).toString(),
        nonce: newNonce(),
      },
      { context: this.context(), answers: this.answers },
    );
  }

  private context(): InspectionContext {
    const reviewer = readReviewer();
    return {
      key: this.key,
      targets: this.targets,
      prompt: this.prompt,
      reviewer: reviewer ? `${reviewer.name}${reviewer.email ? ` <${reviewer.email}>` : ''}` : null,
    };
  }

  private get outputs(): string[] {
    return this.targets.map((t) => t.uri);
  }

  /** Same files, maybe another selection: the page shows the new excerpt. */
  private setTargets(targets: Target[]): void {
    this.targets = targets;
    this.post({ type: 'init', context: this.context(), fresh: false });
  }

  private post(message: ToWebviewMessage): void {
    // Before `ready`, or while hidden, nobody listens; the page asks again when it is back.
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  // ───────────────────────── Messages from the page ─────────────────────────

  private onMessage(raw: unknown): void {
    const message = parsePageMessage(FromWebviewMessage, raw, this.deps.output, 'Inspection panel');
    if (!message) return;
    switch (message.type) {
      case 'ready':
        void this.onReady();
        break;
      case 'saveDraft':
        this.answers = message.answers;
        this.scheduleDraft();
        break;
      case 'runChecks':
        void this.runChecks(message.requestId, message.checklistId);
        break;
      case 'pickPrompt':
        void this.pickPrompt(message.requestId);
        break;
      case 'open':
        void this.open(message.path, message.line);
        break;
      case 'submit':
        void this.submit(message.requestId, message.decision, message.answers);
        break;
      default:
        assertNever(message);
    }
  }

  private async onReady(): Promise<void> {
    this.ready = true;
    const fresh = !this.initialized || this.changedWhileHidden;
    this.initialized = true;
    this.changedWhileHidden = false;
    this.post({ type: 'init', context: this.context(), fresh });
    try {
      const { checklists, trusted } = await this.deps.client.sendRequest(InspectionChecklistsRequest.type, { outputs: this.outputs });
      this.checklists = checklists;
      this.post({ type: 'checklists', checklists, trusted });
    } catch (err) {
      this.post({ type: 'checklistsFailed', message: messageOf(err) });
    }
  }

  private async runChecks(requestId: string, checklistId: string): Promise<void> {
    const prompt = this.prompt?.uri ?? null;
    try {
      const { results } = await this.deps.client.sendRequest(InspectionRunChecksRequest.type, {
        checklistId,
        outputs: this.outputs,
        ...(prompt ? { prompt } : {}),
      });
      this.results.set(checklistId, { prompt, results });
      for (const r of results) for (const f of r.findings) this.findingPaths.add(f.path);
      this.post({ type: 'checkResults', requestId, results });
    } catch (err) {
      this.post({ type: 'error', requestId, message: messageOf(err) });
    }
  }

  private async pickPrompt(requestId: string): Promise<void> {
    try {
      const picked = await pickPrompt(this.prompt);
      if (picked === undefined) {
        this.post({ type: 'promptPicked', requestId, prompt: this.prompt, cancelled: true });
        return;
      }
      this.prompt = picked;
      this.watch();
      await this.deps.store.rememberPrompt(this.key, picked?.uri ?? null);
      this.post({ type: 'promptPicked', requestId, prompt: picked, cancelled: false });
    } catch (err) {
      this.post({ type: 'error', requestId, message: messageOf(err) });
    }
  }

  private async open(path: string, line: number | undefined): Promise<void> {
    const uri = await this.resolve(path);
    if (!uri) {
      this.deps.output.warn(`Inspection panel: not opening ${JSON.stringify(path)}: not a file this inspection shows`);
      void vscode.window.showWarningMessage(`Prompt Coach: cannot open ${path}.`);
      return;
    }
    const at = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
    // Next to the panel, not over it.
    const viewColumn = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    try {
      await vscode.window.showTextDocument(uri, { viewColumn, selection: new vscode.Range(at, at), preview: true });
    } catch (err) {
      void vscode.window.showWarningMessage(`Prompt Coach: cannot open ${labelOf(uri)}: ${messageOf(err)}`);
    }
  }

  /**
   * The file a link of the page names, if it is one this inspection shows: an output, the prompt,
   * or a path the server reported in a finding (repository-relative: an output or the prompt with
   * that path, else the file under the outputs' folders inside their workspace folder).
   */
  private async resolve(path: string): Promise<vscode.Uri | undefined> {
    const known = [...this.outputs, ...(this.prompt ? [this.prompt.uri] : [])];
    if (known.includes(path)) return vscode.Uri.parse(path);
    if (!this.findingPaths.has(path)) return undefined;
    const rel = path.replace(/\\/g, '/').replace(/^\.\//, '');
    const knownUris = known.map((u) => vscode.Uri.parse(u));
    const same = knownUris.find((u) => u.path.endsWith(`/${rel}`));
    if (same) return same;
    for (const uri of knownUris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) continue;
      let dir = vscode.Uri.joinPath(uri, '..');
      for (;;) {
        const candidate = vscode.Uri.joinPath(dir, rel);
        if (candidate.path.startsWith(`${folder.uri.path}/`) && (await uriExists(candidate))) return candidate;
        if (dir.path === folder.uri.path || !dir.path.startsWith(folder.uri.path)) break;
        dir = vscode.Uri.joinPath(dir, '..');
      }
    }
    return undefined;
  }

  private async submit(requestId: string, decision: Decision, answers: Answers): Promise<void> {
    this.answers = answers;
    this.scheduleDraft();
    const checklist = this.checklists?.find((c) => c.id === answers.checklistId);
    if (!checklist) {
      this.post({ type: 'error', requestId, message: 'The checklist is not loaded any more: close and reopen the panel.' });
      return;
    }
    // The same rules as the page: a page that skipped them is not trusted.
    const prompt = this.prompt?.uri ?? null;
    const run = this.results.get(checklist.id);
    const results = checklist.items.some((i) => i.auto) ? (run && run.prompt === prompt ? run.results : null) : [];
    const verdicts = assess(checklist, answers, results);
    const blockers = decision === 'accepted' ? verdicts.acceptBlockers : verdicts.rejectBlockers;
    if (blockers.length) {
      this.post({ type: 'error', requestId, message: blockers.map(describeBlocker).join(' ') });
      return;
    }
    const reviewer = readReviewer();
    const params: InspectionRecordParams = {
      checklistId: checklist.id,
      outputs: this.outputs,
      ...(prompt ? { prompt } : {}),
      items: recordItems(checklist, answers, results),
      decision,
      reason: decision === 'rejected' ? answers.rejectReason.trim() : '',
      ...(reviewer ? { reviewer } : {}),
    };
    try {
      const { file } = await this.deps.client.sendRequest(InspectionRecordRequest.type, params);
      const fileUri = vscode.Uri.parse(file);
      const label = labelOf(fileUri);
      this.post({ type: 'submitted', requestId, file: label });
      this.recorded = true;
      inspectionRecorded.fire();
      await this.deps.store.clearDraft(this.key);
      this.panel.dispose();
      void vscode.window
        .showInformationMessage(`Inspection recorded in ${label} (${decision === 'accepted' ? 'accepted' : 'rejected'}).`, 'Open')
        .then((choice) => (choice ? showRecord(fileUri) : undefined));
    } catch (err) {
      this.post({ type: 'error', requestId, message: messageOf(err) });
    }
  }

  // ───────────────────────── Drafts and changes ─────────────────────────

  private scheduleDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => this.flushDraft(), DRAFT_DELAY_MS);
  }

  /** Saves the answers as the draft now (unless recorded: then there is nothing to keep). */
  private flushDraft(): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    if (this.recorded) return;
    void this.deps.store.saveDraft(this.key, this.targets, this.answers);
  }

  private watches(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return this.outputs.includes(key) || this.prompt?.uri === key;
  }

  /** Watches the outputs and the prompt on disk: agents write files without an editor. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const uris = [...this.outputs, ...(this.prompt ? [this.prompt.uri] : [])].map((u) => vscode.Uri.parse(u));
    if (uris.length > MAX_WATCHED) return;
    for (const uri of uris) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.slice(uri.path.lastIndexOf('/') + 1)),
      );
      this.watchers.push(watcher, watcher.onDidChange(() => this.filesChanged()), watcher.onDidCreate(() => this.filesChanged()));
    }
  }

  private filesChanged(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (this.ready) this.post({ type: 'filesChanged' });
      else this.changedWhileHidden = true;
    }, CHANGE_DELAY_MS);
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.flushDraft(); // the last answers, when the panel is closed unfinished
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (InspectionPanel.byKey.get(this.key) === this) InspectionPanel.byKey.delete(this.key);
    void this.deps.store.setOpen(this.key, false);
    for (const d of [...this.disposables, ...this.watchers]) d.dispose();
  }
}

function titleOf(targets: readonly Target[]): string {
  if (targets.length !== 1) return `Inspect ${targets.length} Files`;
  const label = (targets[0] as Target).label;
  return `Inspect ${label.slice(label.lastIndexOf('/') + 1)}`;
}

/** The reviewer from the setting, or undefined (the server then asks git). */
export function readReviewer(): Reviewer | undefined {
  const value: unknown = vscode.workspace.getConfiguration().get(REVIEWER_SETTING);
  if (!value || typeof value !== 'object') return undefined;
  const { name, email } = value as { name?: unknown; email?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  return { name: name.trim(), email: typeof email === 'string' ? email.trim() : '' };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Opens the records file at its last record. */
async function showRecord(uri: vscode.Uri): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { preview: true });
  const last = Math.max(0, editor.document.lineCount - 2); // the file ends with a newline
  const at = new vscode.Position(last, 0);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
}
