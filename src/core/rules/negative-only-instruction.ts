import { defineRule } from '../types';
import {
  directsAgent,
  directs,
  quote,
  GUIDE_VERBS,
  OPENER,
  unitsOf,
  type Unit,
} from './instruction-units';
import { TASK_VERBS } from './util';

/**
 * A prohibition of a means, where a replacement exists and the agent has to pick one: "Don't use X",
 * "Never write X", "Avoid X". Group 1 is the prohibition as written.
 */
const PROHIBITION = new RegExp(
  `^${OPENER}((?:(?:you\\s+(?:should|must)\\s+(?:not|never)|you\\s+(?:shouldn['’]t|mustn['’]t)|never|do\\s+not|don['’]?t)\\s+` +
    `(?:use|write|call|name|format|nest|mix|rely\\s+on|reach\\s+for|say|start\\s+with|begin\\s+with|respond\\s+with|reply\\s+with|` +
    `return|put|place|wrap|structure|phrase|word|style)|avoid(?:\\s+using)?))\\s+(?=\\S)`,
  'i',
);

/** Words that give the alternative: "…; use X instead", "prefer Y", "(use Z)", "- focus on Z". */
const ALTERNATIVE =
  /\b(?:instead|rather|prefer(?:ably|red|ring)?|in favou?r of|replace[ds]?|use|using|opt for|choose|stick (?:to|with)|go with|switch to|favou?r|focus|only|keep)\b|→|=>|->/i;

/** A prohibition with a bound is a precise constraint already: "unless asked", "more than 3 levels", "without a guard". */
const BOUNDED =
  /\b(?:unless|except|without|until|outside|beyond|during|yet|before|after|while|more than|less than|fewer than|longer than|at most|max(?:imum)?|over \d|under \d|\d+)\b/i;

/** A clause that tells the agent what to do: an imperative that is not a prohibition. */
const POSITIVE = new RegExp(`^${OPENER}(?!(?:never|avoid|do\\s+not|don['’]?t|no)\\b)(?:always\\s+)?(?:${TASK_VERBS}|${GUIDE_VERBS})\\b`, 'i');

/**
 * Sentences that set what to do without an imperative: "You should solve the problem at hand", "I want you
 * to only reply with…", "You are a KQL assistant", "Comments explain why, not what".
 */
const NORMATIVE =
  /\b(?:you|agents?|assistant|it|they)\s+(?:should|must|shall|will|need to|have to|are to)\s+(?!not\b|never\b)|\bi want you to\b|\byour (?:job|task|role|goal) is\b|^you are\b|\b(?:only|always)\b|,\s*not\b|\bnot\s+\w+(?:\s+\w+)?,\s*but\b/i;

function positive(text: string): boolean {
  if (NORMATIVE.test(text)) return true;
  return text
    .split(/[;:]\s+|\s[-–—]\s|,\s+(?=\p{Ll})/u)
    .some((clause) => POSITIVE.test(clause.replace(/^[^\p{L}]+/u, '')));
}

/**
 * Prohibitions that are hard constraints, fine as they are: secrets, destructive or irreversible actions,
 * made-up facts, unsafe code. The agent needs no alternative to "never hardcode credentials".
 */
const CONSTRAINT =
  /\b(?:secrets?|credentials?|passwords?|passphrases?|api[- ]?keys?|private keys?|keys?|tokens?|\.env|pii|personal|sensitive|confidential|production|prod|main|master|force|destructive|delete|drop|remove|overwrite|irreversibl\w*|unsafe|insecure|vulnerab\w*|injection|eval|exec|malicious|harm\w*|illegal|exploit\w*|bypass\w*|disable\w*|commit\w*|push\w*|deploy\w*|publish\w*|merge\w*|expose|leak\w*|reveal\w*|sudo|root|admin|made[- ]up|invent\w*|fabricat\w*|hallucinat\w*|guess\w*|speculat\w*|assum\w*|deprecated|legacy|outdated|unverified|untrusted|external)\b/i;

