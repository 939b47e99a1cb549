/**
 * The Prompt Coach language server: the analyzer in `src/core` served over LSP, in its own
 * process so a slow rule never freezes typing. This module wires the connection to the features
 * (one module each under `features/`) and keeps the state they share: open documents, the
 * configs, which files are prompt files, what references what, and what was published.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../package.json';
import { BINARY_SNIFF_BYTES, decodeText } from '../node/text-file';
import { analyze, reanalyze, type AnalysisResult, type RuleBudget } from '../core/analyze';
import { hungRulesFile, RuleWatchdog, takeHungRules } from './watchdog';
import type { EffectiveConfig } from '../core/config/types';
import type { PromptDocument } from '../core/document';
import { applyFixes } from '../core/fix';
import { FILE_SKIPPED } from '../core/format/engine-rules';
import { INTERNAL_ERROR, type Finding, type Kind } from '../core/types';
import { collectFiles } from '../node/files';
import { configProblemDiagnostic, countBySeverity, toDiagnostic } from './diagnostics';
import { provideCodeActions } from './features/codeActions';
import { provideCodeLens } from './features/codeLens';
import { COMPLETION_TRIGGERS, provideCompletion, type DirEntry } from './features/completion';
import { provideHover } from './features/hover';
import { provideDocumentSymbols } from './features/symbols';
import {
  DEFAULT_SETTINGS,
  FIX_ALL_KIND,
  InspectionChecklistsRequest,
  InspectionListRequest,
  InspectionRecordRequest,
  InspectionRunChecksRequest,
  LintWorkspaceRequest,
  ListRulesRequest,
  QualityReportRequest,
  RuleDocsRequest,
  ServerInfoRequest,
  SETTINGS_SECTION,
  SetTrustedNotification,
  StatusNotification,
  TemplatesRequest,
  type CoachingStatus,
  type InitializationOptions,
  type LintWorkspaceResult,
  type PromptCoachSettings,
  type StatusParams,
} from './protocol';
import { DashboardService } from './dashboard';
import { InspectionService } from './inspection';
import { listRules, ruleDocs, ruleLookup } from './ruleDocs';
import { readSettings } from './settings';
import { templatesFor } from './templates';
import { isConfigFileName, pathToUri, uriToPath, Workspace } from './workspace';

/** Passes of fix-and-re-analyze for `source.fixAll.promptcoach`, as `lint --fix` does. */
const MAX_FIX_PASSES = 10;

/** One analysis of one file's text. */
interface Analysis {
  uri: string;
  path: string;
  /** The open document's version; undefined for a file read from disk. */
  version: number | undefined;
  text: string;
  kind: Kind;
  /** The config in force, editor rule settings applied. */
  config: EffectiveConfig;
  /** Undefined when the file was skipped (too large, binary). */
  document: PromptDocument | undefined;
  findings: Finding[];
  tokens: number;
}

interface RefreshOptions {
  /** Walk the workspace folders again for prompt files (the config's `files` may have changed). */
  rescan: boolean;
  /** Report progress to the client (`window/workDoneProgress`). */
  progress: boolean;
}

export class PromptCoachServer {
  readonly documents = new TextDocuments(TextDocument);
  private readonly workspace: Workspace;
  private readonly inspections: InspectionService;
  private readonly dashboard: DashboardService;
  private settings: PromptCoachSettings = { ...DEFAULT_SETTINGS };
  private capabilities: ClientCapabilities = {};

  /** Prompt files known to exist: path → URI. */
  private readonly known = new Map<string, string>();
  /** What each checked file references (resolved paths), and the reverse. */
  private readonly referencesOf = new Map<string, Set<string>>();
  private readonly referencedBy = new Map<string, Set<string>>();
  /** Analyses of open documents, by URI, valid for one version and one config generation. */
  private readonly cache = new Map<string, { version: number; generation: number; analysis: Promise<Analysis | undefined> }>();
  /**
   * Each open document's last finished analysis, which the next one after an edit builds on
   * (`reanalyze`). Taken out while an analysis runs, so two never build on the same one.
   */
  private readonly lastResults = new Map<string, AnalysisResult>();
  /** Each open document's rule time budget: the rules paused for it stay paused until it is opened again. */
  private readonly budgets = new Map<string, RuleBudget>();
  /** Stops the server when a rule never returns (`RuleWatchdog`); started with the workspace folders. */
  private watchdog: RuleWatchdog | undefined;
  /** Rules the watchdog stopped in the server before this one, by file: paused there until it is closed. */
  private readonly hung = new Map<string, Map<string, number>>();
  /** Bumped when configs, settings or trust change: every cached analysis is stale. */
  private generation = 0;
  /** Latest validation run per URI: an older run that finishes late does not publish. */
  private readonly runs = new Map<string, number>();
  /** Pending validations (and the workspace refresh, `\0refresh`), each with what cancels it. */
  private readonly timers = new Map<string, () => void>();
  /** URIs with diagnostics published, and the document version they were computed for. */
  private readonly published = new Map<string, { version: number | undefined }>();
  /** Config files with problems published: path → the diagnostics sent, as JSON. */
  private readonly configPublished = new Map<string, string>();
  /** Documents whose open event is being handled: the content event that follows it is not an edit. */
  private readonly justOpened = new Set<string>();
  private refreshing: Promise<LintWorkspaceResult> | undefined;
  private pendingRefresh: { options: RefreshOptions; promise: Promise<LintWorkspaceResult> } | undefined;
  private shuttingDown = false;

