/**
 * What the Prompt Coach language server and its clients say to each other beyond plain LSP: the
 * custom messages, the settings, the initialization options and the names both sides must agree
 * on. Client and server import this one module, so a change to a payload breaks the build on both
 * sides. It depends only on `vscode-jsonrpc`'s message types (no server or client library).
 *
 * Adding a setting: add it to `PromptCoachSettings` and `DEFAULT_SETTINGS` here, to
 * `contributes.configuration` in package.json, read it in `src/server/settings.ts` (`readSettings`),
 * then use it.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { CoachingLevel } from '../core/config/schema';
import type { AutoCheck, StandardCitation } from '../core/config/types';
import type { AutoCheckResult, Decision, InspectionRecord, ItemVerdict, RecordProblem, Reviewer } from '../core/inspection/record';
import type { QualityReport } from '../core/report/model';
import type { TemplateInput } from '../core/templates';
import type { Category, Fix, Kind, SeveritySetting } from '../core/types';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Prompt Coach';

/** The `workspace/configuration` section the server reads its settings from. */
export const SETTINGS_SECTION = 'promptcoach';

/** URI scheme of the rule docs pages the client provides (a `TextDocumentContentProvider`). */
export const DOCS_SCHEME = 'promptcoach-docs';

/** `codeDescription.href` of a rule's diagnostics: `promptcoach-docs:/rules/<id>.md`. */
export function ruleDocsUri(ruleId: string): string {
  return `${DOCS_SCHEME}:/rules/${encodeURIComponent(ruleId)}.md`;
}

/** The rule id of a rule docs URI (as a string or as its path), or undefined. */
export function ruleIdFromDocsUri(uriOrPath: string): string | undefined {
  const m = /(?:^|\/)rules\/([^/]+)\.md$/.exec(uriOrPath.replace(new RegExp(`^${DOCS_SCHEME}:`), ''));
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
}

/** Commands the server's code actions and code lenses name; the client registers them. */
export const ClientCommands = {
  /** Opens a rule's docs. Arguments: `[ruleId: string]`. */
  explainRule: 'promptcoach.explainRule',
  /** Opens the Problems panel. No arguments. */
  showProblems: 'promptcoach.showProblems',
  /** Asks for the coaching level and writes `promptcoach.coachingLevel`. Arguments: `[level?: CoachingLevelSetting]`. */
  selectCoachingLevel: 'promptcoach.selectCoachingLevel',
  /** Makes a file from a template. Arguments: `[{ templateId, answers, folder?, overwrite? }?]` (none: ask). */
  newFromTemplate: 'promptcoach.newFromTemplate',
} as const;

/** The code action kind of "fix everything in this file" (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.promptcoach';

export type { CoachingLevel, StandardCitation, TemplateInput };

/** `promptcoach.coachingLevel`: a level, or `default` for the team config's `coachingLevel` (else `standard`). */
export type CoachingLevelSetting = 'default' | CoachingLevel;

/** Editor settings, section `promptcoach`. */
export interface PromptCoachSettings {
  /** Turns the server's features on or off. */
  enable: boolean;
  /** When to check open files: as you type (debounced) or when you save. */
  run: 'onType' | 'onSave';
  /** Wait this long after the last keystroke before checking (`run: onType`). */
  debounceMs: number;
  /** Rule id → severity for the editor only, applied after `.promptcoach.json`. */
  rules: Record<string, SeveritySetting>;
  /** Shows "≈ N tokens · E errors, W warnings" above each prompt file. */
  codeLens: boolean;
  /** Files larger than this many bytes get one info diagnostic instead of being checked. */
  maxFileSize: number;
  /** How long one rule may take on one open file before it is paused for that file (`RuleBudget`). */
  ruleTimeBudgetMs: number;
  /** Overrides the config's `coachingLevel` for this editor; `default` (or absent: an older client) keeps it. */
  coachingLevel?: CoachingLevelSetting;
}

