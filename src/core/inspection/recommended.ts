/**
 * The inspection checklist `promptcoach:recommended` (and `promptcoach:strict`) ships: what a
 * careful reviewer checks in agent output before accepting it. The help texts are the training a
 * new reviewer gets: what to open, compare or run, and where agents usually go wrong.
 *
 * Changing an item's meaning: raise `version`, so records made against the old one stay readable
 * as such (each record also keeps a hash of the definition).
 */
import type { ChecklistConfig } from '../config/schema';

export const OUTPUT_REVIEW: ChecklistConfig = {
  id: 'output-review',
  title: 'Output review',
  version: 1,
  description:
    'The default review of agent output before it is accepted: does it do what was asked, is what it says real, ' +
    'does it stay in scope and in shape, is it safe to share, and does it pass the project\'s checks.',
  items: [
    {
      id: 'objective-met',
      text: 'The output does what the prompt asked: its objective is met and every success criterion holds.',
      help:
        'Open the prompt next to the output. Restate its objective in one sentence, then check each success criterion ' +
        'against the output itself, not against the agent\'s summary of what it did: agents report work they did not do. ' +
        'Look for the parts that are easy to drop: the edge case the prompt names, the second of two requested changes, ' +
        'the "and update the docs". When the prompt states no success criteria, write in the note what you judged by.',
      required: true,
    },
    {
      id: 'complete',
      text: 'Nothing is left unfinished: no placeholders, TODOs, stubs or "rest omitted".',
      help:
        'Agents leave these behind when they run out of context or certainty: `TODO`, `TBD`, `[INSERT …]`, ' +
        '`// rest of the code unchanged`, "…and so on", empty function bodies, `throw new Error("not implemented")`, ' +
        'tests marked skip, lists cut short. The automatic check finds written placeholders; stubs and silently ' +
        'shortened content you have to see, so scroll to the end of every file.',
      required: true,
      auto: { type: 'no-placeholders' },
    },
    {
      id: 'facts-real',
      text: 'Facts, references and file paths are real: every link, file, function, command, package, number and quotation exists and says what the output claims.',
      help:
        'The automatic check proves that linked files exist; it cannot tell whether they say what the output claims. ' +
        'Open two or three references and read them. Search the code or the docs for every function, API, flag, command ' +
        'and package name the output relies on: invented ones look plausible. Trace each number and quotation to its ' +
        'source. One invented fact is a reason to check the rest closely, not just to fix that one.',
      required: true,
      auto: { type: 'references-exist' },
    },
    {
      id: 'within-scope',
      text: 'It stays within the constraints and scope: it changes only what was asked and respects every stated constraint.',
      help:
        'Read the diff, not the summary. List the files it touches and ask of each whether the task needed it. Watch ' +
        'for drive-by refactors, renames, changed defaults, new dependencies, deleted tests or comments, and edits to ' +
        'generated or vendored files. Then take the constraints the prompt states (versions, style, performance, what ' +
        'must not change, what it may not access) one at a time.',
      required: true,
    },
    {
      id: 'format-as-asked',
      text: 'The format is what was asked: structure, length, language, file types, names and locations match the prompt.',
      help:
        'Compare with the prompt\'s output format: sections and their order, required fields, length limits, language ' +
        'and tone, file names and where files go, code style. A right answer in the wrong shape still costs the next ' +
        'reader or tool in the pipeline. When the prompt says nothing about format, judge whether the output can be ' +
        'used as it is, and say so in the note.',
      required: true,
    },
    {
      id: 'no-secrets',
      text: 'No secrets or personal data: no keys, tokens, passwords, customer data or personal details that must not be shared.',
      help:
        'The automatic check knows the formats of real credentials (API keys, tokens, private keys, connection strings). ' +
        'It does not find personal data: look for names, email addresses, phone numbers, postal addresses, contents of ' +
        'real tickets or accounts, internal host names and URLs. Logs, fixtures and examples are where they hide. A ' +
        'real credential means reject and have it rotated: deleting it from the file is not enough once it was shared.',
      required: true,
      auto: { type: 'no-secrets' },
    },
    {
      id: 'checks-pass',
      text: 'Tests and checks pass: the project\'s tests, build, linters and type checks run clean on this version of the output.',
      help:
        'Run them, or read the CI result for exactly this version, rather than trusting the agent\'s word that they pass. ' +
        'Check that new behaviour has a test that would fail without it, and that no test was deleted, skipped or ' +
        'weakened to make the run green. Mark "na" only for outputs no check applies to (a document with no build), and ' +
        'say so. To have the panel run a command, define your own checklist with an item whose `auto` is ' +
        '`{ "type": "command", "command": "npm test" }`.',
      required: true,
    },
  ],
};
