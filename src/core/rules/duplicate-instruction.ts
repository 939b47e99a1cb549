import type { PromptDocument } from '../document';
import { defineRule, type Fix } from '../types';
import { directs, perUnit, quote, tokens, underExampleHeading, unitsOf, type Block, type Unit } from './instruction-units';
import { memoByText } from './util';

/** Words that change neither what an instruction asks nor its polarity. */
const FILLER = new Set(
  'a an the this that these those your you our its their my to of in on at by for with from into and or is are be please also always just then really make sure'.split(' '),
);

/** Crude stemming: "tests"/"test", "using"/"use", "added"/"add" compare equal. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3).replace(/e$/, '');
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2).replace(/e$/, '');
  if (word.length > 3 && word.endsWith('es')) return word.slice(0, -2).replace(/e$/, '');
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1).replace(/e$/, '');
  return word.replace(/e$/, '');
}

/** What two copies of one instruction share: content words, stemmed, in order. */
function keyOf(text: string): string[] {
  return tokens(text)
    .filter((t) => !FILLER.has(t))
    .map(stem);
}

/** At least this many content words: short phrases ("Be concise.") repeat on purpose and cost little. */
const MIN_WORDS = 4;
const MIN_CHARS = 24;

/**
 * Headings of a recap: a long prompt restates its key rules at the end on purpose, so the model
 * reads them last (Anthropic and OpenAI both recommend it for long prompts).
 */
const RECAP_HEADING =
  /\b(?:remind(?:er)?s?|recap|summary|summari[sz]ed|remember|key (?:points|rules|takeaways|principles|reminders)|tl;?dr|checklists?|final (?:notes?|reminders?|instructions?|rules?|checks?)|critical|important|quick (?:\w+ )?reference|reading guide|cheat ?sheet|golden rules?|core rules?|in short|bottom line|non-negotiables?|must[- ]follow|troubleshooting|faq|common (?:issues|problems|mistakes|errors|pitfalls)|gotchas|pitfalls)\b/i;

/** A sentence's own text is long enough to matter, and directs the agent. */
const directing = perUnit(
  ({ text }) =>
    text.length >= MIN_CHARS &&
    // "Run this command:" introduces what follows, and what follows differs.
    !text.endsWith(':') &&
    // "Read cost: 1000 RU/s" is a label and a value; "Important: run the tests" still directs.
    directs(text.replace(/^[^:]{1,40}:\s+/, '')),
);

/** A sentence's content words (`keyOf`) on one line, and how many there are. */
const contentOfText = memoByText((text: string) => {
  const key = keyOf(text);
  return { key: key.join(' '), words: key.length };
});
const contentOf = perUnit(({ text }) => contentOfText(text));

/** For the first sentence of a block, the content words of every sentence of the block, in order, on one line. */
const blockContentOf = perUnit((first, units) => {
  const words: string[] = [];
  for (let k = first.position; k < first.position + first.count; k++) {
    const { key, words: count } = contentOfText(units[k]!.text);
    if (count) words.push(key);
  }
  return words.join(' ');
});

/** A sentence shown rather than meant: in an example, a quote, a transcript, after a `Bad:` label. */
function shown(u: Unit): boolean {
  return u.inExampleTag || u.block.quoted || u.block.dialogue === true || underExampleHeading(u) || u.own.labelled;
}

/** Headings of one step of a procedure, or one branch of it: "Step 2", "Phase 1: Design", "Path B", "3. Deploy". */
const STEP_HEADING = /\b(?:steps?|phases?|stages?|paths?|branch|options?|case|scenario|mode|part|round|wave|pass|tier|workflow)\b|^(?:[A-Z]|\d+)(?:\.\d+)*[.):]?\s/i;

function overlap(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / (x.size + y.size - shared || 1);
}

/**
 * Whether two copies sit in parallel places that each need their own: steps of different procedures
 * (numbered lists, "Step"/"Phase" sections, sections named alike), sub-items of different items, branches
 * under different lead-ins ("If it's a question:" / "If it requests a change:"), riders on different
 * items, or two instances of one template.
 */
function parallel(doc: PromptDocument, units: readonly Unit[], first: Unit, second: Unit): boolean {
  const a = first.block.item;
  const b = second.block.item;
  if ((a?.ordered || b?.ordered) && a?.listStart !== b?.listStart) return true;
  if ((a?.parent || b?.parent) && a?.parent?.start !== b?.parent?.start) return true;
  if (first.section !== second.section) {
    const titles = [first.section?.title ?? '', second.section?.title ?? ''];
    if (titles.some((t) => STEP_HEADING.test(t))) return true;
    const [x, y] = titles.map((t) => tokens(t)[0]);
    if (x && x === y) return true;
  }
  const a0 = leadIn(units, first);
  const b0 = leadIn(units, second);
  if ((a0 || b0) && a0 !== b0) return true;
  // A rider on two different items or lines: "Extract the best quotes. Ten of the agents should differ."
  // and "Extract the best habits. Ten of the agents should differ." Each item needs it. (A copy right
  // after the first one is a slip, not a rider.)
  if (first.index > 0 && second.index > 0 && units[second.position - 1] !== first) {
    if (first.block !== second.block || (midLine(doc, units, first) && midLine(doc, units, second))) return true;
  }
  // Two instances of one template: the sentences at the same distance from each copy are alike but not
  // the same ("…under `hooks.before_plan`" / "…under `hooks.after_plan`").
  if (second.position - first.position > 2 * WINDOW) {
    for (let k = 1; k <= WINDOW; k++) {
      if (alikeButNotSame(units[first.position - k], units[second.position - k])) return true;
      if (alikeButNotSame(units[first.position + k], units[second.position + k])) return true;
    }
  }
  return false;
}

