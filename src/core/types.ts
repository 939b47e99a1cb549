/**
 * The analyzer's vocabulary. Everything in `src/core` speaks these types; the CLI, the language
 * server and the webviews adapt them. Nothing here knows about an editor.
 */
import type { ZodType } from 'zod';

/** What a file is for; rules, checklists and scores target kinds. */
export const KINDS = ['prompt', 'instructions', 'agent', 'context', 'rules', 'skill'] as const;
export type Kind = (typeof KINDS)[number];

export const CATEGORIES = ['direction', 'context', 'safety', 'format'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeveritySetting = Severity | 'off';

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A fix is data: the editor layer (or `--fix`) only applies it. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** Imperative, shown as the quick-fix title: "Replace 'some' with a number". */
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Absolute path of the file the finding is in (the config file for config problems). */
  path: string;
  /** First fix is the preferred one. */
  fixes?: Fix[];
  /** Team standard clause or docs anchor the finding cites, when one exists. */
  docsId?: string;
  /** The clause of the team's standard this rule's findings cite (`standard.clauses[].rules`). */
  standard?: { id: string; text: string };
}

/** Coaching docs: the README table, hovers and `explain` are generated from these. */
export interface RuleDocs {
  /** One line: what the rule checks. */
  summary: string;
  /** Why it matters to the agent and to the operator. */
  rationale: string;
  /** A short bad example (Markdown source). */
  bad: string;
  /** The same example done well. */
  good: string;
  /** Which kinds it applies to and why others are exempt. */
  kindsNote?: string;
  /** Options in prose, when the rule takes any. */
  options?: string;
  /**
   * How often its findings were right on the real-world corpus, judged by reading a sample. Every
   * built-in rule has it (a test checks); custom rules and engine ids do not.
   */
  precision?: JudgedPrecision;
}

/**
 * A rule's precision as judged by a person who read sampled findings on `../shared/corpus`
 * (`npm run corpus:sample -- <rule-id>`): `right` of `judged` were findings a careful author would
 * act on. `judged` is 0 when the corpus gave the rule nothing to flag; `note` then says how it was
 * checked instead, and otherwise what the wrong ones had in common.
 */
export interface JudgedPrecision {
  right: number;
  judged: number;
  note: string;
}

export interface RuleMeta<O = unknown> {
  /** kebab-case, stable: configs and suppressions name it. */
  id: string;
  category: Category;
  defaultSeverity: SeveritySetting;
  /** Kinds it runs on; `'all'` includes files of no known kind. */
  kinds: readonly Kind[] | 'all';
  fixable: boolean;
  docs: RuleDocs;
  /** Validates and defaults the rule's options (`rules: { id: [severity, options] }`). */
  options?: ZodType<O>;
  /**
   * `block`: each finding depends only on the top-level Markdown block it starts in, the text
   * within 256 characters of that block, and the file's path, kind, frontmatter, language and
   * headings (titles and levels); never on the rest of the file, the file system or the time. So
   * after an edit the editor re-checks only the blocks that changed. `document` (the default):
   * the rule runs on the whole file every time. The incremental analyzer's equivalence property
   * test holds every `block` rule to its word.
   */
  scope?: 'block' | 'document';
}

/** What a rule reports; the engine adds rule id, severity and path. */
export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
}

/**
 * The file system seen by the analyzer. Injected so the core runs the same under the CLI,
 * the language server (open buffers win over disk) and tests (in memory).
 */
export interface Host {
  /** True for an existing file or directory. */
  exists(absPath: string): boolean;
  isDirectory(absPath: string): boolean;
  readFile(absPath: string): string | undefined;
  /** Resolves an npm package's file as Node would from `fromDir`; undefined when not installed. */
  resolvePackage?(specifier: string, fromDir: string): string | undefined;
  /**
   * When a file last changed: its last commit's time when it is tracked by git and unmodified,
   * else its modification time; undefined when it does not exist or the host cannot tell.
   */
  lastChanged?(absPath: string): FileTime | undefined;
  /**
   * Every file under `root` (absolute), as `/`-separated paths relative to it, without `.git`,
   * `node_modules` and other dependency or build folders; undefined when the host cannot list.
   */
  listFiles?(root: string): readonly string[] | undefined;
}

export interface FileTime {
  /** Milliseconds since the epoch. */
  time: number;
  source: 'git' | 'mtime';
}

export interface RuleContext<O = unknown> {
  readonly doc: import('./document').PromptDocument;
  readonly options: O;
  readonly host: Host;
  /** The workspace root the config belongs to (absolute). */
  readonly root: string;
  /** The current time in milliseconds since the epoch (fixed in tests). */
  readonly now: number;
  report(report: Report): void;
}

export interface Rule<O = unknown> {
  meta: RuleMeta<O>;
  check(context: RuleContext<O>): void | Promise<void>;
}

/** Keeps each rule file typed against its own options. */
export function defineRule<O = undefined>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** Ids the engine itself reports under; they are not rules and cannot be configured away. */
export const INTERNAL_ERROR = 'internal-error';
export const CONFIG_ERROR = 'config-error';
export const UNUSED_SUPPRESSION = 'unused-suppression';
export const SUPPRESSION_REASON_MISSING = 'suppression-reason-missing';