export const DEFAULT_SETTINGS: Readonly<PromptCoachSettings> = {
  enable: true,
  run: 'onType',
  debounceMs: 200,
  rules: {},
  codeLens: true,
  maxFileSize: 1024 * 1024,
  ruleTimeBudgetMs: 1000,
  coachingLevel: 'default',
};

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  /**
   * False in an untrusted workspace (VS Code's workspace trust): configs may not load npm packages
   * or absolute paths in `extends`. Default true. Switch later with `SetTrustedNotification`.
   */
  trusted?: boolean;
}

/** `data` of every diagnostic: the code actions read the fixes back from it. */
export interface DiagnosticData {
  ruleId: string;
  /** The rule's fixes, the preferred one first; ranges are in the document version diagnosed. */
  fixes: Fix[];
}

export interface RuleDocsParams {
  ruleId: string;
  /** A document whose config defines the rule (custom rules); any known config is searched without it. */
  uri?: string;
}

export interface RuleDocsResult {
  /** False when no built-in, engine or custom rule has this id; `markdown` then says so. */
  found: boolean;
  markdown: string;
}

/** Sent from the client to the server to get a rule's coaching docs as Markdown (the docs page, `explain`). */
export namespace RuleDocsRequest {
  export const method = 'promptcoach/ruleDocs' as const;
  export const type = new RequestType<RuleDocsParams, RuleDocsResult, void>(method);
}

/** No parameters; `{}` is fine. */
export type LintWorkspaceParams = Record<string, never>;

