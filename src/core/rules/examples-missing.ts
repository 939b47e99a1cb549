import type { Nodes } from 'mdast';
import { z } from 'zod';
import type { PromptDocument } from '../document';
import { defineRule } from '../types';
import { addSection, taskWords, xmlFences } from './direction-sections';
import { directionApplies, kindNoun, signalsOf, topRange } from './util';

/** Headings of a section that shows an example. */
const EXAMPLE_HEADING =
  /\b(?:examples?|samples?|e\.g\.|demos?|demonstrations?|illustrations?|few[- ]shot|expected (?:output|result|response)|walk-?through|scenarios?|use cases?|usage|templates?|showcase|before (?:and|&) after|good (?:vs\.?|and|&) bad|do(?:'s| and| &) don'?ts?)\b/i;

/** Tags that hold examples (`<example>`, `<examples>`, `<sample_output>`). */
const EXAMPLE_TAG = /^(?:examples?|samples?|shots?|demos?|example[_-]\w+|sample[_-]\w+|\w+[_-](?:examples?|samples?))$/i;

/** Phrases that give an example inline, or introduce one. */
const EXAMPLE_PHRASE = new RegExp(
  [
    `\\be\\.g\\.|\\bfor (?:example|instance)\\b|\\bexamples?\\b|\\bsamples?\\b|\\bi\\.e\\.`,
    `\\b(?:like|as in|such as) (?:this|these|the following)\\b|\\bas follows\\b|\\bhere (?:is|are) (?:an?|some|the)\\b|\\bsee below\\b`,
    // A template laid out in the prompt: "Output your findings in the following structure: …".
    `\\b(?:the following|this|these) (?:structure|format|template|layout|sections|headings|fields|columns|keys)\\s*:`,
    // A long quotation: a sample answer or input written out ("Strong hire. Senior backend engineer with …").
    `"[^"\\n]{100,400}"|“[^”\\n]{100,400}”`,
    // A first input given in the prompt: "My first request is …", "My first sentence is …".
    `\\bmy first (?:request|suggestion|sentence|command|question|prompt|message|topic|task|word|keywords?|input)\\b`,
  ].join('|'),
  'i',
);

/**
 * A slot of an output template written out in the prose: "Verdict: [READY / BLOCKED]", "## {Phase name}",
 * "Title: <title>". A template shows the shape of the output the way an example does. Links, checkboxes
 * and template variables (`${x}`, `{{x}}`) are not slots.
 */
const TEMPLATE_SLOT = /(?<![\]$!])\[[^\]\n]{2,60}\](?![(\[:])|(?<![{$])\{[A-Za-z][^{}\n]{1,40}\}(?!\})|<[a-z][\w -]{1,30}>(?![^<\n]*<\/)/;

/**
 * Phrases that ask for structured output: a JSON object, a table, fixed fields or columns, a report
 * of named sections. A sample pays off most there: the agent copies the shape instead of guessing it.
 */
const STRUCTURED_OUTPUT = new RegExp(
  [
    `\\b(?:in|as|into|using|with|return|returns|output|outputs|respond with|reply with|produce|emit|generate) (?:an? |the |valid |strict |one |a single |proper )?(?:json|yaml|csv|xml)\\b`,
    `\\b(?:json|yaml|csv|xml) (?:object|array|output|format|response|document|payload|list|with|containing|schema)\\b`,
    `\\b(?:in|as|into|using|with) (?:an? |the |one |a single )?(?:markdown |summary |comparison )?table\\b|\\btable (?:format|with (?:the )?(?:columns?|fields?|rows?))\\b|\\b(?:columns?|fields?|keys?|properties)\\s*:`,
    `\\b(?:output|response|report|findings|answer) (?:format|structure|template|schema)\\b|\\b(?:structure|format) (?:your|the) (?:output|response|report|answer|findings)\\b`,
  ].join('|'),
  'i',
);

const OPTIONS = z
  .object({
    minWords: z
      .number()
      .int()
      .positive()
      .default(150)
      .describe('A prompt or agent that asks for structured output needs an example from this many words of its own (template variables, role labels and code left out).'),
  })
  .default({ minWords: 150 });

/** Whether the file has a code block (fenced or indented): a sample of code, a command, or of the output. */
function hasCodeBlock(doc: PromptDocument): boolean {
  const walk = (node: Nodes): boolean => node.type === 'code' || ('children' in node && node.children.some((c) => walk(c as Nodes)));
  return walk(doc.ast);
}

export const examplesMissing = defineRule({
  meta: {
    id: 'examples-missing',
    category: 'direction',
    defaultSeverity: 'off',
    kinds: ['prompt', 'agent'],
    fixable: true,
    options: OPTIONS,
    docs: {
      summary:
        'A prompt or agent that asks for structured output (JSON, a table, named fields or sections) in many words should show an example of it.',
      rationale:
        'The longer the instructions, the more ways there are to read them, and a described format is read more ways ' +
        'than a shown one. One worked example settles most of those readings at once: the agent copies the shape, the ' +
        'level of detail and the tone of the sample instead of guessing, a script that parses the output gets what it ' +
        'expects, and the operator sees at a glance what a good result is.',
      bad: 'Triage the bug report. (… 150 words on severities and areas …) Answer with a JSON object with the fields area, severity and summary.',
      good:
        'Triage the bug report. (… the rules …) Answer with a JSON object with the fields area, severity and summary.\n\n## Example\n\n' +
        'Input: "The app crashes when I open a photo in messages. iPhone 12, version 4.2."\n\n' +
        '```json\n{ "area": "messaging", "severity": "critical", "summary": "4.2 crashes on iPhone 12 when a photo is opened in messages." }\n```',
      kindsNote:
        'Prompts and agents direct one task or one kind of task, where a sample of the result pays off. Instructions, ' +
        'rules, skills and context files are standing guidance for many tasks, so they are exempt; so are prompts ' +
        'shorter than `minWords`, prompts that ask for no structured output, files not written in English, JSON ' +
        'payloads, media prompts and user-turn templates that end in an input label. A code block, an `<example>` ' +
        'tag, an "Example" heading, "e.g.", a long quotation, a template slot (`[verdict]`, `{name}`) and a first ' +
        'input given in the prompt ("My first request is …") all count as an example.',
      options:
        '`minWords` (default 150): the words of its own (template variables, role labels and code left out) from which ' +
        'a prompt or agent that asks for structured output needs an example.',
      precision: {
        right: 9,
        judged: 17,
        note:
          'All 17 corpus findings judged. Right: table, JSON and report prompts (fabric patterns, a tech-debt plan, a deck ' +
          'builder) whose format a sample would pin down. Misses: advisers whose "Response structure" lists fields that ' +
          'vary per question, agents whose output is code, and a check whose "output format" was about the code under ' +
          'review. Opinionated, so off by default (on in promptcoach:strict).',
      },
    },
  },
  check({ doc, options, report }) {
    if (!directionApplies(doc)) return;
    const words = taskWords(doc);
    if (words < options.minWords) return;
    const signals = signalsOf(doc);
    if (!STRUCTURED_OUTPUT.test(signals.text) && !signals.headings.some((h) => STRUCTURED_OUTPUT.test(h))) return;
    const shown =
      hasCodeBlock(doc) ||
      signals.headings.some((h) => EXAMPLE_HEADING.test(h)) ||
      signals.tags.some((t) => EXAMPLE_TAG.test(t)) ||
      EXAMPLE_PHRASE.test(signals.text) ||
      TEMPLATE_SLOT.test(doc.nonCode) ||
      xmlFences(doc).length > 0;
    if (shown) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} of ${words} words that asks for structured output without an example, expected a sample input and the output it should produce (an '## Example' section or an <example> block)`,
      fixes: [addSection(doc, 'Example', ['Input: [ADD a typical input]', '', 'Output: [ADD the output expected for it]'])],
    });
  },
});
