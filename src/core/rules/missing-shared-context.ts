import { editedFrom, type PromptDocument } from '../document';
import { defineRule } from '../types';
import { countStartingBefore, isEnglish, proseClauses } from './util';
import { shownRanges, within } from './wording';

/** What a phrase leans on, and so what the message asks for. */
type Leans = 'conversation' | 'habit' | 'mind' | 'earlier';

interface Phrase {
  re: RegExp;
  leans: Leans;
}

/** Words after "as discussed" that name where: the reader can look it up ("as discussed above", "as discussed in ADR 12"). */
const NAMES_WHERE = String.raw`(?!\s+(?:above|below|here|earlier in|later in|in|under|at|on|upon|on page|in section|previously in this)\b)`;

/**
 * A case-insensitive global expression from `source`: a space matches any run of white space (a
 * wrapped line), an apostrophe either apostrophe.
 */
function words(source: string): RegExp {
  return new RegExp(source.replace(/ /g, String.raw`\s+`).replace(/'/g, "['’]"), 'gi');
}

/**
 * The phrases, each a linear regular expression matched case-insensitively on a clause (quotes blanked).
 * "As before" and "as usual" are left out: in files they mostly point at an earlier paragraph or at
 * common practice, not at a conversation.
 */
const PHRASES: readonly Phrase[] = [
  // A conversation the agent was not part of.
  { re: words(String.raw`\b(?:as|like) (?:we(?:'ve| have)? |I(?:'ve| have)? )?(?:already |previously )?(?:discussed|agreed(?: on| upon)?)${NAMES_WHERE}(?! (?:earlier|before|previously)\b)`), leans: 'conversation' },
  { re: words(String.raw`\b(?:as )?per (?:our|my|your) (?:(?:earlier|previous|last|recent) )?(?:conversation|discussion|call|chat|meeting|talk|sync|email|thread|message)s?\b`), leans: 'conversation' },
  { re: words(String.raw`\b(?:from|in) our (?:earlier|previous|last|recent) (?:call|meeting|sync|chat|discussion|standup)\b`), leans: 'conversation' },
  // Not "what we talked about": a meeting-summary prompt says that of the transcript it is given.
  { re: words(String.raw`\bthe (?:thing|stuff|idea|plan|approach|change|fix|issue|bug|feature|one)s? (?:we|I) (?:talked|spoke|chatted) about\b`), leans: 'conversation' },
  { re: words(String.raw`\bthe (?:thing|stuff|idea|plan|approach|change|fix|one)s? we (?:discussed|agreed on|decided on)(?! (?:above|below|in|earlier in)\b)`), leans: 'conversation' },
  { re: words(String.raw`\bremember (?:when|what|how) (?:we|I) (?:did|discussed|talked|said|decided|agreed)\b`), leans: 'conversation' },
  // A habit or an earlier session the agent does not remember.
  { re: words(String.raw`\b(?:(?:just )?like|(?:the )?same (?:\w+ ){0,2}as) (?:last time|yesterday|last week|the last one)\b`), leans: 'habit' },
  { re: words(String.raw`\b(?:as|like|the way) (?:we|you|I) did (?:it |that |this )?(?:last time|before|yesterday|last week|the other day)\b`), leans: 'habit' },
  { re: words(String.raw`(?<!\b(?:than|from|unlike|of) )\bthe usual way\b`), leans: 'habit' },
  { re: words(String.raw`\bour usual (?:way|format|style|approach|process|template|conventions?|setup|structure|workflow)\b`), leans: 'habit' },
  { re: words(String.raw`\bthe usual (?:format|template|setup|stuff|drill)\b`), leans: 'habit' },
  // The author's mind.
  { re: words(String.raw`\byou know (?:what I mean|what I'm talking about|what I am talking about|the drill|what to do)\b`), leans: 'mind' },
  // Earlier in the file: fine, unless nothing comes earlier.
  {
    re: words(String.raw`\b(?:as (?:I |we )?(?:mentioned|noted|stated|said|explained|described|discussed|agreed) (?:earlier|before|previously)|as (?:previously|already) (?:mentioned|noted|stated|said|explained|described|discussed))\b`),
    leans: 'earlier',
  },
];

/**
 * One cheap test over the whole file (and each clause) before the phrases: a word every phrase has.
 * Most files have none of them.
 */
const ANY =
  /discussed|agreed|per\s+(?:our|my|your)\b|our\s+(?:earlier|previous|last|recent)|(?:talked|spoke|chatted)\s+about|remember\s+(?:when|what|how)|last\s+(?:time|week|one)|yesterday|did\s+(?:it\s+|that\s+|this\s+)?(?:before|the\s+other)|usual|you\s+know|(?:mentioned|noted|stated|said|explained|described)\s+(?:earlier|before|previously)|(?:previously|already)\s+(?:mentioned|noted|stated|said|explained|described)/i;

const EXPECTED: Readonly<Record<Leans, string>> = {
  conversation: 'expected what was discussed or decided, spelled out: the agent was not in that conversation',
  habit: 'expected the steps, format or example spelled out: the agent does not remember earlier sessions',
  mind: 'expected it spelled out: the agent knows only what the prompt and its context files say',
  earlier: 'expected the point stated here or linked: nothing earlier in this file says it',
};

/** A line that quotes a speaker (an example exchange): `User: …`, `Q: …`, `Customer: …`. */
const SPEAKER = /^[\s>*_-]*(?:user|human|customer|client|assistant|ai|bot|agent|model|q|a|input|output|example|me|you|them|manager|boss)\s*[*_]*\s*:/i;
/** Sections that show an exchange or a sample rather than direct the agent. */
const EXAMPLE_SECTION = /\b(?:examples?|samples?|transcripts?|conversations?|dialog(?:ue)?s?|demos?|test cases?)\b/i;

/**
 * Indexes (in `doc.sentences`) of the sentences that have a word of `ANY`. After an edit those
 * outside the re-parsed window are taken over from the document before it, so a keystroke reads
 * only the window's sentences.
 */
function mentioning(doc: PromptDocument): number[] {
  const hit = mentioningCache.get(doc);
  if (hit) return hit;
  const prior = editedFrom(doc);
  const before = prior && mentioningCache.get(prior.doc);
  const { sentences } = doc;
  const found: number[] = [];
  const blocks = doc.proseBlocks;
  // A sentence with a word of `ANY` is in a block with one: most blocks have none, and their
  // sentences need not be cut out.
  const read = (from: number, to: number) => {
    let b = 0;
    let tested = -1;
    let mentions = true;
    for (let i = from; i < to; i++) {
      const { startOffset, endOffset } = sentences[i]!;
      while (b < blocks.length && blocks[b]!.endOffset <= startOffset) b++;
      const block = blocks[b];
      if (!block || block.startOffset > startOffset) mentions = true;
      else if (tested !== b) {
        tested = b;
        mentions = ANY.test(block.text);
      }
      if (mentions && ANY.test(doc.prose.slice(startOffset, endOffset))) found.push(i);
    }
  };
  if (prior && before) {
    const { start, oldEnd } = prior.edit.window;
    const old = prior.doc.sentences;
    // The sentences before the window are the ones before it was, and those after it are moved.
    const kept = countStartingBefore(old, start, (x) => x.startOffset);
    const movedFrom = countStartingBefore(old, oldEnd, (x) => x.startOffset);
    const shift = sentences.length - old.length;
    for (const i of before) if (i < kept) found.push(i);
    read(kept, movedFrom + shift);
    for (const i of before) if (i >= movedFrom) found.push(i + shift);
  } else read(0, sentences.length);
  mentioningCache.set(doc, found);
  return found;
}

const mentioningCache = new WeakMap<PromptDocument, number[]>();


export const missingSharedContext = defineRule({
  meta: {
    id: 'missing-shared-context',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: false,
    docs: {
      summary:
        'Reports phrases that lean on context the agent never had: "as discussed", "per our conversation", "like last time", "the usual way", "you know what I mean".',
      rationale:
        'The agent starts every session with the prompt and the files it is given, nothing else. "As discussed", ' +
        '"like last time" or "the usual way" point at a conversation or a habit it has no record of, so it guesses, ' +
        'and the guess looks like compliance. The operator who wrote the phrase knows what it meant; the next ' +
        'operator, the reviewer and the agent do not. Spelling the decision or the format out (or linking the file ' +
        'that records it) makes the prompt work for all of them.',
      bad: 'Refactor the payment module as discussed, and format the changelog entry the usual way.',
      good:
        'Refactor the payment module: move the retry logic out of `charge()` into `RetryPolicy`, keep the public API ' +
        'unchanged. Format the changelog entry as in CONTRIBUTING.md: `- <area>: <change> (#<PR>)`.',
      kindsNote:
        'Every kind: a context file that says "follow our usual conventions" leaves the agent as lost as a prompt. ' +
        'English prose only; headings, code, quotes, blockquotes, lines that quote a speaker (`User: …`) and ' +
        'sections headed as examples or transcripts are left alone, since there the phrase is being shown, not used. ' +
        '"As discussed above" or "as discussed in the ADR" names where to look and is fine; "as mentioned earlier" ' +
        'is fine unless nothing comes earlier in the file. "As before" and "as usual" are not reported: in files ' +
        'they mostly point at an earlier paragraph or at common practice.',
      precision: {
        right: 0,
        judged: 0,
        note:
          'The corpus has no finding: its files are published prompts, written for strangers. Every occurrence of ' +
          'the candidate words was read instead (grep for "as discussed", "as before", "as usual", "last time", ' +
          '"we talked about", "our earlier conversation", …: about 30): they were "was discussed", a quoted ' +
          'example, "Above we talked about" (earlier in the same file), "same as before" for a status value, or ' +
          '"what happened last time" as a topic, and the rule rightly reports none of them. The phrase list is ' +
          'narrow on purpose; the fixtures and unit tests cover each phrase and each exception.',
      },
    },
  },
  check({ doc, report }) {
    // Only sentences with a word of `ANY` can hold a phrase: the clauses of the others are not cut out.
    const found = mentioning(doc);
    if (!found.length || !isEnglish(doc)) return;
    // Walks the whole tree: only when a phrase is found.
    let shown: [number, number][] | undefined;
    const headings = doc.proseBlocks.filter((b) => b.type === 'heading');
    /** Where the first sentence that is not a heading ends: "as mentioned earlier" before it has nothing to point at. */
    const first = doc.sentences.find((s) => !headings.some((h) => s.startOffset >= h.startOffset && s.startOffset < h.endOffset));
    const candidates = { ...doc, sentences: found.map((i) => doc.sentences[i]!) };

    for (const { body, offset } of proseClauses(candidates, (sentence) => ANY.test(sentence))) {
      if (!ANY.test(body)) continue;
      for (const { re, leans } of PHRASES) {
        re.lastIndex = 0;
        for (let m = re.exec(body); m; m = re.exec(body)) {
          const start = offset + m.index;
          const end = start + m[0].length;
          if (leans === 'earlier' && (!first || start >= first.endOffset)) continue;
          if (within((shown ??= shownRanges(doc, EXAMPLE_SECTION)), start)) continue;
          const range = doc.range(start, end);
          if (SPEAKER.test(doc.lines.lineText(range.start.line))) continue;
          const phrase = doc.text.slice(start, end).replace(/\s+/g, ' ');
          report({ range, message: `Unexpected '${phrase}', ${EXPECTED[leans]}` });
        }
      }
    }
  },
});
