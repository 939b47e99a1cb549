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
import { NotificationType, RequestType } from 'vscode-jsonrpc';
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
} as const;

/** The code action kind of "fix everything in this file" (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.promptcoach';

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
}

export const DEFAULT_SETTINGS: Readonly<PromptCoachSettings> = {
  enable: true,
  run: 'onType',
  debounceMs: 200,
  rules: {},
  codeLens: true,
  maxFileSize: 1024 * 1024,
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
