/**
 * What the quality dashboard's host (src/extension/dashboard/panel.ts) and its page
 * (src/webview/dashboard/main.ts) say to each other, and the state both keep. Both sides import
 * this one module, so a change to a message breaks the build on both sides.
 *
 * Transport (as the inspection panel's): the page posts `ready` once it listens; the host posts
 * nothing before that and answers with the report it has, or builds one. The host owns the range
 * and the report; the page shows them and asks for changes. Messages from the page are untrusted:
 * the host parses each one with `FromWebviewMessage` (zod/mini) first, and opens only the files,
 * commits and rules the current report names.
 *
 * The page imports this module for its types only (`import type`), so zod never reaches the page
 * bundle. Nothing here may import `vscode` or touch the DOM.
 */
import * as z from 'zod/mini';
import type { DashboardReport } from '../../server/protocol';

/** The report the server sends: a `QualityReport` and its repository root. */
export type Report = DashboardReport;

/** How far back the dashboard looks; `all` is the whole history. */
export const RANGES = ['30d', '90d', '365d', 'all'] as const;
export type Range = (typeof RANGES)[number];
export const DEFAULT_RANGE: Range = '90d';

/** Everything the page shows; kept with `setState`, handed to the serializer after a reload. */
export interface PageState {
  v: 1;
  range: Range;
  /** The last report received (for `range`, unless `loading` says a new one is coming). */
  report: Report | null;
  /** A build is under way: the page shows what it has, marked as refreshing. */
  loading: boolean;
  /** Why there is no report: not a git repository, no commit, the server failed. */
  error: string | null;
  /** The worst-files table shows every file, not only the first rows. */
  allFiles: boolean;
}

/** The `data-state` attribute of the page's root element: where the page starts without a saved state. */
export interface InitialState {
  range: Range;
}

// ───────────────────────── Host → page ─────────────────────────

/** Sent from the host to the page. The page switches on `type` exhaustively. */
export type ToWebviewMessage =
  /** A build for `range` started (on ready, refresh, a range change, a save or a config change). */
  | { type: 'loading'; range: Range }
  /** The report for `range`. */
  | { type: 'report'; range: Range; report: Report }
  /** No report for `range`, and why, in words for the user. */
  | { type: 'error'; range: Range; message: string };

// ───────────────────────── Page → host (validated) ─────────────────────────

const MAX_PATH = 4096;
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** Sent from the page to the host. The host parses every message with this schema first. */
export const FromWebviewMessage = z.discriminatedUnion('type', [
  /** The page listens: the host posts the report it has, or builds one. */
  z.strictObject({ type: z.literal('ready') }),
  /** Build the report again (the Refresh button). */
  z.strictObject({ type: z.literal('refresh') }),
  /** Look this far back. */
  z.strictObject({ type: z.literal('setRange'), range: z.enum(RANGES) }),
  /** Open a file the report names (repository-relative path). */
  z.strictObject({ type: z.literal('openFile'), path: text(1, MAX_PATH) }),
  /** Show a commit the report names: its patch to the prompt files it changed. */
  z.strictObject({ type: z.literal('openCommit'), sha: z.string().check(z.regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/)) }),
  /** Open a rule's docs (`promptcoach.explainRule`). */
  z.strictObject({ type: z.literal('openRule'), id: text(1, 200) }),
]);
export type FromWebviewMessage = z.infer<typeof FromWebviewMessage>;

/** The part of a page's saved state the host reads back after a reload (the report it builds again). */
export const PersistedPageState = z.object({ v: z.literal(1), range: z.enum(RANGES) });
export type PersistedPageState = z.infer<typeof PersistedPageState>;

/** `since` of the server's request for a range. */
export function sinceOf(range: Range): string | undefined {
  return range === 'all' ? undefined : range;
}
