import type { PromptDocument } from '../document';
import { defineRule } from '../types';
import { directionApplies, kindNoun, proseWordCount, signalsOf, TASK_VERBS, topRange } from './util';

/** A clause that gives the task. */
const TASK_CLAUSE = new RegExp(
  [
    // Imperative: "Review the diff …", "Please summarize …", "First, read …".
    `^(?:(?:please|now|first|then|next|finally|carefully|thoroughly|step \\d+)[,:]?\\s+)*(?:${TASK_VERBS})\\b(?! (?:sure|certain)\\b)`,
    // "Your task is …", "The goal of this prompt is …", "Goal: …".
    `\\b(?:\\w+'s|your|the|our|my|main|primary) (?:\\w+ )?(?:task|goal|job|objective|mission|purpose|aim|role|assignment|responsibility)s?(?: \\w+){0,4} (?:is|are|will be|includes?|to)\\b`,
    `^(?:task|goal|objective|mission|purpose|aim)s?\\s*:`,
    // "You will …", "You are tasked with …", "You help …".
    `\\byou(?:'ll| will| are going to|'re going to| are (?:tasked|asked|expected|responsible|here|designed|meant)| have been (?:asked|tasked)| help| assist| need to| (?:can|will) (?:perform|help|assist|handle|do))\\b`,
    // "I want you to …", "Can you …", "Help me …", "Let's …", "My first request is …".
    `\\b(?:i|we) (?:need|want|wanna|would like|'d like)\\b|^(?:can|could|would) you\\b|^help me\\b|^let's\\b`,
    `\\bi(?:'ll| will| can|'m here to| am here to) (?:help|assist|support)\\b|\\b(?:prepared|ready|here) to (?:help|assist|support)\\b`,
    `^(?:need|want|seeking|looking for|calling out for) (?:somebody|someone|an? |help|assistance|guidance|advice)`,
    `\\b(?:my|the) (?:first|initial) (?:request|suggestion|sentence|command|question|task|prompt)\\b`,
    // A role with a task: "You are an assistant that answers …"; role play: "Act as a Linux terminal".
    `^you(?: are|'re) (?:an? |the )?[^.]{0,80}? (?:that|who|which) (?:\\w+ly )?(?:(?:${TASK_VERBS})(?:e?s)?|can|will|is|are|has)\\b`,
    `\\b(?:act|behave) (?:as|like)\\b|\\bin character\\b|^when (?:invoked|called|run|triggered|activated)\\b`,
    // "This prompt generates …", "This skill is used to …".
    `^this (?:prompt|command|agent|skill|mode|chat ?mode|workflow|assistant|guide|template|tool)\\b(?: \\w+){0,2} (?:(?:${TASK_VERBS})(?:e?s)?|is (?:used|designed|meant|intended|for)|will|lets|allows|enables)\\b`,
    // A question is a request: "What is the capital of France?"
    `\\?$`,
  ].join('|'),
  'i',
);

/** Headings that announce the task or the steps to take. */
const TASK_HEADING = new RegExp(
  `^(?:\\W*(?:${TASK_VERBS})\\b(?! (?:sure|certain)\\b)|.*\\b(?:objectives?|goals?|tasks?|purpose|mission|instructions?|steps?|workflow|process|procedure|what to do|how to|usage|when to use|responsibilit(?:y|ies)|approach|methodology)\\b)`,
  'i',
);

/** A frontmatter description that says what the file does ("Generates …", "Use when …"). */
const TASK_DESCRIPTION = new RegExp(
  `^\\W*(?:(?:${TASK_VERBS})(?:e?s|ing)?\\b|use (?:this|when|for|to|proactively|it)\\b)|\\b(?:helps?|assists?|to (?:${TASK_VERBS}))\\b|\\bthat (?:${TASK_VERBS})(?:e?s)?\\b`,
  'i',
);

/** Template variables that carry the task in at run time (`{{question}}`, `$ARGUMENTS`). */
const TASK_VARIABLE = /^(?:arguments|args|question|query|input|request|task|message|prompt|instructions?|ask|goal|objective|text|content|user\w*|\w*_(?:message|request|query|question|input|prompt|task))$/i;

