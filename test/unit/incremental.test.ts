import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { analyze, reanalyze } from '../../src/core/analyze';
import { buildPromptDocument, parseMarkdown, parsePromptDocument } from '../../src/core/document';
import { changeBetween, reparse } from '../../src/core/incremental';
import { RULES } from '../../src/core/rules';
import { setRememberFrom } from '../../src/core/rules/util';
import { LineIndex } from '../../src/core/text';
import { applyEdit, editArbitrary } from '../helpers/edits';
import { documentArbitrary, FUZZ_ROOT, fuzzConfig, hostFor, NOW } from '../helpers/fuzz';

const SEED = 20251124;

/**
 * Several documents end to end: long enough that most edits leave blocks far from them. A link
 * definition makes every edit re-parse the whole file, so most of these have none.
 */
/**
 * A document whose blocks are sometimes written without blank lines between them (a heading right
 * above its list, as many CLAUDE.md files have): the re-parse must not rely on blank lines.
 */
const packedDocumentArbitrary = fc.tuple(documentArbitrary, fc.integer({ min: 0, max: 2 })).map(([doc, packing]) => ({
  file: doc.file,
  text: packing === 0 ? doc.text.replace(/(\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)/g, '$1') : doc.text,
}));

const longDocumentArbitrary = fc
  .tuple(fc.array(packedDocumentArbitrary, { minLength: 2, maxLength: 5 }), fc.integer({ min: 0, max: 4 }))
  .map(([docs, keep]) => {
    const text = docs.map((d) => d.text).join('\n\n');
    return { file: (docs[0] as { file: string }).file, text: keep === 0 ? text : text.replace(/^\[ref\]:.*$/gm, '') };
  });

