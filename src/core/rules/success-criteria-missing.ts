import type { PromptDocument } from '../document';
import { defineRule } from '../types';
import { directionApplies, kindNoun, signalsOf, topRange } from './util';

/** Headings of a section that says what a good result is. */
const CRITERIA_HEADING =
  /\b(?:success|done|acceptance|criteria|definition of done|checklists?|validation|verif(?:y|ication)|quality|requirements?|constraints?|tests?|testing|standards?|expectations?|rules?|guidelines?|checks?|musts?|do(?:'s| and)|don'?ts?|rubric|scoring|evaluation|review)\b/i;

/** Phrases that say how the result is judged or what it must satisfy. */
const CRITERIA_PHRASE = new RegExp(
  [
    `\\b(?:success|acceptance|exit|completion|evaluation|quality) (?:criteria|criterion|conditions?|bar|gates?|checks?|standards?)\\b`,
    `\\bdefinition of done\\b|\\bstop (?:when|once|after|if)\\b|\\b(?:quality|confidence) scores?\\b|\\b(?:you are|you're|it is|it's|task is|work is|we are) (?:\\w+ )?(?:done|finished|complete)\\b|\\bdone when\\b|\\bconsidered (?:done|complete|successful)\\b`,
    `\\bensure\\b|\\b(?:make sure|confirm|check|double-check|test) (?:that|whether|if|it|the|your|you|all|each|every|there|no)\\b|\\b(?:verify|validate|checks?\\s*:)`,
    `\\b(?:follow(?:s|ing)?|adher(?:e|es|ing|ence) to|compl(?:y|ies|ying) with|respect(?:s|ing)?|meet(?:s|ing)?|match(?:es|ing)?) (?:the |our |your |all |these |this )?(?:\\S+ ){0,3}(?:standards?|conventions?|guidelines?|best practices|style guides?|requirements?|specs?|specification|formats?|regulations?|polic(?:y|ies)|principles|rules|protocols?)\\b`,
    // Checkable quantities and scales: "a 15-word summary", "under 200 ms", "score 1-10".
    `\\b\\d+(?:[-–]\\d+)?[- ](?:\\w+ )?(?:words?|sentences?|lines?|bullets?|characters?|chars|items?|points?|paragraphs?|pages?|tokens?|minutes?|seconds?|ms|%|ideas?|options?|suggestions?|examples?|questions?|steps?|tips?)(?!\\w)|\\b(?:score|rate|rating|grade)s? (?:\\w+ ){0,4}(?:\\d+ ?[-–] ?\\d+|out of \\d+)\\b`,
    // A hard requirement is a check: "every finding must cite a line".
    `\\b(?:must|shall)\\b|\\b(?:should|needs? to|has to|have to) (?:not |never |always |still |also )?(?:pass|compile|build|run|work|be|have|include|contain|cover|match|meet|follow|use|avoid|stay|remain|keep|return|handle|support)\\b`,
    `\\b(?:tests?|checks?|builds?|linters?|ci) (?:must |should |still )?(?:pass|passes|succeed|green)\\b|\\bwithout (?:breaking|errors|warnings|regressions)\\b`,
    `\\b(?:never|always|do not|don't|avoid|only)\\b`,
    `\\b(?:the|your|a good|the final) (?:result|output|answer|response|code|solution|summary|report|review|plan|change)s? (?:\\w+ ){0,2}(?:should|must|will|needs? to)\\b`,
    `\\b(?:at least|at most|no more than|fewer than|less than|maximum|minimum|max|min)\\b`,
    `\\b(?:checklist|rubric|criteria|requirements?|constraints?)\\b`,
    `(?:^|\\s)\\[[ x]\\] `,
  ].join('|'),
  'i',
);

/** A sentence that asks for one feature ("Implement undo/redo with history states."). */
const FEATURE = /^\W*(?:implement|add|include|support|create|build|integrate|enable|allow)\b/i;

/**
 * Six or more feature sentences are a specification: the result is judged by whether it has each
 * feature, so the list is the acceptance checklist.
 */
function specifiesFeatures(doc: PromptDocument): boolean {
  let count = 0;
  for (const s of doc.sentences) if (FEATURE.test(doc.prose.slice(s.startOffset, s.endOffset)) && ++count >= 6) return true;
  return false;
}

export const successCriteriaMissing = defineRule({
  meta: {
    id: 'success-criteria-missing',
    category: 'direction',
    defaultSeverity: 'off',
    kinds: ['prompt', 'agent'],
    fixable: false,
    docs: {
      summary: 'A prompt or agent should say how success is judged: what the result must satisfy, or when the work is done.',
      rationale:
        'An agent stops when it believes it is done. Without a stated bar it stops at the first plausible answer, and the ' +
        'reviewer has nothing to check the answer against. A criterion ("done when the tests pass", "every finding cites a ' +
        'line") gives the agent a check to run before it answers and gives the reviewer the same check.',
      bad: 'Refactor the payment module.',
      good: 'Refactor the payment module.\n\nDone when `npm test` passes and no public function changed its signature.',
      kindsNote:
        'Prompts and agents produce a result to judge. Instructions, context files, rules and skills are standing guidance, ' +
        'so they are exempt; so are files not written in English, JSON payloads, image, video and music prompts and ' +
        'user-turn templates that end in an input label (`CONTENT:`).',
      precision: {
        right: 15,
        judged: 25,
        note:
          'Off by default (on in `promptcoach:strict`): even after tuning, more than one finding in three is one an ' +
          'author would not act on. The misses were role-play and chat personas (a storyteller, a gallery guide), where ' +
          '"done" has no meaning; image prompts; exact procedures whose steps are the check (a stale-repository report, ' +
          'a search command with an example output); and bars written another way ("5-10 ideas rated on feasibility", ' +
          '"a pure white background"). Judged on a second sample after counting "ensure …", formats and conventions to ' +
          'follow, stop conditions and feature lists of six or more items as criteria.',
      },
    },
  },
  check({ doc, report }) {
    if (!directionApplies(doc)) return;
    const signals = signalsOf(doc);
    const stated =
      signals.headings.some((h) => CRITERIA_HEADING.test(h)) || CRITERIA_PHRASE.test(signals.text) || specifiesFeatures(doc);
    if (stated) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} without success criteria, expected a statement of how the result is judged (for example 'Done when the tests pass and every finding cites a line')`,
    });
  },
});
