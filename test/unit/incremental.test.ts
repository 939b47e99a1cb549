import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { analyze, reanalyze } from '../../src/core/analyze';
import type { EffectiveConfig } from '../../src/core/config/types';
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

/** The effective config of the fuzz runs with every rule off but `id` (at warning, with `options`). */
function onlyRule(id: string, options?: unknown): EffectiveConfig {
  const base = fuzzConfig();
  const rules: typeof base.rules = Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: 'off' }]));
  rules[id] = options === undefined ? { severity: 'warning' } : { severity: 'warning', options };
  return { ...base, rules };
}

interface Agreement {
  edits: number;
  /** Edits re-analysed in part (a window short of the whole file). */
  partial: number;
  /** Edits that left the file with a finding of `id`. */
  found: number;
}

/**
 * Types each sequence of edits into its document, holding `reanalyze` of the previous analysis to a
 * whole `analyze` after every edit.
 */
async function holdsToWholeAnalysis<E extends { insert: string }>(
  config: EffectiveConfig,
  documents: fc.Arbitrary<{ file: string; text: string }>,
  edits: fc.Arbitrary<E[]>,
  apply: (text: string, edit: E) => string,
  runs: number,
  id?: string,
): Promise<Agreement> {
  const seen: Agreement = { edits: 0, partial: 0, found: 0 };
  await fc.assert(
    fc.asyncProperty(documents, edits, async (doc, sequence) => {
      const file = `${FUZZ_ROOT}/${doc.file}`;
      let text = doc.text;
      let previous = await analyze({ path: file, text }, config, hostFor(file, text), { now: NOW });
      for (const edit of sequence) {
        text = apply(text, edit);
        const host = hostFor(file, text);
        const whole = await analyze({ path: file, text }, config, host, { now: NOW });
        const next = await reanalyze(previous, { path: file, text }, config, host, { now: NOW });
        seen.edits++;
        if (next.window && (next.window.start > 0 || next.window.newEnd < text.length)) seen.partial++;
        if (id !== undefined && whole.findings.some((f) => f.ruleId === id)) seen.found++;
        assert.deepEqual(next.findings, whole.findings, `after inserting ${JSON.stringify(edit.insert)}`);
        previous = next;
      }
    }),
    { seed: Number(process.env.FUZZ_SEED ?? SEED), numRuns: Number(process.env.FUZZ_RUNS ?? runs) },
  );
  return seen;
}

/** An edit at a fraction `at` of the text's length, moved to the start of its line when `lineStart`. */
function typeAnywhere(text: string, edit: { at: number; remove: number; insert: string; lineStart: boolean }): string {
  const at = Math.min(text.length, Math.floor(edit.at * (text.length + 1)));
  const from = edit.lineStart ? text.lastIndexOf('\n', at - 1) + 1 : at;
  return text.slice(0, from) + edit.insert + text.slice(Math.min(text.length, from + edit.remove));
}

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
    let narrowed = 0;
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
            if (result.parsed.start > result.window.start || result.parsed.end < result.window.newEnd) narrowed++;
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
    // And parsing only the touched blocks of a window (not the margins around them) must be common too.
    assert.ok(narrowed / reparsed > 0.2, `only ${narrowed} of ${reparsed} re-parses parsed less than their window`);
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
    const { edits, partial } = await holdsToWholeAnalysis(config, longDocumentArbitrary, fc.array(editArbitrary, { minLength: 1, maxLength: 5 }), applyEdit, 60);
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

/**
 * Rules that run on the whole document but carry what they worked out over from the document before
 * the edit (a section's weight, the lines that may hold a secret): each alone, with options that
 * make it report on most files, the incremental analysis must give what a whole one gives.
 */