describe('incremental re-parse', () => {
  it('finds the smallest change, never between CR and LF', () => {
    assert.deepEqual(changeBetween('abc', 'abXc'), { start: 2, oldEnd: 2, newEnd: 3 });
    assert.deepEqual(changeBetween('aaa', 'aa'), { start: 2, oldEnd: 3, newEnd: 2 });
    assert.equal(changeBetween('same', 'same'), undefined);
    assert.deepEqual(changeBetween('a\r\nb', 'a\rb'), { start: 1, oldEnd: 3, newEnd: 2 });
    assert.deepEqual(changeBetween('a\r\nb', 'a\r\n\r\nb'), { start: 3, oldEnd: 3, newEnd: 5 });
  });

  it('finds the change a character-by-character comparison finds, in long texts too', () => {
    const naive = (before: string, after: string) => {
      if (before === after) return undefined;
      const max = Math.min(before.length, after.length);
      let start = 0;
      while (start < max && before[start] === after[start]) start++;
      let tail = 0;
      while (tail < max - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
      if (start > 0 && before[start - 1] === '\r' && before[start] === '\n') start--;
      return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
    };
    const piece = fc.oneof(fc.constantFrom('a', 'b', '\r', '\n', '\r\n'), fc.constantFrom('x'.repeat(700), 'ab'.repeat(300)));
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, text, text, (head, cut, put, tail) => {
        const before = head + cut + tail;
        const after = head + put + tail;
        assert.deepEqual(changeBetween(before, after), naive(before, after));
      }),
      { numRuns: 500 },
    );
  });

  it('moves the line index over an edit as building it anew would', () => {
    const text = fc.array(fc.constantFrom('a', 'bc', '\r', '\n', '\r\n', '\n\n'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, text, text, (head, cut, put, tail) => {
        const before = head + cut + tail;
        const after = head + put + tail;
        const change = changeBetween(before, after);
        if (!change) return;
        const moved = LineIndex.edited(new LineIndex(before), after, change);
        const fresh = new LineIndex(after);
        assert.equal(moved.lineCount, fresh.lineCount);
        for (let line = 0; line < fresh.lineCount; line++) assert.equal(moved.lineStart(line), fresh.lineStart(line), `line ${line}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the tree a whole parse gives, for random documents and edit sequences', () => {
    let reparsed = 0;
    let edits = 0;
    fc.assert(
      fc.property(packedDocumentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 6 }), (doc, sequence) => {
        let text = doc.text;
        let ast = parseMarkdown(text);
        let lines = new LineIndex(text);
        for (const edit of sequence) {
          const next = applyEdit(text, edit);
          const nextLines = new LineIndex(next);
          const result = reparse({ text, ast, lines }, next, nextLines);
          edits++;
          const whole = parseMarkdown(next);
          if (result) {
            reparsed++;
            assert.equal(JSON.stringify(result.ast), JSON.stringify(whole), `after inserting ${JSON.stringify(edit.insert)} at ${edit.at}`);
          }
          text = next;
          ast = result?.ast ?? whole;
          lines = nextLines;
        }
      }),
      { seed: Number(process.env.FUZZ_SEED ?? SEED), numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
    // The shortcut must be the usual path, or the property proves little.
    assert.ok(reparsed / edits > 0.5, `only ${reparsed} of ${edits} edits were re-parsed in part`);
  });
});

describe('incremental analysis', () => {
  // The fuzzed files are small: have the rules' memos remember them anyway, so they are covered.
  let rememberFrom = 0;
  before(() => (rememberFrom = setRememberFrom(0)));
  after(() => setRememberFrom(rememberFrom));

  it('gives the findings a whole analysis gives, for random documents and edit sequences', async () => {
    const config = fuzzConfig();
    const blockRules = RULES.filter((r) => r.meta.scope === 'block').map((r) => r.meta.id);
    assert.ok(blockRules.length >= 4, `block-scoped rules: ${blockRules.join(', ')}`);
    let partial = 0;
    let edits = 0;
    await fc.assert(
      fc.asyncProperty(longDocumentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 5 }), async (doc, sequence) => {
        const file = `${FUZZ_ROOT}/${doc.file}`;
        let text = doc.text;
        let previous = await analyze({ path: file, text }, config, hostFor(file, text), { now: NOW });
        for (const edit of sequence) {
          text = applyEdit(text, edit);
          const host = hostFor(file, text);
          const whole = await analyze({ path: file, text }, config, host, { now: NOW });
          const next = await reanalyze(previous, { path: file, text }, config, host, { now: NOW });
          edits++;
          if (next.window && (next.window.start > 0 || next.window.newEnd < text.length)) partial++;
          assert.deepEqual(next.findings, whole.findings, `after inserting ${JSON.stringify(edit.insert)} at ${edit.at}`);
          previous = next;
        }
      }),
      { seed: Number(process.env.FUZZ_SEED ?? SEED), numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
    assert.ok(partial / edits > 0.4, `only ${partial} of ${edits} edits were re-analysed in part`);
  });
});

describe('incremental document', () => {
  it('builds the views, blocks, sentences and counts a whole build gives', () => {
    fc.assert(
      fc.property(packedDocumentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 6 }), (doc, sequence) => {
        const file = `${FUZZ_ROOT}/${doc.file}`;
        let text = doc.text;
        let before = parsePromptDocument({ path: file, text });
        for (const edit of sequence) {
          text = applyEdit(text, edit);
          const lines = new LineIndex(text);
          const re = reparse(before, text, lines);
          const whole = parsePromptDocument({ path: file, text });
          if (re) {
            const built = buildPromptDocument({ path: file, text }, re.ast, lines, { doc: before, edit: re });
            const fields = ['prose', 'nonCode', 'proseBlocks', 'sentences', 'codeSpans', 'frontmatter', 'tokens', 'references', 'placeholders', 'sections'] as const;
            for (const field of fields) assert.deepEqual(built[field], whole[field], `${field} after inserting ${JSON.stringify(edit.insert)} at ${edit.at}`);
            before = built;
          } else {
            before = whole;
          }
        }
      }),
      { seed: Number(process.env.FUZZ_SEED ?? SEED), numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
});
