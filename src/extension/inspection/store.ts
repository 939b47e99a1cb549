/**
 * What the inspection remembers per workspace (`workspaceState`), keyed by the set of output
 * files: the unfinished draft (so closing the panel loses nothing) and the prompt linked to those
 * outputs. Read back through zod: a stored value from an older version that no longer fits is
 * ignored rather than trusted.
 */
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import * as z from 'zod/mini';
import { AnswersSchema, TargetSchema, type Answers, type Target } from '../../webview/inspection/protocol';

const DRAFTS_KEY = 'promptcoach.inspection.drafts';
const PROMPTS_KEY = 'promptcoach.inspection.prompts';
const OPEN_KEY = 'promptcoach.inspection.open';
/** Oldest drafts are dropped beyond this many, so abandoned inspections do not pile up. */
const MAX_DRAFTS = 50;
const MAX_PROMPTS = 200;

const DraftSchema = z.object({
  targets: z.array(TargetSchema).check(z.minLength(1)),
  answers: AnswersSchema,
  /** Epoch milliseconds of the last change. */
  updated: z.number(),
});
export type Draft = z.infer<typeof DraftSchema>;

const DraftsSchema = z.record(z.string(), z.unknown());
const PromptsSchema = z.record(z.string(), z.object({ uri: z.string().check(z.minLength(1)), updated: z.number() }));

/** The key of a set of output files: the same files in any order give the same key. */
export function targetKey(uris: readonly string[]): string {
  const sorted = [...new Set(uris)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 24);
}

export class InspectionStore {
  constructor(private readonly memento: vscode.Memento) {}

  draft(key: string): Draft | undefined {
    const parsed = DraftSchema.safeParse(this.drafts()[key]);
    return parsed.success ? parsed.data : undefined;
  }

  async saveDraft(key: string, targets: readonly Target[], answers: Answers): Promise<void> {
    const drafts = { ...this.drafts(), [key]: { targets: [...targets], answers, updated: Date.now() } satisfies Draft };
    await this.memento.update(DRAFTS_KEY, newest(drafts, MAX_DRAFTS));
  }

  async clearDraft(key: string): Promise<void> {
    const drafts = { ...this.drafts() };
    if (!(key in drafts)) return;
    delete drafts[key];
    await this.memento.update(DRAFTS_KEY, drafts);
  }

  /**
   * Keys of the panels open in this workspace, most recent first: a panel VS Code restores without
   * its page's state (the state did not reach storage before the window went) is found by them.
   */
  openKeys(): string[] {
    const parsed = z.array(z.string()).safeParse(this.memento.get(OPEN_KEY));
    return parsed.success ? parsed.data : [];
  }

  async setOpen(key: string, open: boolean): Promise<void> {
    const keys = this.openKeys().filter((k) => k !== key);
    await this.memento.update(OPEN_KEY, open ? [key, ...keys].slice(0, MAX_DRAFTS) : keys);
  }

  /** The URI of the prompt last linked to these outputs. */
  prompt(key: string): string | undefined {
    return this.prompts()[key]?.uri;
  }

  async rememberPrompt(key: string, uri: string | null): Promise<void> {
    const prompts = { ...this.prompts() };
    if (uri) prompts[key] = { uri, updated: Date.now() };
    else delete prompts[key];
    await this.memento.update(PROMPTS_KEY, newest(prompts, MAX_PROMPTS));
  }

  private drafts(): Record<string, unknown> {
    const parsed = DraftsSchema.safeParse(this.memento.get(DRAFTS_KEY));
    return parsed.success ? parsed.data : {};
  }

  private prompts(): z.infer<typeof PromptsSchema> {
    const parsed = PromptsSchema.safeParse(this.memento.get(PROMPTS_KEY));
    return parsed.success ? parsed.data : {};
  }
}

/** Keeps the `max` entries most recently updated. */
function newest<T>(entries: Record<string, T>, max: number): Record<string, T> {
  const list = Object.entries(entries);
  if (list.length <= max) return entries;
  const updated = (v: unknown): number => (typeof v === 'object' && v && 'updated' in v && typeof v.updated === 'number' ? v.updated : 0);
  return Object.fromEntries(list.sort((a, b) => updated(b[1]) - updated(a[1])).slice(0, max));
}
