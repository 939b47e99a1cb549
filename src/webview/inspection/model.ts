/**
 * The inspection's rules, shared by the page (to enable Accept and say why not) and the host (to
 * check a submission again before it is recorded): pure functions on the protocol's data, no DOM,
 * no `vscode`, no zod, so the page bundle stays small.
 */
import type { Answers, CheckResult, Checklist, ChecklistItem, ItemAnswer, Verdict } from './protocol';

export function emptyAnswers(): Answers {
  return { checklistId: null, items: {}, rejecting: false, rejectReason: '' };
}

const NO_ANSWER: Readonly<ItemAnswer> = Object.freeze({ verdict: null, note: '' });

export function answerOf(answers: Answers, checklistId: string, itemId: string): ItemAnswer {
  return answers.items[checklistId]?.[itemId] ?? NO_ANSWER;
}

/** A copy of `answers` with one item's answer changed. */
export function withAnswer(answers: Answers, checklistId: string, itemId: string, patch: Partial<ItemAnswer>): Answers {
  const list = answers.items[checklistId] ?? {};
  const next: ItemAnswer = { ...answerOf(answers, checklistId, itemId), ...patch };
  return { ...answers, items: { ...answers.items, [checklistId]: { ...list, [itemId]: next } } };
}

/** True when the core's result decides the item (its check ran and passed or failed). */
export function decidedByCheck(item: ChecklistItem, result: CheckResult | undefined): boolean {
  return item.auto !== undefined && (result?.status === 'pass' || result?.status === 'fail');
}

/**
 * The item's verdict as it will be recorded: an automatic item's result when its check passed or
 * failed; otherwise (a manual item, or a check that errored or was skipped) the reviewer's.
 */
export function verdictOf(item: ChecklistItem, answer: ItemAnswer, result: CheckResult | undefined): Verdict | null {
  if (decidedByCheck(item, result)) return result?.status === 'pass' ? 'pass' : 'fail';
  return answer.verdict;
}

/**
 * Why the item needs a note the reviewer has not written, or null: every item the reviewer fails
 * needs one (what is wrong), and so does a required item marked not applicable (why it does not
 * apply; the record is refused without it).
 */
export function missingNote(item: ChecklistItem, answer: ItemAnswer, result: CheckResult | undefined): 'fail' | 'na' | null {
  if (decidedByCheck(item, result) || answer.note.trim() !== '') return null;
  if (answer.verdict === 'fail') return 'fail';
  if (answer.verdict === 'na' && item.required) return 'na';
  return null;
}

/** The message under an item's note when it is missing. */
export const NOTE_MESSAGES: Record<'fail' | 'na', string> = {
  fail: 'A failed item needs a note: say what is wrong.',
  na: 'A required item marked not applicable needs a note: say why it does not apply.',
};

/** One thing that stands in the way of a decision. */
export interface Blocker {
  /** What, as a phrase: "Required, and failed". */
  what: string;
  /** The items it is about, in checklist order; none for the inspection as a whole. */
  items: ChecklistItem[];
}

export interface Assessment {
  canAccept: boolean;
  canReject: boolean;
  /** Why Accept is not possible, for the page to show (with links to the items) and the host to report. */
  acceptBlockers: Blocker[];
  rejectBlockers: Blocker[];
  /** Items that need a note the reviewer has not written (their ids, in checklist order). */
  notesMissing: string[];
}

/**
 * What stands between the reviewer and Accept or Reject. `results` is null while the automatic
 * checks have not finished. Accept needs each required item to pass (an automatic one by its
 * result) or be not applicable with a note, a verdict on every other item, and a note on every
 * item the reviewer failed. Reject needs a reason and the same notes; items not looked at yet do
 * not block it. The language server checks the record again (`decisionProblems`).
 */
