import type { PromptDocument } from '../document';
import { defineRule } from '../types';
import {
  directsAgent,
  GUIDE_VERBS,
  OPENER,
  perUnit,
  quote,
  tokens,
  unitsOf,
  type Unit,
} from './instruction-units';
import { detached, memoByText, TASK_VERBS } from './util';

/** A directive with its polarity: "Always use semicolons" (+), "Never use semicolons" (-). */
interface Directive {
  unit: Unit;
  polarity: '+' | '-';
  /** What is directed, normalized: "use semicolon". */
  action: string;
  /**
   * For a choice between exclusive options, the action with the option taken out ("use * for indentation")
   * and the option ("tab"): "Use tabs for indentation" and "Use spaces for indentation" contradict.
   */
  choice?: { key: string; option: string };
  start: number;
  end: number;
}

const NEGATIVE = new RegExp(
  `^${OPENER}(?:you\\s+(?:must|should|shall|will|may)\\s+(?:never|not)|you\\s+(?:mustn['’]t|shouldn['’]t|can['’]t|cannot|won['’]t)|` +
    `(?:must|should)\\s+(?:never|not)|never(?:\\s+ever)?|do\\s+not|don['’]?t)\\s+`,
  'i',
);
const POSITIVE = new RegExp(
  `^${OPENER}(?:you\\s+(?:must|should|shall|will)\\s+(?:always\\s+)?|always\\s+|make\\s+sure\\s+(?:to|you)\\s+|be\\s+sure\\s+to\\s+)?`,
  'i',
);
const VERB = new RegExp(`^(?:${TASK_VERBS}|${GUIDE_VERBS})$`, 'i');
const verbMemo = new Map<string, boolean>();
function isVerb(word: string): boolean {
  let hit = verbMemo.get(word);
  if (hit === undefined) {
    hit = VERB.test(word);
    if (verbMemo.size < 5000) verbMemo.set(word, hit);
  }
  return hit;
}

/** Verbs that are not directed actions when they open a clause ("Be …" is a state, "Do …" an auxiliary). */
const NOT_AN_ACTION = /^(?:be|do|don't|dont|always|never|avoid|set up|make)$/i;

/** Words that change neither the action nor its polarity. */
const FILLER = new Set('a an the your any all every'.split(' '));
/** Pronouns and pointers: the action is about something said elsewhere, so two may differ. */
const POINTER = /\b(?:it|its|them|this|that|these|those|they|here|there|such|same|so|one|ones|above|below|following|otherwise|else)\b/i;
/** Conditions and exceptions: the directive applies only sometimes, so its opposite may apply the rest of the time. */
const CONDITION = /\b(?:if|unless|except|excepting|when|whenever|while|until|before|after|once|only|but|instead|otherwise|without|rather|unless|in case|where)\b/i;

/** Options of which a project picks one (stemmed as `stem` leaves them). */
const EXCLUSIVE = new Map<string, string>([
  ['tab', 'indent'],
  ['spac', 'indent'],
  ['npm', 'package manager'],
  ['yarn', 'package manager'],
  ['pnpm', 'package manager'],
  ['bun', 'package manager'],
]);
/** "single quotes" / "double quotes". */
const QUOTE_STYLE = new Set(['singl', 'doubl']);
/** A negation or an option: the cheap test before parsing a sentence's directives. */
const MAY_OPPOSE = /\b(?:never|not|don['’]?t|cannot|can['’]t|mustn['’]t|shouldn['’]t|won['’]t|tabs?|spaces|npm|yarn|pnpm|bun|single|double)\b/i;
const mayOppose = perUnit(({ text }) => MAY_OPPOSE.test(text));

function choiceOf(words: readonly string[]): { key: string; option: string } | undefined {
  let at = -1;
  let group = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const g = EXCLUSIVE.get(w) ?? (QUOTE_STYLE.has(w) && /^quot/.test(words[i + 1] ?? '') ? 'quote' : undefined);
    if (!g) continue;
    if (at >= 0) return undefined;
    at = i;
    group = g;
  }
  if (at < 0) return undefined;
  return { key: words.map((w, i) => (i === at ? `{${group}}` : w)).join(' '), option: detached(words[at] as string) };
}

function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3).replace(/e$/, '');
  if (word.length > 3 && word.endsWith('es')) return word.slice(0, -2).replace(/e$/, '');
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1).replace(/e$/, '');
  return word.replace(/e$/, '');
}

