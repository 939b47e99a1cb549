/**
 * Code actions: a rule's fixes (read back from `diagnostic.data`), fix every problem of one rule,
 * disable a rule for a line or the file, show a rule's docs, and `source.fixAll.promptcoach`.
 */
import { CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { PromptDocument } from '../../core/document';
import { isInCode } from '../../core/document';
import { applyFixes } from '../../core/fix';
import { FILE_SKIPPED } from '../../core/format/engine-rules';
import {
  CONFIG_ERROR,
  INTERNAL_ERROR,
  SUPPRESSION_REASON_MISSING,
  UNUSED_SUPPRESSION,
  type Finding,
} from '../../core/types';
import { diagnosticData } from '../diagnostics';
import { minimalEdit } from '../edits';
import { ClientCommands, FIX_ALL_KIND } from '../protocol';

/** Ids no comment can suppress: offering to disable them would insert a comment that does nothing. */
const UNSUPPRESSIBLE = new Set([CONFIG_ERROR, INTERNAL_ERROR, UNUSED_SUPPRESSION, SUPPRESSION_REASON_MISSING, FILE_SKIPPED]);

/** Whether an action of `kind` is wanted under `context.only` (kinds are hierarchical: `source` covers `source.fixAll.x`). */
export function kindWanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return kind !== FIX_ALL_KIND;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export interface CodeActionInput {
  uri: string;
  /** The document as analyzed now (same text as the editor's); undefined for files not checked, such as the config. */
  document: PromptDocument | undefined;
  /** Findings for `document`. */
  findings: readonly Finding[];
  /** The diagnostics the client sent (`context.diagnostics`). */
  diagnostics: readonly Diagnostic[];
  only: readonly string[] | undefined;
  /** True when the diagnostics' data were computed from the current text, so their fixes still apply. */
  fixesCurrent: boolean;
  /** Applies every fix until none is left; the text after. */
  fixAll(): Promise<string>;
}

export async function provideCodeActions(input: CodeActionInput): Promise<CodeAction[]> {
  const { uri, document: doc, only } = input;
  const actions: CodeAction[] = [];
  const edit = (edits: TextEdit[]) => ({ changes: { [uri]: edits } });

  if (kindWanted(CodeActionKind.QuickFix, only)) {
    const later: CodeAction[] = [];
    const rulesSeen = new Set<string>();
    const linesDisabled = new Set<string>();
    for (const diagnostic of input.diagnostics) {
      const data = diagnosticData(diagnostic);
      if (!data) continue;
      const { ruleId } = data;
      if (input.fixesCurrent) {
        data.fixes.forEach((fix, i) => {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: i === 0,
            edit: edit(fix.edits),
          });
        });
      }
      if (doc && !UNSUPPRESSIBLE.has(ruleId)) {
        const line = diagnostic.range.start.line;
        const key = `${ruleId}:${line}`;
        if (!linesDisabled.has(key)) {
          linesDisabled.add(key);
          const lineEdit = disableLineEdit(doc, ruleId, line);
          if (lineEdit) {
            later.push({ title: `Disable ${ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([lineEdit]) });
          }
        }
      }
      if (rulesSeen.has(ruleId)) continue;
      rulesSeen.add(ruleId);
      const fixable = input.findings.filter((f) => f.ruleId === ruleId && f.fixes?.length);
      if (doc && fixable.length >= 2) {
        const fixed = applyFixes(doc.text, fixable);
        const all = minimalEdit(doc.text, fixed.text);
        if (all) later.unshift({ title: `Fix all '${ruleId}' problems in this file`, kind: CodeActionKind.QuickFix, edit: edit([all]) });
      }
      if (doc && !UNSUPPRESSIBLE.has(ruleId)) {
        later.push({
          title: `Disable ${ruleId} in this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit([disableFileEdit(doc, ruleId)]),
        });
      }
      later.push({
        title: `Show documentation for ${ruleId}`,
        kind: CodeActionKind.QuickFix,
        command: { title: `Show documentation for ${ruleId}`, command: ClientCommands.explainRule, arguments: [ruleId] },
      });
    }
    // Fix-all-of-a-rule first, then the line, file and docs actions, grouped the way the menu reads best.
    const order = (a: CodeAction) =>
      a.title.startsWith('Fix all') ? 0 : a.title.endsWith('for this line') ? 1 : a.title.endsWith('in this file') ? 2 : 3;
    actions.push(...later.sort((a, b) => order(a) - order(b)));
  }

  if (doc && kindWanted(FIX_ALL_KIND, only)) {
    const fixed = await input.fixAll();
    const all = minimalEdit(doc.text, fixed);
    if (all) actions.push({ title: 'Fix all Prompt Coach problems', kind: FIX_ALL_KIND, edit: edit([all]) });
  }
  return actions;
}

const COMMENT_IDS = (directive: string) =>
  new RegExp(`^[ \\t]*<!--[ \\t]*promptcoach-${directive}[ \\t]+([a-z0-9][\\w-]*(?:[ \\t]*,?[ \\t]*[a-z0-9][\\w-]*)*)`);

/** Adds `ruleId` to a `promptcoach-<directive>` comment on `line`, when there is one naming other rules. */
function extendComment(doc: PromptDocument, line: number, directive: string, ruleId: string): TextEdit | undefined {
  if (line < 0 || line >= doc.lines.lineCount) return undefined;
  const m = COMMENT_IDS(directive).exec(doc.lines.lineText(line));
  if (!m) return undefined;
  const ids = (m[1] as string).split(/[\s,]+/);
  const at = doc.lines.lineStart(line) + m[0].length;
  if (ids.includes(ruleId)) return undefined;
  return { range: doc.range(at, at), newText: `, ${ruleId}` };
}

function lineBreakOf(doc: PromptDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

function inFrontmatter(doc: PromptDocument, line: number): boolean {
  const fm = doc.frontmatter;
  return fm !== undefined && line >= fm.range.start.line && line <= fm.range.end.line;
}

/**
 * `<!-- promptcoach-disable-next-line <rule> -- reason -->` on its own line above `line`, with the
 * same indentation. Undefined where an HTML comment cannot go: in the frontmatter, inside a code block.
 */
export function disableLineEdit(doc: PromptDocument, ruleId: string, line: number): TextEdit | undefined {
  if (inFrontmatter(doc, line)) return undefined;
  const start = doc.lines.lineStart(line);
  if (start > 0 && isInCode(doc, start - 1)) return undefined;
  const extended = extendComment(doc, line - 1, 'disable-next-line', ruleId);
  if (extended) return extended;
  const indent = /^[ \t]*/.exec(doc.lines.lineText(line))?.[0] ?? '';
  const comment = `${indent}<!-- promptcoach-disable-next-line ${ruleId} -- reason -->${lineBreakOf(doc)}`;
  return { range: doc.range(start, start), newText: comment };
}

/** `<!-- promptcoach-disable-file <rule> -- reason -->` after the frontmatter, or at the top. */
export function disableFileEdit(doc: PromptDocument, ruleId: string): TextEdit {
  const eol = lineBreakOf(doc);
  const comment = `<!-- promptcoach-disable-file ${ruleId} -- reason -->`;
  const fm = doc.frontmatter;
  if (!fm) {
    return extendComment(doc, 0, 'disable-file', ruleId) ?? { range: doc.range(0, 0), newText: comment + eol };
  }
  const next = fm.range.end.line + 1;
  if (next >= doc.lines.lineCount || (next === doc.lines.lineCount - 1 && doc.lines.lineStart(next) === doc.text.length)) {
    // The file ends with the frontmatter's closing fence.
    const end = doc.text.length;
    const endsWithBreak = /\r?\n$/.test(doc.text);
    return { range: doc.range(end, end), newText: `${endsWithBreak ? '' : eol}${comment}${eol}` };
  }
  const extended = extendComment(doc, next, 'disable-file', ruleId);
  if (extended) return extended;
  const at = doc.lines.lineStart(next);
  return { range: doc.range(at, at), newText: comment + eol };
}
