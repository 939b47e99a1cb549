import { defineRule } from '../types';
import { directionApplies, kindNoun, signalsOf, topRange } from './util';

/** Headings of a section that describes the output. */
const OUTPUT_HEADING =
  /\b(?:outputs?|format(?:ting)?|responses?|deliverables?|reports?|results?|returns?|templates?|structure|answers?|replies|reply|examples?|samples?|expected|summary|artifacts?|verdict|findings|conclusion)\b/i;

/** Tags and frontmatter keys that hold the output spec (`<output_format>`, `outputs:` in Prompty). */
const OUTPUT_NAME = /^(?:output|response|answer|format|result|report|example)s?(?:[_-]\w+)?$/i;

/** Phrases that say what the output looks like: its form, its structure, its length or where it goes. */
const OUTPUT_PHRASE = new RegExp(
  [
    // "respond with", "reply in", "answer only with", "return a JSON object", "output the list".
    `\\b(?:respond|reply|answer|return|output|print|emit|send|present|deliver|display|show)(?:s|ing)? (?:\\w+ ){0,3}(?:with|in|as|only|a|an|the|your|each|one|json|yaml|markdown|nothing)\\b`,
    `\\b(?:output|format|response|answer|result|deliverable)s?\\s*:`,
    // "For each issue, give …", "Provide only the regex", "without explanations", "End with: …".
    `\\b(?:for (?:each|every) \\w+(?: \\w+)?,? (?:provide|give|include|list|quote|report|write|output|show|return|state|add|note)|end with|start with|begin with)\\b`,
    `\\b(?:provide|give|return|output|respond with|reply with|write|print) only\\b|\\b(?:without|no) (?:any )?(?:explanations?|commentary|preamble|prose)\\b|\\bin a (?:\\w+ )?format\\b`,
    `\\b(?:refrain from|avoid|do not|don't|never|without) (?:\\w+ ){0,3}(?:explanations?|explain(?:ing)?|commentary|annotations?|preamble|apolog(?:y|ies|i[sz]e))\\b`,
    // A list of the parts the output has: "Develop:\n- Narrative arc …", "columns for: …".
    `\\b(?:include|cover|develop|deliver|produce|contain)s?\\s*:|\\b(?:columns?|fields?|rows?) (?:for|of|with)\\b`,
    // Code in a named stack: "using HTML5, CSS3, and JavaScript".
    `\\b(?:using|in|with) (?:html5?|css3?|javascript|typescript|python|react|vue|svelte|java|kotlin|swift|c#|c\\+\\+|golang|rust|sql|bash|powershell|node\\.?js)\\b`,
    // An action whose result is the repository's state: "open up a pull request", "delete the branch".
    `\\bopen (?:up )?an? (?:pr|pull request|merge request|issue|\\{)|\\bmake (?:the )?(?:required |necessary |needed )?changes\\b|\\b(?:check ?out|switch to|delete|create|push) (?:\\w+ ){0,3}branch(?:es)?\\b|\\brun (?:the |this )?(?:\\w+ ){0,3}(?:command|script|pipeline)\\b`,
    // "formatted as", "in a table", "as a bulleted list", "in JSON".
    `\\b(?:formatted|structured|organi[sz]ed|written|presented|laid out) (?:as|in|into|like|using)\\b`,
    `\\b(?:in|as|into|using|with) (?:an? |the |your |proper |valid |clear )?(?:markdown|json|yaml|xml|html|csv|tables?|(?:bullet(?:ed)?|numbered|ordered|unordered) (?:points?|lists?)|bullets?|lists?|headings?|headers?|sections?|paragraphs?|code blocks?|fenced|diff|patch|checklist|mermaid|diagram|prose|plain text|table format)\\b`,
    `\\b(?:markdown|json|yaml|xml|csv|html) (?:format|output|response|object|array|file|document|table|report|schema)\\b`,
    `\\bbullet(?:ed)? points?\\b|\\bnumbered list\\b|\\bcode blocks?\\b|\\bcommit message\\b|\\bpull request description\\b`,
    // Length: "in 3 sentences", "under 200 words", "one paragraph", "concise".
    `\\b(?:\\d+|one|two|three|four|five|ten)(?:[-–]\\d+| or \\w+)? (?:words?|sentences?|lines?|paragraphs?|bullets?|characters?|items?|points?|pages?|tokens?|ideas?|suggestions?|options?|questions?|tips?|examples?)\\b`,
    `\\b(?:concise(?:ly)?|brief(?:ly)?|succinct(?:ly)?|short|terse|verbose|detailed|in detail|step[- ]by[- ]step|tl;?dr)\\b`,
    // Where it goes: "save it to", "create a file", "write the report to".
    `\\b(?:save|write|store|put|place|commit|append|output|create|generate|produce|add|update|provide|give|make|compile|draft|prepare|design|compose|craft|develop)s? (?:\\w+ ){0,4}(?:files?|to (?:\`|the |a |an )|documents?|reports?|summary|readme|tests?|code|comments?|docs?|documentation|pr|pull request|issue|changelog|plan|spec|components?|functions?|scripts?|pages?|posts?|emails?|letters?|stor(?:y|ies)|poems?|essays?|articles?|blogs?|titles?|outlines?|list|tables?|diagrams?|images?|tweets?|threads?|captions?|descriptions?|narratives?|reviews?|pitch(?:es)?|sections?|templates?|layouts?|spreadsheets?|slides?|presentations?|posters?|songs?|lyrics|recipes?|itinerar(?:y|ies)|quiz(?:zes)?|flashcards?|lesson plans?|resumes?|cover letters?|landing pages?|websites?)\\b`,
    // Example outputs and templates.
    `\\b(?:example|sample|expected|desired|final) (?:outputs?|responses?|answers?|results?|format|structure|reports?)\\b`,
    `\\b(?:use|follow|fill(?: in)?|with) (?:this|the following|the|these) (?:\\w+ )?(?:templates?|formats?|structure|schema|layout)\\b`,
    `\\b(?:the|your|each) (?:outputs?|responses?|answers?|reports?|results?|summary|reply|message|comments?|advice|feedback|suggestions?|recommendations?|narrative|story|translation|analysis|explanation|email|letter|post|article|essay|poem) (?:\\w+ ){0,2}(?:should|must|will|shall|needs? to|has to|is|are|contains?|includes?)\\b`,
  ].join('|'),
  'i',
);