/** The cheap test before looking for a prohibition. */
const MAY_PROHIBIT = /\b(?:not|never|don['’]?t|shouldn['’]t|mustn['’]t|avoid)\b/i;


/** A sentence that holds a prohibition or a negation: it tells the agent nothing to do. */
const NEGATIVE = /^\W*(?:(?:please|also|and|but)\s+)*(?:never|avoid|do\s+not|don['’]?t|no|not|nothing|none)\b|\b(?:must|should|shall|will|can|may)(?:\s+never|\s+not|n['’]t)\b/i;

/**
 * Whether the agent is told what to do nearby: in the sentence itself, anywhere else in its paragraph or
 * list item, in its sub-items, in the parent list item, or in the paragraph or list item just before or
 * after. What is left is a prohibition among prohibitions: negative-only direction.
 */
function hasAlternative(units: readonly Unit[], unit: Unit, afterProhibition: string): boolean {
  if (ALTERNATIVE.test(afterProhibition) || positive(afterProhibition)) return true;
  const item = unit.block.item;
  // Sub-items spell out what to do.
  if (item && !item.single) return true;
  const first = unit.position - unit.index;
  for (let i = first; i < first + unit.count; i++) {
    const other = units[i];
    if (other && other !== unit && !NEGATIVE.test(other.text)) return true;
  }
  for (const near of [units[first - 1], units[first + unit.count]]) {
    if (!near) continue;
    const sameList =
      item && near.block.item && near.block.item.listStart === item.listStart && near.block.item.parent === item.parent;
    const parent = item?.parent && near.block.item === item.parent;
    const sameParagraphRun = !item && !near.block.item && near.section === unit.section;
    if ((sameList || parent || sameParagraphRun) && !NEGATIVE.test(near.text)) return true;
  }
  return false;
}

/** Sections of hard rules, where prohibitions are the point: "Guardrails", "Constraints", "Security". */
const RULES_HEADING =
  /^no\b|\b(?:guardrails?|constraints?|restrictions?|limitations?|boundaries|rules?|requirements?|polic(?:y|ies)|safety|security|prohibit\w*|forbidden|must not|never|critical|important)\b/i;

export const negativeOnlyInstruction = defineRule({
  meta: {
    id: 'negative-only-instruction',
    category: 'direction',
    defaultSeverity: 'off',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill'],
    fixable: false,
    docs: {
      summary:
        'Flags a prohibition of a means ("Don\'t use jargon", "Never use `any`", "Avoid nested ternaries") in a ' +
        'section that says nowhere what to do instead. Off by default: most prohibitions in real files are fine.',
      rationale:
        'A prohibition removes one option and leaves the agent to guess among the rest; it often picks the next-worst ' +
        'one, and sometimes the forbidden word itself, primed by the mention. Anthropic and OpenAI both advise saying ' +
        'what to do rather than only what not to do. Naming the alternative ("use plain words a new hire knows", ' +
        '"use `unknown` and narrow it") makes the result the same on every run, and tells the reviewer what to expect.',
      bad: "## Style\n- Don't use jargon.\n- Never use `any`.\n- Avoid nested ternaries.",
      good:
        '## Style\n- Use plain words a new team member knows; define each acronym on first use.\n' +
        '- Use `unknown` and narrow it, not `any`.\n- Write an `if`/`else` or a lookup table instead of nesting ternaries.',
      kindsNote:
        'Prompts, agents, instructions, rules and skills: the files that direct an agent. Context files describe a ' +
        'project and are left alone. Flagged only where direction is prohibitions alone: a section (or a file without ' +
        'headings) that tells the agent nothing to do, and a prohibition whose sentence, list item, sub-items and ' +
        'neighbours give no alternative. Hard constraints need none and are never flagged: secrets and credentials, ' +
        'destructive or irreversible actions (delete, force-push, deploy), made-up facts, unsafe code, bounded ' +
        'prohibitions ("unless asked", "more than 3 levels"), sections of rules ("Guardrails", "Constraints", ' +
        '"Security", "No …"), lists of things to avoid ("Don\'ts", "Anti-patterns"), examples and quotes.',
      precision: {
        right: 0,
        judged: 2,
        note:
          'Off by default: it cannot reach 9 in 10. On the corpus it flags 2 prohibitions, and both had their ' +
          'alternative next to them in a form it cannot read (a code example above, the next heading: "Debouncing"). ' +
          'Looser versions were judged at 4 right in 27 and 2 in 34: most prohibitions in real files are omissions ' +
          '("never apologize", "no emojis") or limits of nearby direction, where an alternative adds nothing.',
      },
    },
  },
  check({ doc, report }) {
    const units = unitsOf(doc);
    const found: { unit: Unit; lead: number; rest: string }[] = [];
    for (const unit of units) {
      if (!MAY_PROHIBIT.test(unit.text)) continue;
      const lead = /^[^\p{L}]*/u.exec(unit.raw)?.[0].length ?? 0;
      const m = PROHIBITION.exec(unit.raw.slice(lead));
      if (m && directsAgent(unit) && !unit.headings.some((h) => RULES_HEADING.test(h))) found.push({ unit, lead, rest: unit.raw.slice(lead + m[0].length) });
    }
    if (!found.length) return;
    // A file that is one prohibition ("Never apologize.") is a rule of its own, with nothing to pair it with.
    if (units.filter((u) => directsAgent(u) && directs(u.text)).length < 2) return;
    // Sections (or the file before its first heading) that say somewhere what to do: their prohibitions
    // read as the limits of that direction, not as direction by prohibition alone.
    const directed = new Set<unknown>();
    for (const unit of units) if (!NEGATIVE.test(unit.text) && directsAgent(unit) && positive(unit.text)) directed.add(unit.section);
    for (const { unit, lead, rest } of found) {
      if (directed.has(unit.section) || CONSTRAINT.test(rest) || BOUNDED.test(rest) || hasAlternative(units, unit, rest)) continue;
      const start = unit.start + lead;
      const end = unit.start + unit.raw.replace(/[\s.!;:,]+$/, '').length;
      report({
        range: doc.range(start, end),
        message: `Unexpected '${quote(doc, { start, end })}' with no alternative, expected what to do instead in the same sentence or list item ('…; use … instead')`,
      });
    }
  },
});
