/**
 * What the inspection panel's host (src/extension/inspection/panel.ts) and its page
 * (src/webview/inspection/main.ts) say to each other, and the state both keep. Both sides import
 * this one module, so a change to a message breaks the build on both sides.
 *
 * Transport (after vscode-pull-request-github): the page posts `ready` once it listens; the host
 * posts nothing before that. Requests carry a `requestId` the page chooses; the reply echoes it,
 * and a failed request is answered with `error` carrying the same id. Messages from the page are
 * untrusted: the host parses each one with `FromWebviewMessage` (zod) before it acts on it.
 *
 * The host validates with `zod/mini` (tree-shaken: about 20 kB in the client instead of zod's
 * 450). The page imports this module for its types only (`import type`), so zod never reaches the
 * page bundle; the logic both sides share (what blocks Accept, the record's items) is in `model.ts`.
 * Nothing here may import `vscode` or touch the DOM.
 */
import * as z from 'zod/mini';
import type { AutoCheckResult, Decision, InspectionChecklist, InspectionChecklistItem, ItemVerdict } from '../../server/protocol';

// ───────────────────────── Data from the language server ─────────────────────────
// The language server's own types (src/server/protocol.ts), type-only: the page passes them on
// unchanged, so a change on the server side breaks this build too.

export type { Decision };
export type Checklist = InspectionChecklist;
export type ChecklistItem = InspectionChecklistItem;
/** One automatic check's result; `findings[].path` is relative to the repository root. */
export type CheckResult = AutoCheckResult;
export type CheckFinding = AutoCheckResult['findings'][number];
export type CheckStatus = AutoCheckResult['status'];
export type Verdict = ItemVerdict['verdict'];

// ───────────────────────── State ─────────────────────────

/** One output file under inspection. */
export interface Target {
  /** `file:` URI as a string: what the host opens and the server records. */
  uri: string;
  /** Workspace-relative path (or the file name), for display. */
  label: string;
  /** Present when the reviewer inspects a selection: the selected text, shown as text. */
  excerpt?: { startLine: number; endLine: number; text: string };
}

/** The prompt file that produced the output. */
export interface PromptLink {
  uri: string;
  label: string;
}

/** What the host knows and the page shows but does not change (except `prompt`, through the host). */
export interface InspectionContext {
  /** Identifies the set of output files; drafts and linked prompts are remembered under it. */
  key: string;
  targets: Target[];
  prompt: PromptLink | null;
  /** "Ada Lovelace <ada@example.com>" from the setting, or null: the server asks git. */
  reviewer: string | null;
}

/** The reviewer's verdict and note on one item. */
export interface ItemAnswer {
  verdict: Verdict | null;
  note: string;
}

/** What the reviewer entered: the part only the page changes. Persisted as the draft. */
export interface Answers {
  checklistId: string | null;
  /** checklist id → item id → answer. */
  items: Record<string, Record<string, ItemAnswer>>;
  /** True while the inline "why reject?" form is open. */
  rejecting: boolean;
  rejectReason: string;
}

export type ChecklistsState =
  | { status: 'loading' }
  /** `trusted` false: the workspace is not trusted and `command` checks are skipped. */
  | { status: 'ready'; checklists: Checklist[]; trusted: boolean }
  | { status: 'error'; message: string };

/** The automatic checks of the selected checklist. `for` says what they were run on. */
export type ChecksState =
  | { status: 'idle' }
  | { status: 'running'; requestId: string; for: ChecksKey }
  | { status: 'done'; for: ChecksKey; results: CheckResult[] }
  | { status: 'error'; for: ChecksKey; message: string };

/** Results are valid for one checklist version and one linked prompt. */
export interface ChecksKey {
  checklistId: string;
  hash: string;
  prompt: string | null;
}

/** Everything the page shows; kept with `setState`, handed to the serializer after a reload. */
export interface PageState {
  v: 1;
  context: InspectionContext;
  checklists: ChecklistsState;
  checks: ChecksState;
  answers: Answers;
  /** A request the page waits for, so its buttons stay disabled. */
  pending: { kind: 'submit' | 'pickPrompt'; requestId: string } | null;
  /** The last request's failure, shown near the buttons. */
  error: string | null;
}