export function assess(checklist: Checklist, answers: Answers, results: CheckResult[] | null): Assessment {
  const failedRequired: ChecklistItem[] = [];
  const unanswered: ChecklistItem[] = [];
  const noteless: ChecklistItem[] = [];
  let autoPending = false;
  for (const item of checklist.items) {
    if (item.auto && !results) {
      autoPending = true;
      continue;
    }
    const result = results?.find((r) => r.itemId === item.id);
    const answer = answerOf(answers, checklist.id, item.id);
    const verdict = verdictOf(item, answer, result);
    if (missingNote(item, answer, result)) noteless.push(item);
    if (verdict === null) unanswered.push(item);
    else if (item.required && verdict === 'fail') failedRequired.push(item);
  }
  const acceptBlockers: Blocker[] = [];
  if (autoPending) acceptBlockers.push({ what: 'The automatic checks have not finished', items: [] });
  if (failedRequired.length) acceptBlockers.push({ what: 'Required, and failed', items: failedRequired });
  if (unanswered.length) acceptBlockers.push({ what: 'No verdict yet', items: unanswered });
  if (noteless.length) acceptBlockers.push({ what: 'Needs a note', items: noteless });

  const rejectBlockers: Blocker[] = [];
  if (answers.rejectReason.trim() === '') {
    rejectBlockers.push({ what: 'Say why the output is rejected: what must change before it can be accepted', items: [] });
  }
  if (noteless.length) rejectBlockers.push({ what: 'Needs a note', items: noteless });

  return {
    canAccept: acceptBlockers.length === 0,
    canReject: rejectBlockers.length === 0,
    acceptBlockers,
    rejectBlockers,
    notesMissing: noteless.map((i) => i.id),
  };
}

/** A blocker as one sentence: "Needs a note: “Within scope”, “Format”." */
export function describeBlocker(blocker: Blocker): string {
  if (blocker.items.length === 0) return `${blocker.what}.`;
  return `${blocker.what}: ${blocker.items.map((i) => `“${shortText(i.text)}”`).join(', ')}.`;
}

/**
 * An item's text short enough to name it in a list: the phrase before its first colon (checklist
 * items are often written "Nothing is left unfinished: no placeholders, …"), else its start.
 */
export function shortText(text: string): string {
  const head = text.split(/:\s/)[0] as string;
  if (head.length < text.length && head.length >= 3 && head.length <= 60) return head;
  return text.length > 60 ? `${text.slice(0, 59).trimEnd()}…` : text;
}

/** One item of the record request. */
export interface RecordItem {
  id: string;
  verdict: Verdict;
  note: string;
}

/** Said of an item nobody looked at because the output was rejected first. */
export const NOT_REVIEWED_NOTE = 'Not reviewed: the output was rejected before this item was checked.';

/**
 * The verdicts to record, one per checklist item in order. An automatic item decided by its check
 * carries the reviewer's note, or else a summary of the result; an item without a verdict (only
 * possible when rejecting) is recorded as not applicable with `NOT_REVIEWED_NOTE`.
 */
export function recordItems(checklist: Checklist, answers: Answers, results: CheckResult[] | null): RecordItem[] {
  return checklist.items.map((item) => {
    const result = results?.find((r) => r.itemId === item.id);
    const answer = answerOf(answers, checklist.id, item.id);
    const verdict = verdictOf(item, answer, result);
    const note = answer.note.trim();
    if (verdict === null) return { id: item.id, verdict: 'na', note: note || NOT_REVIEWED_NOTE };
    if (decidedByCheck(item, result) && !note) return { id: item.id, verdict, note: summarize(result as CheckResult) };
    return { id: item.id, verdict, note };
  });
}

/** The note of an item its automatic check decided, when the reviewer wrote none. */
export function summarize(result: CheckResult): string {
  const status = result.status === 'pass' ? 'passed' : result.status === 'fail' ? 'failed' : result.status;
  return `Automatic check ${status}${result.message ? `: ${result.message}` : '.'}`;
}

/** Counts for the automatic checks' summary line. */
export function countResults(results: CheckResult[]): Record<CheckResult['status'], number> {
  const counts = { pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** For an exhaustive `switch`: a message type nobody handles fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