/** Clauses of a unit: split at `;`, `:` and dashes that join two directives ("Never ask - always proceed"). */
function* clauses(unit: Pick<Unit, 'raw' | 'start'>): Generator<{ text: string; offset: number }> {
  const splitter = /[;:]\s+|\s[-–—]\s/g;
  let from = 0;
  for (const m of unit.raw.matchAll(splitter)) {
    yield { text: unit.raw.slice(from, m.index), offset: unit.start + from };
    from = m.index + m[0].length;
  }
  yield { text: unit.raw.slice(from), offset: unit.start + from };
}

/** The directives of each unit of a document. */
function directivesOf(doc: PromptDocument): (unit: Unit) => readonly Directive[] {
  const own = ownDirectives(doc);
  return (unit) =>
    own(unit).map((d) => {
      const directive: Directive = { unit, polarity: d.polarity, action: d.action, start: unit.start + d.start, end: unit.start + d.end };
      if (d.choice) directive.choice = d.choice;
      return directive;
    });
}

/**
 * The directives of a sentence, offsets relative to it: remembered by the sentence's text, so
 * after an edit only the sentences that changed are read again.
 */
const directivesIn = memoByText((raw: string): Omit<Directive, 'unit'>[] => {
  const unit = { raw, start: 0, text: /\s\s|[\t\r\n]/.test(raw) ? raw.replace(/\s+/g, ' ') : raw };
  const found: Omit<Directive, 'unit'>[] = [];
  // A condition anywhere in the sentence may scope any of its clauses.
  if (CONDITION.test(unit.text)) return found;
  for (const clause of clauses(unit)) {
    const lead = /^[^\p{L}]*/u.exec(clause.text)?.[0].length ?? 0;
    const body = clause.text.slice(lead).replace(/[\s.!]+$/, '');
    if (!body || /["“”'‘’]/.test(body.slice(0, 1))) continue;
    const neg = NEGATIVE.exec(body);
    const pos = neg ? null : POSITIVE.exec(body);
    const head = neg ?? pos;
    if (!head) continue;
    const rest = body.slice(head[0].length);
    if (!isVerb(/^[\p{L}'-]+/u.exec(rest)?.[0].toLowerCase() ?? '')) continue;
    if (POINTER.test(rest)) continue;
    const words = tokens(rest).filter((t) => !FILLER.has(t));
    if (words.length < 2 || words.length > 12 || NOT_AN_ACTION.test(words[0] as string)) continue;
    // Bare imperatives count only when they are the whole clause: "Use tabs", not "Use tabs for alignment, spaces for indentation, …".
    if (pos && !/^(?:always|you|make|be)\b/i.test(head[0].trim()) && /,/.test(rest)) continue;
    const stems = words.map(stem);
    const choice = neg ? undefined : choiceOf(stems);
    found.push({
      polarity: neg ? '-' : '+',
      action: stems.join(' '),
      ...(choice ? { choice } : {}),
      start: clause.offset + lead,
      end: clause.offset + lead + body.length,
    });
  }
  return found;
});

const ownDirectives = perUnit(({ raw }) => directivesIn(raw));

/**
 * Two directives are about one scope: the same section, and either the same list (a list often follows
 * a lead-in that scopes it: "In tests:") or both outside lists.
 */
function sameScope(a: Unit, b: Unit): boolean {
  return (
    a.section === b.section &&
    (a.block.item?.listStart ?? -1) === (b.block.item?.listStart ?? -1) &&
    a.block.item?.parent?.start === b.block.item?.parent?.start
  );
}

/** A length limit: "under 100 words" is words ≤ 100, "at least 3 bullet points" is bullets ≥ 3. */
interface Limit {
  unit: Unit;
  measure: string;
  low: number;
  high: number;
  /** The sentence's other content words: what is limited ("title", "each bullet", or nothing: the whole answer). */
  subject: string;
  start: number;
  end: number;
}

const NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
};
const NUM = `(\\d{1,5}|${Object.keys(NUMBERS).join('|')})`;
const MEASURES: [RegExp, string][] = [
  [/^words?$/, 'words'],
  [/^sentences?$/, 'sentences'],
  [/^paragraphs?$/, 'paragraphs'],
  [/^(?:bullet[- ]?points?|bullets?)$/, 'bullet points'],
  [/^lines?$/, 'lines'],
  [/^(?:characters?|chars)$/, 'characters'],
  [/^tokens?$/, 'tokens'],
  [/^pages?$/, 'pages'],
];
const LIMIT = new RegExp(
  '(?<![\\w.-])(?:(under|below|fewer than|less than|no more than|not more than|at most|(?:a )?maximum of|max(?:imum)?|up to|limit(?:ed)? to|no longer than|not (?:to )?exceed(?:ing)?|shorter than)|' +
    '(at least|(?:a )?minimum of|min(?:imum)?|no fewer than|no less than|more than|longer than)|(exactly|precisely)|(between))?\\s*' +
    `${NUM}(?:\\s*(?:-|–|to|and)\\s*${NUM})?\\s+(words?|sentences?|paragraphs?|bullet[- ]?points?|bullets?|lines?|characters?|chars|tokens?|pages?)(?![\\w-])`,
  'gi',
);
/** A bare count is a limit after these words: "in 3 sentences", "write 5 bullet points". */
const BARE_COUNT_AFTER = /\b(?:in|write|give|list|provide|return|generate|produce|output|use|include|with)\s+$/i;
/** Words that say nothing about what is limited. */
const NOT_SUBJECT = new Set(
  ('a an the your you it its be is are should must shall will keep make write use limit limited respond reply answer answers ' +
    'response responses reply replies output outputs total length long short always no more than and or of to in with for at ' +
    'please never do not don t maximum minimum max min').split(' '),
);

const toNumber = (s: string): number => NUMBERS[s.toLowerCase()] ?? Number(s);

function limitsOf(unit: Unit): Limit[] {
  const found: Limit[] = [];
  if (CONDITION.test(unit.text)) return found;
  for (const m of unit.raw.matchAll(LIMIT)) {
    const [, max, min, exact, between, a, b, word] = m as unknown as (string | undefined)[];
    const measure = MEASURES.find(([re]) => re.test((word as string).toLowerCase()))?.[1];
    if (!measure || !a) continue;
    const n = toNumber(a);
    let low: number;
    let high: number;
    if (b !== undefined) {
      if (max || min || exact) continue;
      low = n;
      high = toNumber(b);
    } else if (between) continue;
    else if (max) [low, high] = [0, n];
    else if (min) [low, high] = [n, Infinity];
    else if (exact || BARE_COUNT_AFTER.test(unit.raw.slice(Math.max(0, m.index - 12), m.index))) [low, high] = [n, n];
    else continue;
    const subject = tokens(unit.raw.slice(0, m.index) + ' ' + unit.raw.slice(m.index + m[0].length))
      .filter((t) => !NOT_SUBJECT.has(t) && !/^\d+$/.test(t))
      .map(stem)
      .sort()
      .join(' ');
    const lead = m[0].length - m[0].trimStart().length;
    found.push({ unit, measure, low, high, subject, start: unit.start + m.index + lead, end: unit.start + m.index + m[0].length });
  }
  return found;
}

/** Any number followed by a measure: the cheap test before looking for limits. */
const MAY_LIMIT = /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|fifty|hundred)\s+(?:words?|sentences?|paragraphs?|bullet|lines?|char|tokens?|pages?)/i;
const mayLimit = perUnit(({ text }) => MAY_LIMIT.test(text));

function checkLimits(doc: PromptDocument, report: Reporter): void {
  const seen: Limit[] = [];
  const limited = mayLimit(doc);
  for (const unit of unitsOf(doc)) {
    if (!limited(unit) || !directsAgent(unit)) continue;
    for (const limit of limitsOf(unit)) {
      const other = seen.find(
        (e) =>
          e.unit !== limit.unit &&
          e.measure === limit.measure &&
          e.subject === limit.subject &&
          sameScope(e.unit, limit.unit) &&
          (e.high < limit.low || limit.high < e.low),
      );
      if (other) {
        const line = doc.lines.positionAt(other.start).line + 1;
        report({
          range: doc.range(limit.start, limit.end),
          message: `Unexpected '${quote(doc, limit.unit)}' contradicting line ${line} '${quote(doc, other.unit)}', expected one limit: delete one, or say which part of the answer each applies to`,
        });
        continue;
      }
      seen.push(limit);
    }
  }
}

type Reporter = (r: { range: ReturnType<PromptDocument['range']>; message: string }) => void;

export const conflictingInstructions = defineRule({
  meta: {
    id: 'conflicting-instructions',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill', 'context'],
    fixable: false,
    docs: {
      summary:
        'Reports a directive that contradicts an earlier one in the same scope: "Always use semicolons" … "Never use ' +
        'semicolons", "Use tabs for indentation" … "Use spaces for indentation", "Keep answers under 100 words" … ' +
        '"Write at least 300 words".',
      rationale:
        'Given two opposite directives, the agent follows one of them, differently from run to run, and nothing tells ' +
        'the operator which. Usually one is stale (the convention changed and one copy was not updated) or each was ' +
        'meant for a case the text does not name. Keep one, or say when each applies.',
      bad: '## Style\n- Always use semicolons.\n- Prefer named exports.\n- Never use semicolons.\n\nKeep answers under 100 words. Name the error. Write at least 300 words.',
      good: '## Style\n- Always use semicolons.\n- Prefer named exports.\n\nKeep the summary under 100 words and the detailed report to at least 300 words. Name the error.',
      kindsNote:
        'Every kind that directs an agent, context files (AGENTS.md, CLAUDE.md) included: they hold instructions too. ' +
        'Two directives are compared only in one scope: the same section, and the same list or both outside lists (a ' +
        'list often follows a lead-in that scopes it, "In tests:"). A sentence with a condition or an exception ("if", ' +
        '"unless", "only", "when"), a pointer ("it", "this"), examples, quotes, transcripts and lists of things to avoid ' +
        '("Don\'ts", "Anti-patterns") are left alone. A limit is compared only with a limit on the same thing: "title ' +
        'under 10 words" does not contradict "at least 300 words".',
      precision: {
        right: 0,
        judged: 0,
        note:
          'The corpus gives no finding (4,566 files, so no false alarm either). With scope and conditions relaxed it ' +
          'gives 2 opposite directives, both scoped by a condition the rule rightly honours, and 15 length limits, all ' +
          'on different parts of the answer (a title against a description, one mode against another). Checked ' +
          'instead on hand-written contradictions and near-misses (conditions, examples, quotes, scoped lists, other ' +
          'sections, different subjects) in test/unit/rules-instructions.test.ts.',
      },
    },
  },
  check({ doc, report }) {
    checkPolarity(doc, report);
    checkLimits(doc, report);
  },
});

function checkPolarity(doc: PromptDocument, report: Reporter): void {
  const units = unitsOf(doc);
  const opposing = mayOppose(doc);
  const directives = directivesOf(doc);
  // First the negative directives and the choices between options: most files have few or none.
  const parsed = new Array<readonly Directive[] | undefined>(units.length);
  let parsedAny = false;
  const needles = new Set<string>();
  for (const unit of units) {
    if (!opposing(unit) || !directsAgent(unit)) continue;
    const found = directives(unit);
    parsed[unit.position] = found;
    parsedAny = true;
    for (const d of found) if (d.polarity === '-') needles.add(d.action.split(' ').reduce((a, b) => (b.length > a.length ? b : a)));
  }
  if (!parsedAny) return;
  // Then the positive ones that may oppose them: sentences holding a negative action's longest word.
  const holdsNeedle = needles.size ? needleTest([...needles].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))(doc) : undefined;
  const byAction = new Map<string, Directive[]>();
  const byChoice = new Map<string, Directive[]>();
  const contradict = (d: Directive, earlier: Directive) => {
    const line = doc.lines.positionAt(earlier.start).line + 1;
    report({
      range: doc.range(d.start, d.end),
      message: `Unexpected '${quote(doc, d)}' contradicting line ${line} '${quote(doc, earlier)}', expected one directive: delete one, or say when each applies`,
    });
  };
  for (const unit of units) {
    let found = parsed[unit.position];
    if (!found) {
      if (!holdsNeedle?.(unit) || !directsAgent(unit)) continue;
      found = directives(unit);
    }
    for (const d of found) {
      const same = byAction.get(d.action) ?? [];
      const opposite = same.find((e) => e.polarity !== d.polarity && sameScope(e.unit, d.unit));
      if (opposite) {
        contradict(d, opposite);
        continue;
      }
      if (d.choice) {
        const rivals = byChoice.get(d.choice.key) ?? [];
        const rival = rivals.find((e) => e.choice?.option !== d.choice?.option && sameScope(e.unit, d.unit));
        if (rival) {
          contradict(d, rival);
          continue;
        }
        rivals.push(d);
        byChoice.set(d.choice.key, rivals);
      }
      same.push(d);
      byAction.set(d.action, same);
    }
  }
}

let lastNeedle: { source: string; holds: (doc: PromptDocument) => (unit: Unit) => boolean } | undefined;

/**
 * Whether each sentence holds one of the words of `source` (an alternation), remembered for the
 * last `source`: it changes only when a negative directive does, not on every keystroke.
 */
function needleTest(source: string): (doc: PromptDocument) => (unit: Unit) => boolean {
  if (lastNeedle?.source !== source) {
    const needle = new RegExp(source, 'i');
    lastNeedle = { source, holds: perUnit(({ text }) => needle.test(text)) };
  }
  return lastNeedle.holds;
}
