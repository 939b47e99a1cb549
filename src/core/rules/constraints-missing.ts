import { defineRule } from '../types';
import { addSection, depictsScene, isShortQuestion, taskWords, xmlFences } from './direction-sections';
import { directionApplies, kindNoun, signalsOf, topRange } from './util';

/**
 * Below this many words (template variables and role labels left out) a prompt is a one-line request, a
 * stub or a test fixture ("You are a helpful assistant. user: {{question}}"), not a task to bound.
 */
const MIN_WORDS = 20;
/** A question of fewer words asks for an answer: there is no work to keep in bounds. */
const QUESTION_WORDS = 60;

/** Headings of a section that sets limits. */
const CONSTRAINT_HEADING =
  /\b(?:constraints?|rules?|boundar(?:y|ies)|guidelines?|guardrails?|limits?|limitations?|restrictions?|scope|requirements?|policy|policies|principles?|don'?ts?|do(?:'s| and)|dos|never|must|musts|avoid|prohibited|forbidden|important|notes?|caveats?|standards?|conventions?|best practices|considerations|non[- ]goals?|out of scope|what not to do|exclu(?:sions?|ded|des)|ignore|skip|exceptions?|safety|permissions?|allowed|approval)\b/i;

/** Tags that hold limits (`<constraints>`, `<rules>`). */
const CONSTRAINT_TAG = /^(?:constraints?|rules?|boundar(?:y|ies)|guidelines?|guardrails?|limits?|restrictions?|requirements?|scope|policy)(?:[_-]\w+)?$/i;

/** Phrases that set a limit: a prohibition, a restriction to something, a bound, a hard requirement. */
const CONSTRAINT_PHRASE = new RegExp(
  [
    // Prohibitions: "do not", "never", "must not", "avoid", "refrain from".
    `\\b(?:do not|don'?t|dont|never|must not|mustn'?t|should not|shouldn'?t|shall not|cannot|can'?t|may not|will not|won'?t|avoid|refrain from|abstain from|stop (?:before|at|after)|no (?:more|longer) than)\\b`,
    `\\b(?:not (?:allowed|permitted)|forbidden|prohibited|disallowed|off[- ]limits|out of scope|outside (?:the |of )?(?:scope|the task))\\b`,
    // Restrictions: "only", "nothing else", "strictly", "exclusively", "stick to", "stay within".
    `(?<!\\bnot )\\bonly\\b|\\bnothing (?:else|more)\\b|\\b(?:strictly|exclusively|solely)\\b|\\b(?:stick|limit|restrict|confine|keep|stay|remain)(?:s|ed|ing)? (?:\\w+ ){0,3}(?:to|within|under|below|on[- ]topic|focused|in scope)\\b`,
    // Hard requirements: "must", "always", "required", "make sure".
    `\\b(?:must|always|required|mandatory|under no circumstances|at all times|no matter what)\\b`,
    // Bounds: "at most", "under 200 words", "one sentence", "no explanations".
    `\\b(?:at (?:most|least)|up to \\d+|maximum|minimum|max|min|fewer than|less than|more than|no longer than|shorter than|within \\d+|under \\d+|below \\d+|exceed)\\b`,
    `\\b(?:\\d+|one|two|three|four|five|ten)(?:[-–]\\d+)?[- ](?:words?|sentences?|lines?|paragraphs?|bullets?|characters?|chars|items?|points?|pages?|tokens?|minutes?|steps?)\\b`,
    `\\b(?:without|no|none of the|never any) (?:any )?(?:explanations?|commentary|comments|preamble|introduction|apolog(?:y|ies)|warnings?|disclaimers?|notes|prose|markdown|code|changes?|assumptions?|guess(?:es|ing)?)\\b`,
    `\\b(?:concise(?:ly)?|brief(?:ly)?|succinct(?:ly)?|terse)\\b|\\bkeep(?:s|ing)? (?:\\w+ ){0,3}(?:short|small|simple|minimal|focused|tight|scannable)\\b`,
    `\\b(?:no|without|never use) (?:\\w+ )?(?:asterisks|bold|italics?|emojis?|jargon|bullets?|headers?|headings?|tables?|links?|formatting|filler|fluff|hashtags|repetition|duplicates?|placeholders?|external|third[- ]party|dependencies|libraries|frameworks|packages)\\b|\\bnot (?:anything|everything) else\\b`,
    // Ranges: "3-5 touchpoints", "between 2 and 4 options", "chapters 1 to 6".
    `\\b\\d+ ?[-–] ?\\d+ \\p{L}|\\bbetween \\d+ and \\d+\\b|\\b\\d+ (?:to|through) \\d+\\b`,
    // Guards and fixed forms: "if it is main, stop and tell me", "the prompt should start with …".
    `\\bstop (?:and|if|when|before|there|here)\\b|\\b(?:must|should|has to|have to|needs? to) (?:always )?(?:start|begin|end|open|close) with\\b|\\b(?:must|should) (?:be written|be kept|stay|remain|not exceed|fit)\\b`,
    // Named limits: "the constraints are", "follow these rules", "scope: …".
    `\\b(?:constraints?|restrictions?|limitations?|boundar(?:y|ies)|guardrails?|rules?|scope|requirements?|policy|policies)\\b`,
    `\\b(?:unless|except(?: for| when| if)?|instead of|rather than|in place of)\\b`,
    // Standards to meet: "follow the style guide", "adhere to DUT referencing standards".
    `\\b(?:follow(?:s|ing)?|adhere(?:s|nce)? to|compl(?:y|ies|iance) with|conform(?:s|ing)? to|in accordance with|according to|consistent with|compatible with|respect(?:s|ing)?) (?:\\S+ ){0,4}?(?:standards?|conventions?|guidelines?|style|guides?|rules?|specs?|specifications?|requirements?|policy|policies|format|schema|licen[cs]es?|regulations?|laws?|principles?|ethics|ethical (?:\\w+ )?(?:standards|guidelines|principles|codes?))\\b`,
    // A scope or a standard named on its own: "focus on keyboard navigation", "compliance with WCAG 2.2",
    // "compatible across common Linux distributions".
    `\\bfocus(?:ing|ed)? (?:only |solely |exclusively |strictly |mainly )?on\\b|\\b(?:compliance|complian(?:t|ce)|adherence|conformance) (?:with|to)\\b|\\bcompatible (?:with|across)\\b`,
    // What must not change: "while preserving its design", "keep the API unchanged".
    `\\bpreserv(?:e|es|ing)\\b|\\b(?:unchanged|intact|as-is)\\b`,
    // Measured limits: "1080 x 1920 pixels", "1700 calories", "for the last 6 months", "in English".
    `\\b\\d+(?:[.,]\\d+)?\\s?(?:x\\s?\\d+|%|px|pixels?|pt|em|rem|k?b|mb|gb|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|g|kg|mg|ml|l|calories|kcal|cal|km|m|cm|mm|miles?|usd|eur|\\$)(?![\\w])`,
    `(?:\\$|€|£)\\d`,
    `\\b(?:in|into) (?:[\\w-]+ )?(?:english|spanish|french|german|portuguese|italian|dutch|chinese|mandarin|japanese|korean|russian|arabic|hindi|turkish|polish|swedish|vietnamese|indonesian|persian|hebrew|greek)\\b`,
  ].join('|'),
  'iu',
);