/**
 * Template partials (`…_suffix.j2`, `_base.md`, `reply-partial.md`): a piece that is rendered into
 * a whole prompt, which states the task.
 */
const PARTIAL_NAME = /^_|[-_.](?:prefix|suffix|partial)\.[^/]*$/i;

/**
 * Scene words beyond the shared media list: a text-to-image prompt often is one description of a
 * scene ("a crystal portal floating in the clouds, golden lights …"), and the scene is the task.
 */
const SCENE_WORDS =
  /\b(?:sky|clouds?|golden|glow(?:ing|s)?|lights?|beams?|floating|transparent|crystal|sunset|moonlit|colou?rful|vibrant|scene|art ?styles?|artwork|theme|fusion)\b/gi;

/** A short prose description dense with scene words: an image prompt whose description is the task. */
function describesScene(doc: PromptDocument): boolean {
  if (proseWordCount(doc) > 150) return false;
  const found = doc.prose.toLowerCase().match(SCENE_WORDS) ?? [];
  return new Set(found).size >= 3;
}

/**
 * Where a task statement can start, leading markup dropped: each sentence, each line, after a colon
 * (`Task: …`, `user:`), and the same in fenced prompts.
 */
function* clauses(doc: PromptDocument): Generator<string> {
  // Generated one by one: the first task clause ends the search, usually in the first lines.
  const chunks = function* () {
    for (const s of doc.sentences) yield doc.prose.slice(s.startOffset, s.endOffset);
    yield* signalsOf(doc).fencedPrompts;
  };
  for (const chunk of chunks()) {
    for (const c of chunk.split(/\n|(?<=[:;.!?])\s/)) yield c.replace(/^[^\p{L}]+/u, '').replace(/\s+/g, ' ').trim();
  }
}

function some<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  for (const item of items) if (test(item)) return true;
  return false;
}

export const objectiveMissing = defineRule({
  meta: {
    id: 'objective-missing',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: ['prompt', 'agent', 'skill'],
    fixable: false,
    docs: {
      summary: 'A prompt, agent or skill must say what it is for: the task, goal or job.',
      rationale:
        'An agent that is not told the task infers one from whatever text it has, and every reader infers a different one. ' +
        'One sentence that names the task ("Review the diff for security issues") anchors everything else in the file: ' +
        'the context reads as context for that task and the rules as rules for that task.',
      bad: '## Style\n\n- Use TypeScript.\n- Prefer small functions.',
      good: 'Review the staged changes for security issues.\n\n## Style\n\n- Use TypeScript.\n- Prefer small functions.',
      kindsNote:
        'Prompts, agents and skills run a task. Instructions, context files (AGENTS.md, CLAUDE.md) and rules are standing ' +
        'context for whatever task comes, so they are exempt. So are files not written in English, JSON payloads, ' +
        'image, video and music prompts (the description of the piece is the task) and templates whose task arrives in ' +
        'a variable (`{{question}}`, `$ARGUMENTS`) or after an input label (`CONTENT:`), and template partials ' +
        '(`…_suffix.j2`, `_base.md`, `reply-partial.md`), whose task is in the prompt they are rendered into.',
      precision: {
        right: 15,
        judged: 16,
        note:
          'Every corpus finding judged, after template partials and one-line scene descriptions (image prompts) were ' +
          'exempted. The miss was a fragment meant to be pasted into another prompt (a language-detection paragraph). ' +
          'Ten of the right ones are Prompty test fixtures ("Hello world."): right about the text, though their ' +
          'authors have no reason to act.',
      },
    },
  },
  check({ doc, report }) {
    if (!directionApplies(doc) || PARTIAL_NAME.test(doc.fileName) || describesScene(doc)) return;
    const signals = signalsOf(doc);
    const stated =
      TASK_DESCRIPTION.test(signals.description) ||
      signals.headings.some((h) => TASK_HEADING.test(h)) ||
      doc.placeholders.some((p) => p.intent === 'variable' && TASK_VARIABLE.test(p.name ?? '')) ||
      some(clauses(doc), (c) => TASK_CLAUSE.test(c));
    if (stated) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} without an objective, expected a sentence that states the task (for example 'Review the staged changes for security issues')`,
    });
  },
});