export const outputFormatMissing = defineRule({
  meta: {
    id: 'output-format-missing',
    category: 'direction',
    defaultSeverity: 'off',
    kinds: ['prompt', 'agent'],
    fixable: false,
    docs: {
      summary: 'A prompt or agent should say what the output looks like: its form, structure, length or destination.',
      rationale:
        'Without a stated output the agent picks a shape, and it picks a different one each run: an essay where a table ' +
        'was wanted, a chat answer where a file was wanted. A stated format makes the output comparable between runs and ' +
        'quick to inspect, and lets a script or a reviewer check it.',
      bad: 'Review the staged changes for security issues.',
      good:
        'Review the staged changes for security issues.\n\n## Output\n\nA Markdown table with one row per issue: file, line, ' +
        'severity, fix. Write "No issues" when there are none.',
      kindsNote:
        'Prompts and agents produce output. Instructions, context files, rules and skills shape how a task is done, not ' +
        'what one task returns, so they are exempt; so are files not written in English, JSON payloads, image, video ' +
        'and music prompts (their description of the piece is the format) and user-turn templates that end in an ' +
        'input label (`CONTENT:`).',
      precision: {
        right: 17,
        judged: 25,
        note:
          'Off by default (on in `promptcoach:strict`): even after tuning, about one finding in three is one an author ' +
          'would not act on. The misses were role-play and chat personas, where the reply is the conversation (a chess ' +
          'rival, a game character); image prompts the media check does not recognise; prompts whose sections already ' +
          'name the parts of the answer ("Opportunity cost … Verdict"); and agentic commands whose output is the change ' +
          'itself. Judged on a second sample after counting actions on the repository, named stacks, "no ' +
          'explanations" and named deliverables (a narrative, a review) as a stated output.',
      },
    },
  },
  check({ doc, report }) {
    if (!directionApplies(doc)) return;
    const signals = signalsOf(doc);
    const stated =
      signals.headings.some((h) => OUTPUT_HEADING.test(h)) ||
      signals.tags.some((t) => OUTPUT_NAME.test(t)) ||
      Object.keys(doc.frontmatter?.data ?? {}).some((k) => OUTPUT_NAME.test(k)) ||
      OUTPUT_PHRASE.test(signals.text) ||
      OUTPUT_PHRASE.test(signals.description);
    if (stated) return;
    report({
      range: topRange(doc),
      message: `Unexpected ${kindNoun(doc.kind)} without an output format, expected a statement of what the output looks like (for example 'Answer with a Markdown table: file, line, issue')`,
    });
  },
});