describe('incremental document-scoped rules', () => {
  /**
   * Edits anywhere in the text (`editArbitrary` edits mostly near the start or the end, where the
   * window reaches the whole file), half of them at the start of a line, where a heading or a list opens.
   */
  const editAnywhereArbitrary = fc
    .tuple(
      // Some type a year: the first four digits in a row make every phone number in the file count.
      fc.oneof({ weight: 9, arbitrary: editArbitrary }, { weight: 1, arbitrary: editArbitrary.map((edit) => ({ ...edit, insert: '1999 ' })) }),
      fc.integer({ min: 0, max: 1000 }),
      fc.boolean(),
    )
    .map(([edit, at, lineStart]) => ({ ...edit, at: at / 1000, lineStart }));
  async function carriesOverEdits(id: string, options?: unknown, documents: fc.Arbitrary<{ file: string; text: string }> = longDocumentArbitrary): Promise<void> {
    const { edits, partial } = await holdsToWholeAnalysis(onlyRule(id, options), documents, fc.array(editAnywhereArbitrary, { minLength: 1, maxLength: 5 }), typeAnywhere, 25);
    assert.ok(partial / edits > 0.4, `only ${partial} of ${edits} edits were re-analysed in part`);
  }

  describe('context-budget', () => {
    it('weighs sections and finds where the budget runs out as a whole analysis does', async () => {
      await carriesOverEdits('context-budget', { budgets: { context: 1, instructions: 1, rules: 1, skill: 1, agent: 1, prompt: 1 } });
    });

    it('names the same largest sections as a whole analysis, whichever heading an edit adds, removes or moves', async () => {
      // Sections of several paragraphs, of different sizes: which ones are named depends on every one's weight.
      const paragraph = fc.tuple(fc.integer({ min: 2, max: 8 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => `Keep the handlers small and typed.${eol}`.repeat(lines));
      const section = fc
        .tuple(fc.constantFrom('#', '##', '##', '###'), fc.constantFrom('Setup', 'Build', 'Style', 'Release'), fc.array(paragraph, { minLength: 1, maxLength: 16 }))
        .map(([marks, title, paragraphs]) => `${marks} ${title}\n\n${paragraphs.join('\n')}`);
      const documents = fc.array(section, { minLength: 2, maxLength: 8 }).map((sections) => ({ file: 'AGENTS.md', text: sections.join('\n') }));
      await carriesOverEdits('context-budget', { budgets: { context: 60 } }, documents);
    });
  });

  describe('secret-in-prompt', () => {
    it('scans again only the lines an edit changed and finds what a whole analysis finds', async () => {
      await carriesOverEdits('secret-in-prompt');
    });

    it('finds keys, labelled credentials and "auths" entries that run across lines as a whole analysis does', async () => {
      // Tokens are assembled at run time: a token-shaped literal in the repository would set off secret scanning.
      const chars = (n: number) => Array.from({ length: n }, (_, i) => 'Qm7Lx2Vn9Rt4Wk1Zp8Yc6Hd3Fs5Gj0Bu2EaT'[(i * 7) % 36]).join('');
      const line = fc.constantFrom(
        'Deploy with the token below.',
        `${'gh'}p_${chars(36)}`,
        `${'np'}m_${chars(36)}`,
        `export AWS_ACCESS_KEY_ID=${'AK'}IA${chars(16).toUpperCase()}`,
        `aws_secret_access_key = ${chars(40)}`,
        `-----BEGIN RSA ${'PRIVATE'} KEY-----`,
        `MIIEpAIBAAKCAQEA${chars(48)}`,
        `-----END RSA ${'PRIVATE'} KEY-----`,
        `postgres://admin:${chars(10)}@db.internal.io:5432/app`,
        '{ "auths"',
        '"auths" ',
        ': { "registry.io": { "auth": "dXNlcjpwYXNzd29yZA==" } } }',
        '<!-- secretlint-disable -->',
        '',
      );
      const documents = fc
        .tuple(fc.array(line, { minLength: 20, maxLength: 80 }), fc.constantFrom('\n', '\r\n'))
        .map(([lines, eol]) => ({ file: 'prompts/x.prompt.md', text: lines.join(eol) }));
      await carriesOverEdits('secret-in-prompt', undefined, documents);
    });
  });

  describe('personal-data', () => {
    it('searches again only the lines an edit changed and finds what a whole analysis finds', async () => {
      await carriesOverEdits('personal-data');
    });

    it('counts numbers on every line once four digits in a row appear on any, as a whole analysis does', async () => {
      // Mostly lines without four digits in a row: a phone number there counts only while another line has them.
      const line = fc.oneof(
        {
          weight: 40,
          arbitrary: fc.constantFrom(
            'Phone: +44 20 73 86 52 91',
            'Mail jana.novak@seznam.cz or the team at support@shop.io.',
            'Co-authored-by: Jana Novak <jana.novak@seznam.cz>',
            'Keep the handlers small.',
            '',
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'Call Ana on +44 7911 123456 after the release.',
            'Her mobile: 07911 123 45 67',
            'Reach the owner at (415) 823-0132.',
            'Pay with 4556 7375 8689 9855 or card 4556737586899855.',
            'IBAN DE44 5001 0517 5407 3249 31 for the refund.',
            'Ship it in 2024.',
          ),
        },
      );
      const documents = fc
        .tuple(fc.array(line, { minLength: 20, maxLength: 80 }), fc.constantFrom('\n', '\r\n', '\r'))
        .map(([lines, eol]) => ({ file: 'AGENTS.md', text: lines.join(eol) }));
      await carriesOverEdits('personal-data', undefined, documents);
    });
  });

  describe('reference-outside-workspace', () => {
    it('reads again only the blocks and lines an edit changed and finds what a whole analysis finds', async () => {
      // Mostly plain lines: a file with no `file:` or drive path left reads no link at all.
      const line = fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('Keep the handlers small.', '') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'See [the notes](file:///Users/ana/notes.md) first.',
            'Open #file:C:/Users/ana/spec.md and #file:file:///home/ana/x.md before you start.',
            '![diagram](C:\\Users\\ana\\diagram.png)',
            'Read [the guide](./docs/guide.md) and [up](../../../../etc/passwd).',
            '[abs](/etc/hosts) and @~/.ssh/id_rsa',
            'The drive is C: and nothing else.',
            '```',
            'file:',
          ),
        },
      );
      const documents = fc
        .tuple(fc.array(line, { minLength: 20, maxLength: 80 }), fc.constantFrom('\n', '\r\n', '\r'))
        .map(([lines, eol]) => ({ file: 'AGENTS.md', text: lines.join(eol) }));
      await carriesOverEdits('reference-outside-workspace');
      await carriesOverEdits('reference-outside-workspace', undefined, documents);
    });
  });

  describe('hidden-characters', () => {
    it('scans only the lines an edit re-parsed and keeps the findings a whole analysis gives', async () => {
      await carriesOverEdits('hidden-characters');
    });
  });
});

