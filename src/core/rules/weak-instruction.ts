import { defineRule } from '../types';
import { isEnglish, proseClauses, TASK_VERBS } from './util';

/** Verbs that open guidance rather than a task ("Keep…", "Use…", "Avoid…"). */
const GUIDE_VERBS =
  "always|never|avoid|be|begin|call|cite|consider|do|don't|emphasi[sz]e|ensure|favou?r|focus|follow|handle|include|keep|" +
  'leave|limit|link|log|maintain|mark|mention|pass|place|prefer|prioriti[sz]e|put|return|reuse|set|start|state|stay|' +
  'stick|stop|store|throw|treat|use|wrap';
const VERB = `(?:${TASK_VERBS}|${GUIDE_VERBS})\\b`;

/** Words that may come before an imperative's verb: "Please also …". */
const OPENER = '(?:(?:please|then|also|and|first|now|finally)\\s+)*';
/** "You should", "you should also", "you must" and the like: the hedge comes next. */
const YOU_SHOULD = "(?:you\\s+(?:should|must|need\\s+to|have\\s+to|will)(?:\\s+(?:also|always|then))?\\s+)";

/** Hedges that open an imperative: "Try to keep…", "Ideally, use…", "You might want to add…". */
const LEADING = new RegExp(
  `^(?:${OPENER}|${YOU_SHOULD})(try to|maybe|perhaps|ideally|you might want to|you may want to|feel free to)(?=,?\\s+${VERB})`,
  'i',
);
/** Clauses that direct: an imperative, or "you should …". */
const DIRECTS = new RegExp(`^(?:${OPENER}${VERB}|${YOU_SHOULD}|(?:try to|ideally|perhaps|maybe|you might want to|you may want to|feel free to)\\b)`, 'i');
/**
 * Hedges that trail an instruction: "Add tests if possible." "If you can" only ends a clause as a hedge:
 * "if you can see evidence of it" is a condition.
 */
const TRAILING =
  /(?<![\w'’-])(if possible|where(?:ver)? possible|when(?:ever)? possible|as much as possible|if you can(?=\s*(?:[.,;:!)]|$)))(?![\w'’-])/gi;

/**
 * What follows a trailing hedge that names its condition after all: "where possible; if an input is
 * missing, state the assumption", "when possible, otherwise log it".
 */
const CONDITION_FOLLOWS = /^\)?\s*[;,:—–-]\s*(?:and\s+)?(?:if|unless|otherwise|else|except|when|where)\b/i;
/**
 * The next sentence names the exception: "Use functional paradigms whenever possible. Creating
 * singletons where needed is acceptable." "Write in prose where possible. Use bullets only where they help."
 */
const EXCEPTION_NEXT = /^[^.!?\n]*[.!?]\s+[^.!?\n]{0,120}?\b(?:only (?:where|when|if)|where needed|when needed|(?:is|are) (?:acceptable|fine|ok)|unless|except)\b/i;
/**
 * Clauses that ask for something the agent may not be able to do (run a command, fetch a page,
 * capture a screenshot): "if possible" there is a condition the agent can check, not a hedge.
 */
const CAPABILITY = /^(?:(?:please|then|also|and|first|now|finally)\s+)*(?:run|execute|retrieve|capture|fetch|download|access|browse|open|connect|look up|search|query|screenshot)\b/i;
/**
 * Clauses that ask for information the sources may not have ("Include statistics wherever possible",
 * "Identify (with dates where possible)"): the agent cannot add what does not exist, so "possible"
 * names the condition.
 */
const INFORMATION =
  /\b(?:include|cite|provide|add|give|identify|list|show|mention|quote|link|back|support|recommend|suggest|offer)\b.{0,200}?\b(?:dates?|statistics|stats|sources?|citations?|links?|figures|numbers|data|examples?|quotes?|references?|urls?|evidence|metrics|commits?|automated fixes)\b/i;

export const weakInstruction = defineRule({
  meta: {
    id: 'weak-instruction',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill'],
    fixable: false,
    scope: 'block',
    docs: {
      summary: 'Flags hedged instructions: "try to", "if possible", "ideally", "maybe", "you might want to", "feel free to".',
      rationale:
        'A hedge tells the agent the instruction is optional without saying when. The agent then skips it whenever ' +
        'following it is inconvenient, and the reviewer cannot tell a legitimate exception from a lapse. Either the ' +
        'instruction applies (say it directly) or it applies under a condition (name the condition).',
      bad: 'Try to keep functions short. Add tests if possible. Ideally, use the existing logger.',
      good: 'Keep functions under 40 lines. Add a test for every bug fix; skip tests only for documentation changes. Use the existing logger.',
      kindsNote:
        'Prompts, agents, instructions, rules and skills: the files that direct an agent. Context files describe a ' +
        'project and are left alone. English prose only, in clauses that direct (an imperative or "you should"); ' +
        'headings, quotes and code are left alone. A trailing "if possible" is left alone where the condition follows ' +
        '("where possible; if an input is missing, …") and where what is possible is up to the agent\'s tools ("Run ' +
        '`git diff --check` when possible", "Capture a screenshot if possible") or up to what the sources hold ' +
        '("Include statistics wherever possible"), and where the next sentence names the exception ("… where needed ' +
        'is acceptable").',
      precision: {
        right: 25,
        judged: 25,
        note:
          'Judged on a fourth sample, after the first three (21, 22 and 19 of 25) showed hedges that are really ' +
          'conditions: "possible" meaning the agent\'s tools allow it ("Run `git diff --check` when possible", "Search ' +
          'legal databases when possible"), the sources hold it ("Include statistics wherever possible"), or an exception ' +
          'named in the same or the next sentence; and "if you can see …" read as a hedge. None is reported now. Every ' +
          'finding left is a soft preference on a convention ("Use const constructors when possible"); an author who ' +
          'means "when possible" as "prefer" may let it stand, which is why the rule is `info`.',
      },
    },
  },
  check({ doc, report }) {
    if (!isEnglish(doc)) return;
    for (const { body, offset } of proseClauses(doc)) {
      if (!DIRECTS.test(body)) continue;
      const hits: { index: number; text: string }[] = [];
      const leading = LEADING.exec(body);
      if (leading?.[1]) hits.push({ index: leading[0].length - leading[1].length, text: leading[1] });
      for (const m of body.matchAll(TRAILING)) {
        const end = offset + m.index + m[0].length;
        const hedged = body.slice(0, m.index);
        const next = doc.prose.slice(end, end + 240);
        if (CAPABILITY.test(body) || INFORMATION.test(hedged) || CONDITION_FOLLOWS.test(next) || EXCEPTION_NEXT.test(next)) continue;
        hits.push({ index: m.index, text: m[1] as string });
      }
      for (const hit of hits.sort((a, b) => a.index - b.index)) {
        const start = offset + hit.index;
        report({
          range: doc.range(start, start + hit.text.length),
          message: `Unexpected hedge '${hit.text.replace(/\s+/g, ' ').toLowerCase()}', expected a direct instruction, or the condition under which it applies`,
        });
      }
    }
  },
});