  constructor(
    private readonly connection: Connection,
    options: InitializationOptions = {},
  ) {
    this.workspace = new Workspace(options.trusted ?? true);
    this.inspections = new InspectionService(this.workspace, version);
    this.dashboard = new DashboardService(this.workspace);
  }

  // ───────────────────────── wiring ─────────────────────────

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.safely('initialized', () => this.initialized()));
    c.onShutdown(() => {
      this.shuttingDown = true;
      for (const key of [...this.timers.keys()]) this.cancel(key);
      this.watchdog?.dispose();
    });

    this.documents.onDidOpen((e) => {
      this.justOpened.add(e.document.uri);
      this.safely('didOpen', () => this.didOpen(e.document));
    });
    this.documents.onDidChangeContent((e) => this.safely('didChange', () => this.didChange(e.document)));
    this.documents.onDidSave((e) => this.safely('didSave', () => this.didSave(e.document)));
    this.documents.onDidClose((e) => this.safely('didClose', () => this.didClose(e.document)));
    this.documents.listen(c);

    c.onDidChangeConfiguration((params) => this.safely('didChangeConfiguration', () => this.didChangeConfiguration(params.settings)));
    c.onDidChangeWatchedFiles((params) => this.safely('didChangeWatchedFiles', () => this.didChangeWatchedFiles(params.changes)));
    c.onNotification(SetTrustedNotification.type, (params) =>
      this.safely('setTrusted', async () => {
        if (typeof params?.trusted !== 'boolean' || params.trusted === this.workspace.isTrusted()) return;
        this.workspace.setTrusted(params.trusted);
        await this.refresh({ rescan: true, progress: false });
      }),
    );

    c.onCodeAction(this.guard('codeAction', [], async (params) => {
      const doc = this.documents.get(params.textDocument.uri);
      if (!doc || !this.settings.enable) return [];
      const analysis = await this.analysisFor(doc.uri);
      return provideCodeActions({
        uri: doc.uri,
        document: analysis?.document,
        findings: analysis?.findings ?? [],
        diagnostics: params.context.diagnostics,
        only: params.context.only,
        fixesCurrent: this.published.get(doc.uri)?.version === doc.version,
        fixAll: () => (analysis ? this.fixAllText(analysis) : Promise.resolve(doc.getText())),
      });
    }));
    c.onHover(this.guard('hover', null, async (params) => {
      if (!this.settings.enable) return null;
      const analysis = await this.analysisFor(params.textDocument.uri);
      if (!analysis?.document) return null;
      return provideHover({ document: analysis.document, findings: analysis.findings, config: analysis.config, position: params.position, rules: ruleLookup });
    }));
    c.onCompletion(this.guard('completion', [], (params) => {
      const doc = this.documents.get(params.textDocument.uri);
      const filePath = uriToPath(params.textDocument.uri);
      if (!doc || !filePath || !this.settings.enable) return [];
      const info = this.workspace.fileInfo(filePath);
      if (!info.kind || info.ignored) return [];
      return provideCompletion({ text: doc.getText(), position: params.position, kind: info.kind, path: filePath, listDir });
    }));
    c.onDocumentSymbol(this.guard('documentSymbol', [], async (params) => {
      if (!this.settings.enable) return [];
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis?.document ? provideDocumentSymbols(analysis.document) : [];
    }));
    c.onCodeLens(this.guard('codeLens', [], async (params) => {
      if (!this.settings.enable || !this.settings.codeLens) return [];
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis ? provideCodeLens(analysis.tokens, countBySeverity(analysis.findings)) : [];
    }));
    c.onRequest(RuleDocsRequest.type, this.guard('ruleDocs', { found: false, markdown: '' }, (params) =>
      ruleDocs(String(params.ruleId), this.configsFor(params.uri), (source) => this.workspace.displayPath(source)),
    ));
    c.onRequest(ServerInfoRequest.type, () => ({ pid: process.pid }));
    c.onRequest(ListRulesRequest.type, this.guard('listRules', { rules: [] }, (params) => ({ rules: listRules(this.configsFor(params?.uri)) })));
    c.onRequest(LintWorkspaceRequest.type, this.guard('lintWorkspace', { files: 0, errors: 0, warnings: 0, infos: 0 }, () =>
      this.refresh({ rescan: true, progress: true }),
    ));
    c.onRequest(InspectionChecklistsRequest.type, this.answer('inspection/checklists', (params) => this.inspections.checklists(params)));
    c.onRequest(InspectionRunChecksRequest.type, this.answer('inspection/runChecks', (params) => this.inspections.runChecks(params)));
    c.onRequest(InspectionRecordRequest.type, this.answer('inspection/record', (params) => this.inspections.record(params)));
    c.onRequest(InspectionListRequest.type, this.answer('inspection/list', (params) => this.inspections.list(params)));
    c.onRequest(QualityReportRequest.type, this.answer('qualityReport', (params) => this.dashboard.report(params)));
    c.onRequest(TemplatesRequest.type, this.answer('templates', async (params) => templatesFor(this.workspace, params)));
    c.listen();
  }

  /** The config of one document, or of every known file and workspace folder: where custom rules are looked up. */
  private configsFor(uri: string | undefined): Iterable<EffectiveConfig> {
    const filePath = uri ? uriToPath(uri) : undefined;
    const probes = filePath ? [filePath] : [...this.known.keys(), ...this.workspace.workspaceFolders.map((f) => path.join(f, 'probe.prompt.md'))];
    return this.workspace.knownConfigs(probes);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof options.trusted === 'boolean') this.workspace.setTrusted(options.trusted);
    const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? [params.rootUri ? uriToPath(params.rootUri) : params.rootPath ?? undefined];
    this.workspace.setFolders(folders.filter((f): f is string => typeof f === 'string'));
    // A rule the last server for these folders was stopped in stays paused for its file here.
    const marker = hungRulesFile(this.workspace.workspaceFolders);
    for (const { path: filePath, ruleId, ms } of takeHungRules(marker)) {
      const rules = this.hung.get(filePath) ?? new Map<string, number>();
      rules.set(ruleId, ms);
      this.hung.set(filePath, rules);
      this.log(`rule '${ruleId}' ran for ${ms} ms on ${filePath} without returning and the server was restarted; it stays paused for that file until it is closed`);
    }
    // Not under a debugger: a breakpoint inside a rule would look like a rule that never returns.
    if (!process.execArgv.some((a) => a.startsWith('--inspect'))) this.watchdog = new RuleWatchdog(marker, hangMs(DEFAULT_SETTINGS.ruleTimeBudgetMs));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        documentSymbolProvider: { label: 'Prompt Coach' },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Prompt Coach', version },
    };
  }

  private async initialized(): Promise<void> {
    const caps = this.capabilities;
    // A client that refuses a registration still gets everything else.
    const registered = (what: string) => (error: unknown) => this.log(`registering ${what} failed: ${describe(error)}`);
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client
        .register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION })
        .catch(registered('settings changes'));
    }
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
        .catch(registered('file watching'));
    }
    if (caps.workspace?.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) =>
        this.safely('didChangeWorkspaceFolders', async () => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          const kept = this.workspace.workspaceFolders.filter((f) => !removed.has(f));
          const added = e.added.map((f) => uriToPath(f.uri)).filter((f): f is string => typeof f === 'string');
          this.workspace.setFolders([...kept, ...added]);
          await this.refresh({ rescan: true, progress: true });
        }),
      );
    }
    await this.pullSettings().catch((error: unknown) => this.log(`reading settings failed, using the defaults: ${describe(error)}`));
    await this.refresh({ rescan: true, progress: true });
  }

  // ───────────────────────── documents ─────────────────────────

  private async didOpen(doc: TextDocument): Promise<void> {
    const filePath = uriToPath(doc.uri);
    if (!filePath) return;
    this.workspace.didOpen(filePath, doc);
    this.budgets.delete(doc.uri);
    if (this.workspace.isConfigFile(filePath)) {
      this.workspace.invalidateConfigs(filePath);
      if (isConfigFileName(filePath)) this.workspace.touchConfig(filePath);
      if (fs.existsSync(filePath) && readText(filePath) !== doc.getText()) this.scheduleRefresh();
      else this.publishConfigProblems();
      return;
    }
    await this.validate(doc.uri);
  }

  private didChange(doc: TextDocument): void {
    const filePath = uriToPath(doc.uri);
    if (!filePath) return;
    this.workspace.didChange(filePath, doc);
    // The library fires this event right after the open event too; the open handler deals with it.
    if (this.justOpened.delete(doc.uri)) return;
    if (this.workspace.isConfigFile(filePath)) {
      this.workspace.invalidateConfigs(filePath);
      this.scheduleRefresh();
      return;
    }
    if (this.settings.run === 'onType') this.schedule(doc.uri, this.settings.debounceMs);
  }

  private async didSave(doc: TextDocument): Promise<void> {
    const filePath = uriToPath(doc.uri);
    if (!filePath || this.workspace.isConfigFile(filePath)) return;
    if (this.settings.run === 'onSave') await this.validate(doc.uri);
  }

  private async didClose(doc: TextDocument): Promise<void> {
    const filePath = uriToPath(doc.uri);
    if (!filePath) return;
    this.workspace.didClose(filePath);
    this.cache.delete(doc.uri);
    this.lastResults.delete(doc.uri);
    this.budgets.delete(doc.uri);
    this.hung.delete(filePath);
    this.cancel(doc.uri);
    if (this.workspace.isConfigFile(filePath)) {
      // The file on disk is in force again.
      this.workspace.invalidateConfigs(filePath);
      this.scheduleRefresh();
      return;
    }
    // Problems stay listed for closed files: check the saved file instead of the buffer.
    if (fs.existsSync(filePath)) await this.validate(doc.uri);
    else this.clear(doc.uri);
  }

  // ───────────────────────── settings ─────────────────────────

  private async pullSettings(): Promise<void> {
    if (!this.capabilities.workspace?.configuration) return;
    const raw: unknown = await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION });
    this.settings = readSettings(raw);
  }

  private async didChangeConfiguration(pushed: unknown): Promise<void> {
    const before = this.settings;
    if (this.capabilities.workspace?.configuration) await this.pullSettings();
    else {
      const section = pushed && typeof pushed === 'object' ? (pushed as Record<string, unknown>)[SETTINGS_SECTION] : undefined;
      this.settings = readSettings(section);
    }
    if (JSON.stringify(before) === JSON.stringify(this.settings)) return;
    if (!this.settings.enable) {
      this.clearAll();
      this.refreshCodeLenses();
      return;
    }
    await this.refresh({ rescan: !before.enable, progress: false });
  }

  // ───────────────────────── watched files ─────────────────────────

  private async didChangeWatchedFiles(changes: readonly { uri: string; type: FileChangeType }[]): Promise<void> {
    let configChanged = false;
    const recheck = new Set<string>();
    if (changes.some((c) => c.type !== FileChangeType.Changed)) this.workspace.forgetFileFacts();
    for (const change of changes) {
      const filePath = uriToPath(change.uri);
      if (!filePath || /[\\/](?:node_modules|\.git)(?:[\\/]|$)/.test(filePath)) continue;
      if (this.workspace.isConfigFile(filePath)) {
        // An open config's buffer is what counts; saving it changes nothing.
        if (change.type === FileChangeType.Changed && this.workspace.openDocument(filePath)) continue;
        this.workspace.invalidateConfigs(filePath);
        configChanged = true;
        continue;
      }
      const open = this.workspace.openDocument(filePath) !== undefined;
      if (change.type === FileChangeType.Deleted) {
        for (const [known, uri] of [...this.known]) {
          if (known !== filePath && !known.startsWith(filePath + path.sep)) continue;
          this.known.delete(known);
          this.forgetReferences(uri);
          if (!this.workspace.openDocument(known)) this.clear(uri);
        }
      } else if (!open) {
        const info = this.workspace.fileInfo(filePath);
        if (info.kind && !info.ignored && !fs.statSync(filePath, { throwIfNoEntry: false })?.isDirectory()) {
          const uri = this.known.get(filePath) ?? change.uri;
          this.known.set(filePath, uri);
          recheck.add(uri);
        }
      }
      if (change.type !== FileChangeType.Changed) for (const uri of this.dependentsOf(filePath)) recheck.add(uri);
    }
    if (configChanged) {
      this.scheduleRefresh();
      return;
    }
    for (const uri of recheck) {
      this.cache.delete(uri);
      await this.validate(uri);
    }
  }

  /** Files whose references point at this path, inside it (a folder), or next to it (a fix may now find it). */
  private dependentsOf(filePath: string): Set<string> {
    const out = new Set<string>();
    const dir = path.dirname(filePath);
    for (const [target, uris] of this.referencedBy) {
      if (target === filePath || target.startsWith(filePath + path.sep) || path.dirname(target) === dir) for (const u of uris) out.add(u);
    }
    return out;
  }

  private recordReferences(uri: string, document: PromptDocument | undefined): void {
    this.forgetReferences(uri);
    if (!document) return;
    const targets = new Set(document.references.map((r) => r.resolved));
    this.referencesOf.set(uri, targets);
    for (const t of targets) {
      let set = this.referencedBy.get(t);
      if (!set) this.referencedBy.set(t, (set = new Set()));
      set.add(uri);
    }
  }

  private forgetReferences(uri: string): void {
    for (const t of this.referencesOf.get(uri) ?? []) {
      const set = this.referencedBy.get(t);
      set?.delete(uri);
      if (set?.size === 0) this.referencedBy.delete(t);
    }
    this.referencesOf.delete(uri);
  }

  // ───────────────────────── analysis ─────────────────────────

  /** The analysis of a document as it is now (the open buffer, else the file on disk); undefined when it is not checked. */
  private analysisFor(uri: string): Promise<Analysis | undefined> {
    const doc = this.documents.get(uri);
    if (doc) {
      const hit = this.cache.get(uri);
      if (hit && hit.version === doc.version && hit.generation === this.generation) return hit.analysis;
      const analysis = this.computeAnalysis(uri, doc);
      this.cache.set(uri, { version: doc.version, generation: this.generation, analysis });
      // A failed analysis must not stay cached.
      analysis.catch(() => {
        if (this.cache.get(uri)?.analysis === analysis) this.cache.delete(uri);
      });
      return analysis;
    }
    return this.computeAnalysis(uri, undefined);
  }

  private async computeAnalysis(uri: string, doc: TextDocument | undefined): Promise<Analysis | undefined> {
    const filePath = uriToPath(uri);
    if (!filePath || isConfigFileName(filePath)) return undefined;
    const info = this.workspace.fileInfo(filePath);
    if (!info.kind || info.ignored) return undefined;
    const config = this.withEditorSettings(info.config);
    const base = { uri, path: filePath, version: doc?.version, kind: info.kind, config };
    const maxBytes = this.settings.maxFileSize;
    let text: string;
    if (doc) {
      text = doc.getText();
      const size = Buffer.byteLength(text, 'utf8');
      if (size > maxBytes) return skipped(base, text, `it is ${size} bytes, over the ${maxBytes}-byte limit (raise it with the promptcoach.maxFileSize setting)`);
      if (text.slice(0, BINARY_SNIFF_BYTES).includes('\0')) return skipped(base, text, 'it looks binary (it has a NUL byte)');
    } else {
      const read = readTextFile(filePath, maxBytes);
      if (read === undefined) return undefined;
      if (typeof read !== 'string') return skipped(base, '', read.reason);
      text = read;
    }
    let document: PromptDocument | undefined;
    let findings: Finding[];
    try {
      const previous = doc ? this.lastResults.get(uri) : undefined;
      this.lastResults.delete(uri);
      this.watchdog?.setHangMs(hangMs(this.settings.ruleTimeBudgetMs));
      // A file checked from disk (the workspace scan, many at once) has no time budget, only the
      // rules the watchdog stopped on it paused.
      const hung = this.hung.get(filePath);
      const budget = doc ? this.budgetFor(uri, filePath) : hung ? { ms: this.settings.ruleTimeBudgetMs, paused: new Map(hung) } : undefined;
      const options = { ...(budget ? { budget } : {}), onRule: (id: string | undefined) => this.watchdog?.beat(id, filePath) };
      const result = previous
        ? await reanalyze(previous, { path: filePath, text }, config, this.workspace.host, options)
        : await analyze({ path: filePath, text }, config, this.workspace.host, options);
      ({ document, findings } = result);
      if (doc && this.documents.get(uri)) this.lastResults.set(uri, result);
    } catch (error) {
      this.log(`analysis of ${filePath} failed: ${describe(error)}`);
      const at = { line: 0, character: 0 };
      findings = [{ ruleId: INTERNAL_ERROR, severity: 'error', message: `Prompt Coach could not check this file: ${describe(error)}. Report this with the file attached.`, range: { start: at, end: at }, path: filePath }];
    }
    this.recordReferences(uri, document);
    return { ...base, text, document, findings, tokens: document?.tokens ?? 0 };
  }

  /** The rule time budget of an open document, afresh when the setting changed. */
  private budgetFor(uri: string, filePath: string): RuleBudget {
    let budget = this.budgets.get(uri);
    if (budget?.ms !== this.settings.ruleTimeBudgetMs) {
      budget = { ms: this.settings.ruleTimeBudgetMs, paused: new Map(this.hung.get(filePath)) };
      this.budgets.set(uri, budget);
    }
    return budget;
  }

  /** The config with the editor's `promptcoach.rules` and `promptcoach.coachingLevel` applied over it. */
  private withEditorSettings(config: EffectiveConfig): EffectiveConfig {
    const overrides = Object.entries(this.settings.rules);
    const level = this.settings.coachingLevel ?? 'default';
    if (overrides.length === 0 && level === 'default') return config;
    const key = JSON.stringify([overrides, level]);
    const hit = editorConfigs.get(config);
    if (hit?.key === key) return hit.config;
    const rules = { ...config.rules };
    for (const [id, severity] of overrides) rules[id] = { ...rules[id], severity };
    // The analyzer applies the level (`analyze` reads `config.coachingLevel`).
    const adjusted: EffectiveConfig = { ...config, rules, ...(level === 'default' ? {} : { coachingLevel: level }) };
    editorConfigs.set(config, { key, config: adjusted });
    return adjusted;
  }

  /** The level a file was checked at (its config as the editor adjusted it) and what set it. */
  private coachingOf(config: EffectiveConfig): CoachingStatus {
    const from = (this.settings.coachingLevel ?? 'default') !== 'default' ? 'setting' : config.coachingLevel ? 'config' : 'default';
    return { level: config.coachingLevel ?? 'standard', from };
  }

  /** Applies every fix, re-analyzing between passes, in memory; the text after. */
  private async fixAllText(analysis: Analysis): Promise<string> {
    let { text, findings } = analysis;
    for (let pass = 0; pass < MAX_FIX_PASSES && findings.some((f) => f.fixes?.length); pass++) {
      const fixed = applyFixes(text, findings);
      if (fixed.applied === 0 || fixed.text === text) break;
      text = fixed.text;
      ({ findings } = await analyze({ path: analysis.path, text }, analysis.config, this.workspace.host));
    }
    return text;
  }

  // ───────────────────────── validation and publishing ─────────────────────────

  private schedule(uri: string, delay: number): void {
    this.cancel(uri);
    this.runs.set(uri, (this.runs.get(uri) ?? 0) + 1);
    const run = () => {
      this.timers.delete(uri);
      this.safely('validate', () => this.validate(uri));
    };
    // No debounce: as soon as the messages already read are handled (a timer waits a millisecond at least).
    if (delay > 0) {
      const timer = setTimeout(run, delay);
      this.timers.set(uri, () => clearTimeout(timer));
    } else {
      const immediate = setImmediate(run);
      this.timers.set(uri, () => clearImmediate(immediate));
    }
  }

  private cancel(uri: string): void {
    this.timers.get(uri)?.();
    this.timers.delete(uri);
  }

  /**
   * Analyzes and publishes one document, unless a newer run or version overtakes it. Config
   * problems are published after it too, unless a whole-workspace refresh does that once at its end.
   */
  private async validate(uri: string, publishConfig = true): Promise<Analysis | undefined> {
    const run = (this.runs.get(uri) ?? 0) + 1;
    this.runs.set(uri, run);
    if (!this.settings.enable || this.shuttingDown) return undefined;
    const analysis = await this.analysisFor(uri);
    if (this.runs.get(uri) !== run || this.shuttingDown) return undefined;
    const doc = this.documents.get(uri);
    if (doc && analysis && analysis.version !== doc.version) return undefined;
    if (!analysis) {
      this.clear(uri);
      if (doc) this.sendStatus({ uri, checked: false, kind: null, errors: 0, warnings: 0, infos: 0, tokens: 0 });
      if (publishConfig) this.publishConfigProblems();
      return undefined;
    }
    this.known.set(analysis.path, this.known.get(analysis.path) ?? uri);
    void this.connection.sendDiagnostics({
      uri,
      ...(analysis.version === undefined ? {} : { version: analysis.version }),
      diagnostics: analysis.findings.map(toDiagnostic),
    });
    this.published.set(uri, { version: analysis.version });
    this.sendStatus({
      uri,
      checked: true,
      kind: analysis.kind,
      ...countBySeverity(analysis.findings),
      tokens: analysis.tokens,
      coaching: this.coachingOf(analysis.config),
    });
    if (publishConfig) this.publishConfigProblems();
    return analysis;
  }

  private clear(uri: string): void {
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.sendStatus({ uri, checked: false, kind: null, errors: 0, warnings: 0, infos: 0, tokens: 0 });
  }

  private clearAll(): void {
    for (const uri of [...this.published.keys()]) this.clear(uri);
    for (const [filePath] of this.configPublished) void this.connection.sendDiagnostics({ uri: this.uriOf(filePath), diagnostics: [] });
    this.configPublished.clear();
  }

  private sendStatus(params: StatusParams): void {
    void this.connection.sendNotification(StatusNotification.type, params);
  }

  /** Publishes each config file's problems where they changed, and clears the ones fixed. */
  private publishConfigProblems(): void {
    if (!this.settings.enable) return;
    const problems = this.workspace.configProblems();
    for (const [filePath, list] of problems) {
      const diagnostics = list.map(configProblemDiagnostic);
      const json = JSON.stringify(diagnostics);
      if (this.configPublished.get(filePath) === json) continue;
      this.configPublished.set(filePath, json);
      const uri = this.uriOf(filePath);
      void this.connection.sendDiagnostics({ uri, diagnostics });
      const counts = countBySeverity(list);
      this.sendStatus({ uri, checked: true, kind: null, ...counts, tokens: 0 });
    }
    for (const filePath of [...this.configPublished.keys()]) {
      if (problems.has(filePath)) continue;
      this.configPublished.delete(filePath);
      const uri = this.uriOf(filePath);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.sendStatus({ uri, checked: true, kind: null, errors: 0, warnings: 0, infos: 0, tokens: 0 });
    }
  }

  private uriOf(filePath: string): string {
    return this.workspace.openDocument(filePath)?.uri ?? this.known.get(filePath) ?? pathToUri(filePath);
  }

  private refreshCodeLenses(): void {
    if (this.capabilities.workspace?.codeLens?.refreshSupport) {
      this.connection.sendRequest(CodeLensRefreshRequest.type).catch((e: unknown) => this.log(`codeLens refresh failed: ${describe(e)}`));
    }
  }

  // ───────────────────────── whole workspace ─────────────────────────

  /** Re-checks after a config change, once typing in it pauses. */
  private scheduleRefresh(): void {
    this.cancel('\0refresh');
    const timer = setTimeout(() => {
      this.timers.delete('\0refresh');
      this.safely('refresh', () => this.refresh({ rescan: true, progress: false }));
    }, this.settings.debounceMs);
    this.timers.set('\0refresh', () => clearTimeout(timer));
  }

  /** Runs one refresh at a time; requests made meanwhile share the next one. */
  refresh(options: RefreshOptions): Promise<LintWorkspaceResult> {
    if (!this.refreshing) {
      this.refreshing = this.refreshAll(options).finally(() => {
        this.refreshing = undefined;
      });
      return this.refreshing;
    }
    if (this.pendingRefresh) {
      this.pendingRefresh.options.rescan ||= options.rescan;
      this.pendingRefresh.options.progress ||= options.progress;
      return this.pendingRefresh.promise;
    }
    const pending = { options: { ...options }, promise: undefined as unknown as Promise<LintWorkspaceResult> };
    pending.promise = this.refreshing.then(
      () => {
        this.pendingRefresh = undefined;
        return this.refresh(pending.options);
      },
      () => {
        this.pendingRefresh = undefined;
        return this.refresh(pending.options);
      },
    );
    this.pendingRefresh = pending;
    return pending.promise;
  }

  private async refreshAll(options: RefreshOptions): Promise<LintWorkspaceResult> {
    this.generation++;
    this.cache.clear();
    const result: LintWorkspaceResult = { files: 0, errors: 0, warnings: 0, infos: 0 };
    if (!this.settings.enable || this.shuttingDown) return result;
    let progress: WorkDoneProgressServerReporter | undefined;
    if (options.progress) {
      progress = await this.connection.window.createWorkDoneProgress();
      progress.begin('Prompt Coach', 0, 'Looking for prompt files…', false);
    }
    try {
      if (options.rescan) {
        const found = new Map<string, string>();
        for (const folder of this.workspace.workspaceFolders) {
          const { files } = collectFiles(['.'], { cwd: folder, configs: this.workspace.resolverFor(folder), allFiles: false });
          for (const f of files) if (!isConfigFileName(f)) found.set(f, this.known.get(f) ?? pathToUri(f));
          await yieldToEventLoop();
        }
        for (const [filePath, uri] of this.known) {
          if (found.has(filePath)) continue;
          // Outside the folders, or no longer a prompt file: open ones are judged below.
          if (this.workspace.openDocument(filePath)) continue;
          if (this.workspace.folderOf(filePath) && !fs.existsSync(filePath)) {
            this.known.delete(filePath);
            this.forgetReferences(uri);
            this.clear(uri);
          } else found.set(filePath, uri);
        }
        this.known.clear();
        for (const [f, u] of found) this.known.set(f, u);
      }
      const uris = new Set([...this.known.values()]);
      for (const doc of this.documents.all()) {
        const filePath = uriToPath(doc.uri);
        if (filePath && !this.workspace.isConfigFile(filePath)) uris.add(doc.uri);
      }
      let done = 0;
      for (const uri of uris) {
        if (this.shuttingDown) break;
        const analysis = await this.validate(uri, false);
        if (analysis) {
          result.files++;
          const counts = countBySeverity(analysis.findings);
          result.errors += counts.errors;
          result.warnings += counts.warnings;
          result.infos += counts.infos;
        } else {
          const filePath = uriToPath(uri);
          if (filePath && !this.workspace.openDocument(filePath)) {
            this.known.delete(filePath);
            this.clear(uri);
          }
        }
        done++;
        if (progress && (done % 10 === 0 || done === uris.size)) {
          progress.report(Math.round((done / uris.size) * 100), `Checked ${done} of ${uris.size} files`);
        }
        await yieldToEventLoop();
      }
      this.publishConfigProblems();
      this.refreshCodeLenses();
    } finally {
      progress?.done();
    }
    return result;
  }

  // ───────────────────────── robustness ─────────────────────────

  /** Wraps a request handler: a throw is logged and answered with `fallback`, never fatal. */
  private guard<P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (error) {
        this.log(`${name} failed: ${describe(error, true)}`);
        return fallback;
      }
    };
  }

  /**
   * Wraps a request handler whose failures the client must see: a `ResponseError` goes back as it
   * is; anything else is logged and answered with `RequestFailed` and its message.
   */
  private answer<P, R>(name: string, handler: (params: P) => Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await handler(params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.log(`${name} failed: ${describe(error, true)}`);
        throw new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${describe(error)}`);
      }
    };
  }

  /** Runs a notification handler, logging instead of throwing. */
  private safely(name: string, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => this.log(`${name} failed: ${describe(error, true)}`));
    } catch (error) {
      this.log(`${name} failed: ${describe(error, true)}`);
    }
  }

  private log(message: string): void {
    try {
      this.connection.console.error(`[Prompt Coach] ${message}`);
    } catch {
      /* the connection is gone */
    }
  }
}

/** Editor-adjusted copies of configs, by the config they were made from. */
const editorConfigs = new WeakMap<EffectiveConfig, { key: string; config: EffectiveConfig }>();

function skipped(base: Omit<Analysis, 'text' | 'document' | 'findings' | 'tokens'>, text: string, reason: string): Analysis {
  const at = { line: 0, character: 0 };
  return {
    ...base,
    text,
    document: undefined,
    findings: [{ ruleId: FILE_SKIPPED, severity: 'info', message: `File not checked: ${reason}.`, range: { start: at, end: at }, path: base.path }],
    tokens: 0,
  };
}

/** The file's text; `{reason}` when it is too large or binary; undefined when it cannot be read. */
function readTextFile(filePath: string, maxBytes: number): string | { reason: string } | undefined {
  try {
    const stat = fs.statSync(filePath);
    if (!stat.isFile()) return undefined;
    if (stat.size > maxBytes) return { reason: `it is ${stat.size} bytes, over the ${maxBytes}-byte limit (raise it with the promptcoach.maxFileSize setting)` };
    return decodeText(fs.readFileSync(filePath));
  } catch {
    return undefined;
  }
}

function readText(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(dir: string): DirEntry[] | undefined {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
      let isDirectory = e.isDirectory();
      if (e.isSymbolicLink()) isDirectory = fs.statSync(path.join(dir, e.name), { throwIfNoEntry: false })?.isDirectory() ?? false;
      return { name: e.name, isDirectory };
    });
  } catch {
    return undefined;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function describe(error: unknown, stack = false): string {
  if (error instanceof Error) return stack && error.stack ? error.stack : error.message;
  return String(error);
}

/**
 * Starts the server on a connection: by default the one the command line asks for
 * (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`), as VS Code's client launches it.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): PromptCoachServer {
  const server = new PromptCoachServer(connection);
  process.on('uncaughtException', (error) => connection.console.error(`[Prompt Coach] uncaught: ${describe(error, true)}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`[Prompt Coach] unhandled rejection: ${describe(reason, true)}`));
  server.listen();
  return server;
}

/** How long a rule may run before the watchdog stops the server: ten budgets, and ten seconds at least. */
function hangMs(budgetMs: number): number {
  return Math.max(10_000, 10 * budgetMs);
}