/**
 * The instruction rules and the rules that read prose by lines or sentences take over what they
 * worked out for the text outside the re-parsed window (per sentence, per block, per line of prose,
 * the sentences holding a phrase's word): each alone, on files written to give it findings, the
 * incremental analysis must give what a whole one gives.
 */
describe('incremental instruction and prose rules', () => {
  // The files are small: have the memos remember them anyway, so they are covered too.
  let rememberFrom = 0;
  before(() => (rememberFrom = setRememberFrom(0)));
  after(() => setRememberFrom(rememberFrom));

  /** Typed anywhere, half the time at the start of a line, sometimes a line of the rule's own. */
  const editOf = (lines: readonly string[]) =>
    fc
      .tuple(editArbitrary, fc.integer({ min: 0, max: 1000 }), fc.boolean(), fc.option(fc.constantFrom(...lines.map((l) => `${l}\n`)), { freq: 3 }))
      .map(([edit, at, lineStart, line]) => ({ ...edit, at: at / 1000, lineStart, insert: line ?? edit.insert }));

  async function matchesWholeAnalysis(id: string, lines: readonly string[], options?: unknown): Promise<void> {
    const documents = fc
      .tuple(fc.array(fc.constantFrom(...lines), { minLength: 20, maxLength: 80 }), fc.constantFrom('\n', '\r\n'))
      .map(([chosen, eol]) => ({ file: 'AGENTS.md', text: chosen.join(eol) }));
    const { edits, partial, found } = await holdsToWholeAnalysis(onlyRule(id, options), documents, fc.array(editOf(lines), { minLength: 1, maxLength: 5 }), typeAnywhere, 60, id);
    assert.ok(partial / edits > 0.4, `only ${partial} of ${edits} edits were re-analysed in part`);
    assert.ok(found / edits > 0.2, `only ${found} of ${edits} edits left a file with a finding`);
  }

  it('duplicate-instruction: finds the repeated sentences and paragraphs a whole analysis finds', async () => {
    await matchesWholeAnalysis('duplicate-instruction', [
      '## Workflow',
      '## Examples',
      '## Reminders',
      '- Run `npm test` before every commit.',
      '- Keep each pull request to one change.',
      '  - Run `npm test` before every commit.',
      '> - Use the repository logger for every message you print.',
      'Always write tests for new code. Keep every function small and focused.',
      'Use the repository logger for every message you print.',
      '1. Run the linter on the whole project.',
      '> Run `npm test` before every commit.',
      'Bad: use the repository logger for every message you print.',
      '<example>',
      '</example>',
      'If it is a question:',
      '',
      '',
    ]);
  });

  it('conflicting-instructions: finds the directives and limits that contradict as a whole analysis does', async () => {
    await matchesWholeAnalysis('conflicting-instructions', [
      '## Style',
      '## Examples',
      '- Always use semicolons.',
      '- Never use semicolons.',
      '- Use tabs for indentation.',
      '- Use spaces for indentation.',
      '  - Never use semicolons.',
      '1. Always use semicolons.',
      'Keep answers under 100 words.',
      'Write at least 300 words.',
      'Never use yarn to install packages.',
      'Always use yarn to install packages.',
      '> Never use semicolons.',
      'Keep the handlers small.',
      '',
      '',
    ]);
  });

  it('missing-shared-context: finds the phrases a whole analysis finds, wherever the edit falls', async () => {
    await matchesWholeAnalysis('missing-shared-context', [
      '## Setup',
      '## Examples',
      'Refactor the payment module as discussed.',
      'Format the changelog entry the usual way.',
      'As mentioned earlier, keep it short.',
      'Name the files after our usual conventions, as',
      'discussed with the team.',
      'User: do it like last time',
      '> Per our conversation, ship it.',
      'As discussed above, tests come first.',
      'Keep the handlers small.',
      '```',
      '',
      '',
    ]);
  });

  it('shouting-overuse: counts the capitals a whole analysis counts', async () => {
    await matchesWholeAnalysis(
      'shouting-overuse',
      [
        'You MUST ALWAYS use TypeScript.',
        'NEVER use `any`.',
        'It is CRITICAL that you run the tests; you SHOULD NOT skip them.',
        '- **CRITICAL** — must be fixed before merge',
        'Severity: CRITICAL',
        'This file follows RFC 2119.',
        '| MUST | NEVER |',
        '|---|---|',
        '| Use it | ALWAYS |',
        '{{NAME}} MUST be set.',
        'Pick [SHORT / LONG / NONE].',
        'DO NOT MODIFY THIS FILE',
        'Keep the handlers small and typed.',
        '## IMPORTANT RULES',
        '',
        '',
      ],
      { max: 0 },
    );
  });
});
