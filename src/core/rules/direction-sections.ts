/**
 * Shared by the rules that look for a missing direction section (`constraints-missing`,
 * `examples-missing`, `stop-condition-missing`): the fix that adds the section as a skeleton, and
 * per-document facts the three compute once (whether direction rules apply, the file's own words,
 * XML-fenced prompts, picture requests).
 */
import type { Nodes } from 'mdast';
import type { PromptDocument } from '../document';
import type { Fix } from '../types';
import { lineBreak, signalsOf } from './util';

/** A last section that holds the run-time input: the new section goes before it, not after it. */
const INPUT_SECTION = /^\W*(?:(?:user )?input|inputs|arguments|user (?:message|request|query)|question|query|text|content|data)\W*$/i;

/**
 * Adds `## <title>` with the skeleton lines at the end of the file, or before a last section that
 * holds the input. The skeleton's `[ADD …]` slots are placeholders the author fills in (and
 * `unresolved-placeholder` reports until they do).
 */
export function addSection(doc: PromptDocument, title: string, lines: readonly string[]): Fix {
  const eol = lineBreak(doc);
  const block = [`## ${title}`, '', ...lines].join(eol) + eol;
  const last = doc.allSections[doc.allSections.length - 1];
  if (last && INPUT_SECTION.test(last.title) && doc.prose.slice(0, last.startOffset).trim()) {
    const at = last.startOffset;
    return { title: `Add a '${title}' section`, edits: [{ range: doc.range(at, at), newText: block + eol }] };
  }
  const text = doc.text;
  const at = text.length;
  const lead = text.length === 0 ? '' : text.endsWith(`${eol}${eol}`) ? '' : text.endsWith(eol) || text.endsWith('\n') ? eol : eol + eol;
  return { title: `Add a '${title}' section`, edits: [{ range: doc.range(at, at), newText: lead + block }] };
}

/** Template variables and chat role labels: words a tool fills in or reads, not words of the task. */
const NOT_TASK_WORDS = /\{\{[^{}]{0,100}\}\}|\{%[^%]{0,200}%\}|\$\{[^{}]{0,100}\}|\$ARGUMENTS\b|(?:^|\s)(?:system|user|assistant|human|ai):/gi;

/** Words in a text. */
export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

const taskWordsCache = new WeakMap<PromptDocument, number>();

/** How many words the file says itself: prose and fenced prompts, without template variables and role labels. */
export function taskWords(doc: PromptDocument): number {
  let hit = taskWordsCache.get(doc);
  if (hit === undefined) taskWordsCache.set(doc, (hit = wordCount(signalsOf(doc).text.replace(NOT_TASK_WORDS, ' '))));
  return hit;
}

/** A short text that ends in a question: it asks for an answer rather than setting a task. */
export function isShortQuestion(doc: PromptDocument, maxWords: number): boolean {
  return taskWords(doc) < maxWords && /\?\W*$/.test(doc.prose.trimEnd());
}

const xmlCache = new WeakMap<PromptDocument, readonly string[]>();

/**
 * Contents of ```` ```xml ```` fences: prompt collections often write the whole prompt as XML
 * (`<instructions>`, `<validation>`), which `signalsOf` leaves out with the other code.
 */
export function xmlFences(doc: PromptDocument): readonly string[] {
  let hit = xmlCache.get(doc);
  if (hit) return hit;
  const found: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'code') {
      if (node.lang === 'xml') found.push(node.value.replace(/<[^<>\n]*>/g, ' '));
      return;
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(doc.ast);
  xmlCache.set(doc, (hit = found));
  return hit;
}

/**
 * A request for a picture or a video that the shared media check misses because it names the medium
 * once: "Create an image of a security guard …", "Imagine a cozy living room …". Its description of
 * the piece is the whole direction, so there are no limits, examples or stops to ask for.
 */
const DEPICTION =
  /\b(?:create|generate|make|draw|render|paint|produce|design|give me) (?:me )?(?:an? |the |one )?(?:[\w-]+ ){0,2}(?:image|picture|photo(?:graph)?|illustration|portrait|wallpaper|poster|video|animation|thumbnail|drawing|painting|render(?:ing)?)s?(?: (?:of|showing|depicting|capturing|with|for|that (?:shows|illustrates|depicts|captures))\b|\s*[.:])|^\W*imagine (?:a|an|the)\b|\b(?:image|photo|picture|scene|shot|video) (?:of|showing|depicting) (?:an? |the )/i;

/** Whether the prose opens with, or holds, a request for a picture or a video. */
export function depictsScene(doc: PromptDocument): boolean {
  return DEPICTION.test(doc.prose.trimStart());
}