/**
 * Frontmatter keys that bound a run: a GitHub agentic workflow's `permissions`, `safe-outputs` and
 * `timeout-minutes`, a Claude agent's `disallowedTools` or `maxTurns`.
 */
const BOUNDING_KEY = /^(?:permissions|safe-outputs|timeout[-_]?minutes|max[-_]?turns|disallowed[-_]?tools|deny|denied[-_]?tools)$/i;

export const constraintsMissing = defineRule({
  meta: {
    id: 'constraints-missing',
    category: 'direction',
    defaultSeverity: 'off',
    kinds: ['prompt', 'agent'],
    fixable: true,
    docs: {
      summary: 'A prompt or agent should set its limits: what it must not do, what it may touch, how long or how far to go.',
      rationale:
        'An agent with a task and no limits does everything that serves the task: it rewrites files nobody asked it to ' +
        'touch, adds dependencies, answers at length, or guesses where it should not. A few constraints ("Only change ' +
        'files under `src/`", "Do not add dependencies", "Answer in under 100 words") keep the work in scope, and give ' +
        'the reviewer the boundaries to check the result against.',
      bad: 'Refactor the payment module for readability. Split the long functions into smaller ones, give the variables clear names, and explain each change in the pull request description.',
      good:
        'Refactor the payment module for readability. Split the long functions into smaller ones, give the variables clear names, and explain each change in the pull request description.\n\n' +
        '## Constraints\n\n- Only change files under `src/payment/`.\n' +
        '- Do not change public function signatures or add dependencies.',
      kindsNote:
        'Prompts and agents run a task. Instructions and rules files are constraints themselves, context files ' +
        '(AGENTS.md, CLAUDE.md) describe a project rather than set a task, and a skill is a procedure loaded into a task ' +
        'whose prompt sets the limits, so they are exempt. So are prompts of fewer than 20 words of their own (one-line ' +
        'requests, stubs and test fixtures: template variables and role labels do not count), questions under 60 words, ' +
        'files not written in English, JSON payloads, image, video and music prompts ("Create an image of …") and ' +
        'user-turn templates that end in an input label (`CONTENT:`).',
      precision: {
        right: 21,
        judged: 30,
        note:
          'Right: role-play and build-me-an-app prompts, task templates and agents (a janitor, debuggers) that set no ' +
          'limit at all. Misses: image and logo prompts whose picture is the whole brief, requests whose requirements ' +
          '("easy and cheap", "beginner friendly", "keep the design") are the limits, texts in the collection that are ' +
          'not prompts (an essay, placeholder junk), and command wrappers that run one tool. Four earlier samples ran ' +
          '67–80% right, so it is off by default (on in promptcoach:strict).',
      },
    },
  },
  check({ doc, report }) {
    if (!directionApplies(doc)) return;
    const signals = signalsOf(doc);
    if (taskWords(doc) < MIN_WORDS || isShortQuestion(doc, QUESTION_WORDS) || depictsScene(doc)) return;
    const stated =
      signals.headings.some((h) => CONSTRAINT_HEADING.test(h)) ||
      signals.tags.some((t) => CONSTRAINT_TAG.test(t)) ||
      Object.keys(doc.frontmatter?.data ?? {}).some((k) => BOUNDING_KEY.test(k)) ||
      xmlFences(doc).some((x) => CONSTRAINT_PHRASE.test(x)) ||
      CONSTRAINT_PHRASE.test(signals.text.replace(/\\n/g, ' ')) ||
      CONSTRAINT_PHRASE.test(signals.description);
    if (stated) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} without constraints, expected the limits it works within (for example 'Only change files under src/; do not add dependencies')`,
      fixes: [
        addSection(doc, 'Constraints', [
          '- Only [ADD the files, tools or topics in scope].',
          '- Do not [ADD what it must never do].',
        ]),
      ],
    });
  },
});