/** Sentences of at least six words that share half their words or more, but not all. */
function alikeButNotSame(a: Unit | undefined, b: Unit | undefined): boolean {
  if (!a || !b) return false;
  const x = tokens(a.text);
  const y = tokens(b.text);
  if (x.length < 6 || y.length < 6) return false;
  const similarity = overlap(x, y);
  return similarity >= 0.5 && similarity < 1;
}

/** A sentence that starts on the line where the sentence before it ends. */
function midLine(doc: PromptDocument, units: readonly Unit[], unit: Unit): boolean {
  const before = units[unit.position - 1];
  return before !== undefined && before.block === unit.block && !doc.text.slice(before.end, unit.start).includes('\n');
}

/** How far around each copy to look for the other lines of a template instance. */
const WINDOW = 3;

/**
 * The sentence that introduces a copy's list or paragraph and scopes it ("If it's a question:", "On
 * sign-off:", "**Check for extension hooks (before planning)**:"), if any.
 */
function leadIn(units: readonly Unit[], unit: Unit): Unit | undefined {
  const item = unit.block.item;
  if (item) {
    // The nearest sibling item just before that ends in a colon ("…, in the following format:").
    for (let i = unit.position - unit.index - 1; i >= Math.max(0, unit.position - LEAD_IN_REACH); i--) {
      const before = units[i] as Unit;
      if (before.start < item.listStart) break;
      if (before.text.endsWith(':') && before.block.item?.listStart === item.listStart) return before;
    }
    // The last sentence before the list (the list's first item starts at `listStart`).
    let i = unit.position;
    while (i >= 0 && (units[i] as Unit).start >= item.listStart) i--;
    const before = units[i];
    return before && before.text.endsWith(':') ? before : undefined;
  }
  // A paragraph: its opening sentence ("If it's a question:" and the steps on the lines after), or the
  // nearest sentence ending in a colon among the few before it in its section ("**If using artifacts:**").
  const opening = units[unit.position - unit.index];
  if (opening && opening !== unit && introduces(opening)) return opening;
  for (let i = unit.position - 1; i >= Math.max(0, unit.position - LEAD_IN_REACH); i--) {
    const before = units[i] as Unit;
    if (before.section !== unit.section) break;
    if (introduces(before)) return before;
  }
  return undefined;
}

/**
 * A sentence ending in a colon, or a paragraph's first line standing as a title ("**5.2 Integration
 * Tests**", "COMBAT MVP"): short, on a line of its own, without a full stop.
 */
function introduces(unit: Unit): boolean {
  if (unit.text.endsWith(':')) return true;
  return unit.index === 0 && unit.count > 1 && unit.text.length <= 60 && !/[.!?]$/.test(unit.text);
}

/** How many sentences back a lead-in may sit before a paragraph it scopes. */
const LEAD_IN_REACH = 3;

/**
 * A copy restated on purpose: under a recap or troubleshooting heading, or near the end (its last sixth)
 * of a long file that said it well before (in its first two thirds).
 */
function restatedAtEnd(doc: PromptDocument, first: Unit, second: Unit): boolean {
  if (second.headings.some((h) => RECAP_HEADING.test(h))) return true;
  const length = doc.text.length;
  return length > 6000 && first.start < (length * 2) / 3 && second.start > (length * 5) / 6;
}

/** Offset of the start of the line holding `offset`. */
function lineStartAt(doc: PromptDocument, offset: number): number {
  return doc.lines.lineStart(doc.lines.positionAt(offset).line);
}

/** Offset just past the line break of the line holding `offset` (or the end of the text). */
function lineEndAt(doc: PromptDocument, offset: number): number {
  const line = doc.lines.positionAt(Math.max(0, offset - 1)).line;
  return line + 1 < doc.lines.lineCount ? doc.lines.lineStart(line + 1) : doc.text.length;
}

