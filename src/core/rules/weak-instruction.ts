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
/** Hedges that trail an instruction: "Add tests if possible." */
const TRAILING = /(?<![\w'’-])(if possible|where(?:ver)? possible|when(?:ever)? possible|as much as possible|if you can)(?![\w'’-])/gi;


export const weakInstruction = defineRule({
  meta: {
    id: 'weak-instruction',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill'],
    fixable: false,
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
        'headings, quotes and code are left alone.',
    },
  },
  check({ doc, report }) {
    if (!isEnglish(doc)) return;
    for (const { body, offset } of proseClauses(doc)) {
      if (!DIRECTS.test(body)) continue;
      const hits: { index: number; text: string }[] = [];
      const leading = LEADING.exec(body);
      if (leading?.[1]) hits.push({ index: leading[0].length - leading[1].length, text: leading[1] });
      for (const m of body.matchAll(TRAILING)) hits.push({ index: m.index, text: m[1] as string });
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