/** The `data-state` attribute of the page's root element: where the page starts when it has no saved state. */
export interface InitialState {
  context: InspectionContext;
  answers: Answers;
}

// ───────────────────────── Host → page ─────────────────────────

/** Sent from the host to the page. The page switches on `type` exhaustively. */
export type ToWebviewMessage =
  /**
   * Reply to every `ready`: the context. `fresh` is true the first time a panel object is ready
   * (opened or restored after a reload): the page re-runs the automatic checks then, since the
   * files may have changed; after hide/show it keeps what it had.
   */
  | { type: 'init'; context: InspectionContext; fresh: boolean }
  /** The checklists that apply to the outputs, or why there are none. Follows `init`. */
  | { type: 'checklists'; checklists: Checklist[]; trusted: boolean }
  | { type: 'checklistsFailed'; message: string }
  /** An output or the prompt was saved: results may be out of date, the page runs the checks again. */
  | { type: 'filesChanged' }
  /** Reply to `runChecks`. */
  | { type: 'checkResults'; requestId: string; results: CheckResult[] }
  /** Reply to `pickPrompt`: the prompt now linked (null: unlinked), or `cancelled`. */
  | { type: 'promptPicked'; requestId: string; prompt: PromptLink | null; cancelled: boolean }
  /** Reply to `submit` when it was recorded; the host closes the panel next. */
  | { type: 'submitted'; requestId: string; file: string }
  /** Reply to any request that failed. */
  | { type: 'error'; requestId: string; message: string };

// ───────────────────────── Page → host (validated) ─────────────────────────

const MAX_ID = 200;
const MAX_NOTE = 20_000;
const MAX_PATH = 4096;

/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const requestId = text(1, 100);
const itemAnswer = z.strictObject({
  verdict: z.nullable(z.enum(['pass', 'fail', 'na'])),
  note: text(0, MAX_NOTE),
});

export const AnswersSchema = z.strictObject({
  checklistId: z.nullable(text(0, MAX_ID)),
  items: z.record(text(0, MAX_ID), z.record(text(0, MAX_ID), itemAnswer)),
  rejecting: z.boolean(),
  rejectReason: text(0, MAX_NOTE),
});

export const TargetSchema = z.object({
  uri: text(1, MAX_PATH),
  label: text(0, MAX_PATH),
  excerpt: z.optional(z.object({ startLine: z.int(), endLine: z.int(), text: text(0, 200_000) })),
});

/** Sent from the page to the host. The host parses every message with this schema first. */
export const FromWebviewMessage = z.discriminatedUnion('type', [
  /** The page listens: the host may post now (and answers with `init`). */
  z.strictObject({ type: z.literal('ready') }),
  /** The reviewer changed something: the host persists it as the draft. */
  z.strictObject({ type: z.literal('saveDraft'), answers: AnswersSchema }),
  /** Run the automatic checks of a checklist on the outputs; answered with `checkResults`. */
  z.strictObject({ type: z.literal('runChecks'), requestId, checklistId: text(1, MAX_ID) }),
  /** Ask the reviewer (quick pick) which prompt produced the output; answered with `promptPicked`. */
  z.strictObject({ type: z.literal('pickPrompt'), requestId }),
  /** Open a file the page shows (a target, the prompt, a finding's file) at a 1-based line. */
  z.strictObject({
    type: z.literal('open'),
    path: text(1, MAX_PATH),
    line: z.optional(z.int().check(z.minimum(1), z.maximum(10_000_000))),
  }),
  /** Record the decision; answered with `submitted` (then the panel closes) or `error`. */
  z.strictObject({
    type: z.literal('submit'),
    requestId,
    decision: z.enum(['accepted', 'rejected']),
    answers: AnswersSchema,
  }),
]);
export type FromWebviewMessage = z.infer<typeof FromWebviewMessage>;

/** The parts of a page's saved state the host reads back after a reload (the rest it rebuilds). */
export const PersistedPageState = z.object({
  v: z.literal(1),
  context: z.object({ targets: z.array(TargetSchema).check(z.minLength(1), z.maxLength(1000)) }),
  answers: AnswersSchema,
});
export type PersistedPageState = z.infer<typeof PersistedPageState>;