export interface LintWorkspaceResult {
  /** Prompt and context files checked. */
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** Sent from the client to the server to re-scan every workspace folder and re-check every prompt file. */
export namespace LintWorkspaceRequest {
  export const method = 'promptcoach/lintWorkspace' as const;
  export const type = new RequestType<LintWorkspaceParams, LintWorkspaceResult, void>(method);
}

export interface ListRulesParams {
  /** A document whose config's custom rules to include; every known config's without it. */
  uri?: string;
}

export interface RuleSummary {
  id: string;
  category: Category;
  defaultSeverity: SeveritySetting;
  fixable: boolean;
  /** One line: what the rule checks. */
  summary: string;
  /** `built-in` rules, `custom` rules from `.promptcoach.json`, `engine` ids (config errors, unused suppressions…). */
  origin: 'built-in' | 'custom' | 'engine';
}

export interface ListRulesResult {
  rules: RuleSummary[];
}

/** Sent from the client to the server to list every rule it knows (built-in, custom, engine), for pickers such as "Explain Rule". */
export namespace ListRulesRequest {
  export const method = 'promptcoach/listRules' as const;
  export const type = new RequestType<ListRulesParams, ListRulesResult, void>(method);
}

export interface ServerInfo {
  /** The server's process id: tests kill the process to see the client bring it back. */
  pid: number;
}

/** Sent from the client to learn about the running server process. */
export namespace ServerInfoRequest {
  export const method = 'promptcoach/serverInfo' as const;
  export const type = new RequestType0<ServerInfo, void>(method);
}

export interface StatusParams {
  uri: string;
  /**
   * True when the server checks this document (a prompt file, or a config file with its problems);
   * false when it does not (any more): hide the status for it.
   */
  checked: boolean;
  /** The file's kind; null for config files and files not checked. */
  kind: Kind | null;
  errors: number;
  warnings: number;
  infos: number;
  /** Estimated model tokens of the text checked (0 when not checked). */
  tokens: number;
  /** The coaching level the file was checked at, and what set it; absent for config files and files not checked. */
  coaching?: CoachingStatus;
}

export interface CoachingStatus {
  level: CoachingLevel;
  /** `setting`: `promptcoach.coachingLevel`; `config`: the config's (or a pack's) `coachingLevel`; `default`: neither. */
  from: 'setting' | 'config' | 'default';
}

/** Sent from the server to the client each time it publishes a document's diagnostics, to update the status bar. */
export namespace StatusNotification {
  export const method = 'promptcoach/status' as const;
  export const type = new NotificationType<StatusParams>(method);
}

export interface SetTrustedParams {
  trusted: boolean;
}

/** Sent from the client to the server when workspace trust changes, to reload configs with or without npm `extends`. */
export namespace SetTrustedNotification {
  export const method = 'promptcoach/setTrusted' as const;
  export const type = new NotificationType<SetTrustedParams>(method);
}

// ───────────────────────── templates ("New Prompt from Template…") ─────────────────────────

export interface TemplatesParams {
  /** A workspace folder, or a file in one: the config there decides the templates. The first workspace folder without it. */
  uri?: string;
}

export interface TemplateSummary {
  id: string;
  title: string;
  description: string;
  kind: Kind;
  /** Where it comes from, for display: the pack's name, or the config file relative to the workspace folder. */
  source: string;
  /** True for templates built into Prompt Coach (the recommended pack). */
  builtIn: boolean;
  /** Name of the new file; may use `${input:…}`. */
  fileName: string;
  /** Folder of the new file, relative to the workspace folder; may use `${input:…}`. */
  folder?: string;
  /** The questions to ask, in order (`templateInputs`). */
  inputs: TemplateInput[];
  /** The template's text, `${input:…}` placeholders and all. */
  text: string;
}

export interface TemplatesResult {
  /** URI of the workspace folder the templates' paths are relative to; null outside every folder. */
  folder: string | null;
  /** Nearest config's first; a source's templates in the order it lists them. */
  templates: TemplateSummary[];
  /** Templates left out because their text cannot be read, one sentence each. */
  problems: string[];
}

/** Sent from the client to the server to list the templates in force for a folder, with their text and inputs. */
export namespace TemplatesRequest {
  export const method = 'promptcoach/templates' as const;
  export const type = new RequestType<TemplatesParams, TemplatesResult, void>(method);
}

// ───────────────────────── inspection (the checklist panel) ─────────────────────────
//
// Outputs and prompts are `file:` URIs of saved files: checks and records read the file on disk,
// and a request naming a file with unsaved changes fails with a message saying so. Every output
// of one request must be in the same repository (records go to its `.promptcoach/inspections/`).
// Failures are JSON-RPC errors (`InvalidParams` for a request that cannot be satisfied as given,
// `RequestFailed` otherwise) whose message is written for the reviewer.

export type { AutoCheckResult, Decision, InspectionRecord, ItemVerdict, RecordProblem, Reviewer };

export interface InspectionChecklistsParams {
  /** The outputs to inspect. */
  outputs: string[];
}

export interface InspectionChecklistItem {
  id: string;
  text: string;
  /** What a good check looks like, for a new reviewer. */
  help?: string;
  /** Accepting needs this item 'pass', or 'na' with a note. */
  required: boolean;
  /** The automatic check as configured (`type`, and `command`/`timeout` or `rules`/`kind`). */
  auto?: AutoCheck;
  /** The clause of the team's standard this item checks. */
  standard?: StandardCitation;
}

export interface InspectionChecklist {
  id: string;
  title: string;
  version: number;
  description?: string;
  /** sha256 of the definition, as records keep it. */
  hash: string;
  items: InspectionChecklistItem[];
  /** The outputs (URIs, from the params) this checklist applies to. */
  outputs: string[];
}

export interface InspectionChecklistsResult {
  /** Those that apply to at least one of the outputs, in config order. */
  checklists: InspectionChecklist[];
  /** False in an untrusted workspace: `command` checks will be skipped. */
  trusted: boolean;
}

/** Sent from the client to the server to get the checklists that apply to the outputs being inspected. */
export namespace InspectionChecklistsRequest {
  export const method = 'promptcoach/inspection/checklists' as const;
  export const type = new RequestType<InspectionChecklistsParams, InspectionChecklistsResult, void>(method);
}

export interface InspectionRunChecksParams {
  checklistId: string;
  outputs: string[];
  /** The prompt that produced the outputs, if linked. */
  prompt?: string;
  /** Only these item ids (to re-run one); all items with an automatic check without it. */
  only?: string[];
}

export interface InspectionRunChecksResult {
  /** One per item with an automatic check, in checklist order. */
  results: AutoCheckResult[];
  /** URI of the repository root; findings' paths are relative to it. */
  root: string;
}

/**
 * Sent from the client to the server to run a checklist's automatic checks on the outputs. The
 * results are remembered for the outputs' current content: a `record` request for the same
 * outputs and checklist records them instead of running the checks again.
 */
export namespace InspectionRunChecksRequest {
  export const method = 'promptcoach/inspection/runChecks' as const;
  export const type = new RequestType<InspectionRunChecksParams, InspectionRunChecksResult, void>(method);
}

export interface InspectionRecordParams {
  checklistId: string;
  outputs: string[];
  prompt?: string;
  /** A verdict for every item of the checklist; `note` may be empty except on a 'fail' and on a required 'na'. */
  items: ItemVerdict[];
  decision: Decision;
  /** Why; required to reject. */
  reason: string;
  /** Who signs; from `git config user.name` / `user.email` in the repository when absent. */
  reviewer?: Reviewer;
}

export interface InspectionRecordResult {
  /** The record as appended. */
  record: InspectionRecord;
  /** URI of the records file it went to (`.promptcoach/inspections/YYYY-MM.jsonl`). */
  file: string;
}

/**
 * Sent from the client to the server to record an Accept or Reject: the server hashes the files as
 * saved, fills in the reviewer from git when none is given, validates the decision against the
 * checklist (every item has a verdict, a 'fail' has a note; accepting needs required items 'pass' or 'na' with a note;
 * rejecting needs a reason), adds the automatic results (those of the last `runChecks` for this
 * content, else it runs them) and appends the record atomically.
 */
export namespace InspectionRecordRequest {
  export const method = 'promptcoach/inspection/record' as const;
  export const type = new RequestType<InspectionRecordParams, InspectionRecordResult, void>(method);
}

export interface InspectionListParams {
  /** A file or folder whose repository's records to list; the first workspace folder's without it. */
  uri?: string;
}

export interface InspectionListResult {
  /** URI of the repository root the records' paths are relative to. */
  root: string;
  /** Oldest first. */
  records: InspectionRecord[];
  /** Lines that are not valid records, with their file (repository-relative) and line number. */
  problems: RecordProblem[];
}

/** Sent from the client to the server to list the inspection records of a repository. */
export namespace InspectionListRequest {
  export const method = 'promptcoach/inspection/list' as const;
  export const type = new RequestType<InspectionListParams, InspectionListResult, void>(method);
}

// ───────────────────────── quality dashboard ─────────────────────────

export type { QualityReport };

export interface QualityReportParams {
  /** How far back: `30d`, `90d`, `365d` (as `prompt-coach report --since`), a date or a commit; the whole history without it. */
  since?: string;
}

/** The report, and where its repository-relative paths are rooted (the dashboard opens files and commits from there). */
export interface DashboardReport extends QualityReport {
  /** URI of the repository root. */
  root: string;
}

/**
 * `{ error }` for what the user can act on (the folder is not a git repository, it has no commit
 * yet): the dashboard shows the message in place of the charts.
 */
export type QualityReportResult = DashboardReport | { error: string };

/**
 * Sent from the client to the server to get the quality report of the first workspace folder's
 * repository: one snapshot per commit that changed a prompt or context file, the working tree
 * as it is on disk, alerts, inspections. Configs are read as the editor reads them (trust respected).
 */
export namespace QualityReportRequest {
  export const method = 'promptcoach/qualityReport' as const;
  export const type = new RequestType<QualityReportParams, QualityReportResult, void>(method);
}