/** Removes a whole list item, or a whole paragraph with the blank line after it. */
function removal(doc: PromptDocument, block: Block): Fix | undefined {
  if (block.kind !== 'paragraph') return undefined;
  if (block.item) {
    if (!block.item.single) return undefined;
    const start = lineStartAt(doc, block.item.start);
    // Only indentation may come before the item's marker on its line (not a quote's `>`).
    if (doc.text.slice(start, block.item.start).trim()) return undefined;
    const end = lineEndAt(doc, block.item.end);
    return { title: 'Remove the repeated list item', edits: [{ range: doc.range(start, end), newText: '' }] };
  }
  const start = lineStartAt(doc, block.start);
  if (doc.text.slice(start, block.start).trim()) return undefined;
  let end = lineEndAt(doc, block.end);
  const blankAfter = /^[ \t]*\r?\n/.exec(doc.text.slice(end));
  if (blankAfter) end += blankAfter[0].length;
  return { title: 'Remove the repeated paragraph', edits: [{ range: doc.range(start, end), newText: '' }] };
}

export const duplicateInstruction = defineRule({
  meta: {
    id: 'duplicate-instruction',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill', 'context'],
    fixable: true,
    docs: {
      summary:
        'Reports an instruction stated twice in one file, word for word or nearly (articles, plurals and "always" ' +
        'aside), on the second copy; the quick fix removes a repeated list item or paragraph.',
      rationale:
        'A repeated instruction costs tokens on every run and drifts: the next edit changes one copy and not the ' +
        'other, and the agent then holds two versions of the rule without knowing which one wins. The reviewer ' +
        'reading one copy cannot tell that the file says it again elsewhere. State each instruction once, where it ' +
        'belongs.',
      bad: '## Workflow\n- Run `npm test` before every commit.\n- Keep each pull request to one change.\n- Run `npm test` before every commit.',
      good: '## Workflow\n- Run `npm test` before every commit.\n- Keep each pull request to one change.',
      kindsNote:
        'Every kind that directs an agent, context files (AGENTS.md, CLAUDE.md) included: they hold instructions too. ' +
        'Only sentences that direct, of at least four content words, are compared. Deliberate repeats are left alone: ' +
        'a recap (under a "Reminder", "Summary", "Checklist" or "Troubleshooting" heading, or in the last sixth of a ' +
        'long file), the same step in two procedures or branches (numbered lists, "Step"/"Phase" sections, lists ' +
        'under different lead-ins such as "If it\'s a question:"), the same rider on two items, and two instances of ' +
        'one template. So are examples (an "Example" heading, `<example>` tags, quotes, a `Bad:` label, a transcript), ' +
        'code, tables and headings.',
      precision: {
        right: 22,
        judged: 23,
        note:
          'Every finding on the corpus was judged. The miss: a Dart style guide gives the same wording for doc ' +
          'comments and for names, where it means two things. Most repeats in real files are deliberate (steps ' +
          'repeated across phases, riders on parallel items, recaps); the rule leaves those alone, at the cost of ' +
          'missing some copies that sit next to a near-copy.',
      },
    },
  },
  check({ doc, report }) {
    const all = unitsOf(doc);
    const reportedBlocks = new Set<Block>();
    const directed = directing(doc);
    const content = contentOf(doc);
    const blockContent = blockContentOf(doc);
    const isShown = all.map(shown);
    // A sentence long enough to matter that directs the agent.
    const isCandidate = all.map((u, i) => !isShown[i] && directed(u));

    // Whole paragraphs and list items of several sentences first: one finding for the block, not one per
    // sentence. The block as a whole must direct somewhere and show nothing.
    const blockSeen = new Map<string, { first: Unit; last: Unit }>();
    for (let i = 0; i < all.length; i += all[i]!.count) {
      const end = i + all[i]!.count;
      if (end - i < 2) continue;
      let candidate = false;
      let showing = false;
      for (let k = i; k < end && !showing; k++) {
        candidate ||= isCandidate[k]!;
        showing = isShown[k]!;
      }
      if (!candidate || showing) continue;
      const key = blockContent(all[i]!);
      const earlier = blockSeen.get(key);
      const list = { first: all[i]!, last: all[end - 1]! };
      if (!earlier) {
        blockSeen.set(key, list);
        continue;
      }
      const first = earlier.first;
      const second = list.first;
      if (restatedAtEnd(doc, first, second) || parallel(doc, all, first, second)) continue;
      reportedBlocks.add(second.block);
      const fix = removal(doc, second.block);
      const line = doc.lines.positionAt(first.start).line + 1;
      const whole = { start: first.start, end: earlier.last.end };
      report({
        range: doc.range(second.start, list.last.end),
        message: `Unexpected repeat of line ${line} '${quote(doc, whole)}', expected each instruction once: delete this copy or merge the two`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }

    const seen = new Map<string, Unit>();
    for (const u of all) {
      if (!isCandidate[u.position] || reportedBlocks.has(u.block)) continue;
      const { key, words } = content(u);
      if (words < MIN_WORDS) continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, u);
        continue;
      }
      if (restatedAtEnd(doc, first, u) || parallel(doc, all, first, u)) continue;
      const fix = u.count === 1 ? removal(doc, u.block) : undefined;
      const line = doc.lines.positionAt(first.start).line + 1;
      report({
        range: doc.range(u.start, u.end),
        message: `Unexpected repeat of line ${line} '${quote(doc, first)}', expected each instruction once: delete this copy or merge the two`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
});
