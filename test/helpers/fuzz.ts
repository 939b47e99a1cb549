/**
 * Property-based checks of the analyzer and the config loader (issue #9, "Prove it"): the
 * arbitraries that build hostile documents and configs, and the properties they must satisfy.
 * Shared by `test/unit/fuzz.test.ts` (a short run with a fixed seed in `npm test`) and
 * `scripts/fuzz.ts` (the long run, `npm run fuzz -- --runs 100000`).
 *
 * Documents are analysed under `promptcoach:strict` (every rule on) with an in-memory host, so no
 * disk is touched. A property failure throws an `Error` whose message says what broke; fast-check
 * shrinks the document and prints it with the seed.
 */
import * as fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { ConfigResolver } from '../../src/core/config/load';
import { parseConfig } from '../../src/core/config/parse';
import type { EffectiveConfig } from '../../src/core/config/types';
import { applyFixes } from '../../src/core/fix';
import { RULES } from '../../src/core/rules';
import { LineIndex } from '../../src/core/text';
import { INTERNAL_ERROR, type Finding, type Host, type Range } from '../../src/core/types';
import { memoryHost } from './config';

/** The workspace every generated file lives in. */
export const FUZZ_ROOT = '/ws';
const CONFIG_PATH = `${FUZZ_ROOT}/.promptcoach.json`;
/** The time rules see as now: fixed, so runs repeat. */
export const NOW = Date.UTC(2025, 5, 1);
/** A document slower than this fails property (d). */
export const MAX_DOCUMENT_MS = 1000;

/** One path per kind (and one of no kind), relative to the workspace. */
export const DOCUMENT_PATHS = [
  'prompts/x.prompt.md',
  'AGENTS.md',
  'src/a.instructions.md',
  '.cursor/rules/a.mdc',
  'skills/s/SKILL.md',
  '.github/agents/a.agent.md',
  'notes/readme.md',
] as const;

/** Files around the document, so references, shared context and globs find something. */
const NEIGHBOURS: Record<string, string> = {
  [CONFIG_PATH]: JSON.stringify({ extends: 'promptcoach:strict' }),
  [`${FUZZ_ROOT}/docs/guide.md`]: '# Guide\n\nUse the style guide.\n',
  [`${FUZZ_ROOT}/src/a.ts`]: 'export const a = 1;\n',
  [`${FUZZ_ROOT}/CLAUDE.md`]: '# Project\n\nRun npm test before you commit.\nNever push to main.\n',
  [`${FUZZ_ROOT}/package.json`]: '{"name":"ws","scripts":{"test":"mocha"}}\n',
};

// ───────────────────────────── document arbitraries ─────────────────────────────

const plainWords = fc.constantFrom('the', 'agent', 'writes', 'tests', 'for', 'parser', 'and', 'returns', 'JSON', 'file', 'a', 'report', 'when', 'done');
const vagueWords = fc.constantFrom('some', 'properly', 'appropriate', 'etc.', 'as needed', 'maybe', 'good', 'various', 'several', 'clean', 'nice', 'if possible');
const directives = fc.constantFrom('You must', 'Do not', 'Never', 'Always', 'MUST', 'NEVER', 'IMPORTANT:', 'ALWAYS', 'You should', 'Try to', 'Please', 'Avoid', "Don't");
const placeholders = fc.constantFrom('{{name}}', '{{ name }}', '{% if x %}', '[INSERT TASK]', '<YOUR_NAME>', 'TODO:', 'TBD', '${input:topic}', '${input:topic:default}', '${workspaceFolder}', '$ARGUMENTS', '$1', '{{', '}}', '[', '<>', '${', '${input:}');
const references = fc.constantFrom(
  '[guide](./docs/guide.md)',
  '[missing](./nope/missing.md)',
  '[up](../../../../etc/passwd)',
  '[abs](/etc/hosts)',
  '[web](https://example.com/a?b#c)',
  '[frag](#objective)',
  '![img](./img.png)',
  '#file:src/a.ts',
  '#file:missing.ts',
  '@docs/guide.md',
  '@~/.ssh/id_rsa',
  '[pct](./docs/gu%69de.md)',
  '[bad%](./%E0%A4%A.md)',
  '[empty]()',
  '<./docs/guide.md>',
  '[x][ref]',
);
const personal = fc.constantFrom('alice@example.com', 'bob.smith+tag@corp.co.uk', '+1 (555) 010-9999', '4111 1111 1111 1111', '123-45-6789');
const secrets = fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH', '-----BEGIN RSA PRIVATE KEY-----', 'password=hunter2');
const unicode = fc.constantFrom(
  '\u200b', // zero-width space
  '\u200d', // zero-width joiner
  '\ufeff', // BOM
  '\u202e', // right-to-left override
  '\u2066', // left-to-right isolate
  '\u2069', // pop directional isolate
  '\u00ad', // soft hyphen
  '\u0301', // combining acute
  '😀',
  '👩‍👩‍👧‍👦',
  '🇯🇵',
  '𝒜𝓁𝓅𝒽𝒶',
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  '日本語のテキスト',
  'مرحبا',
  '\u0000',
  '\t',
  '\u000b',
  '\u2028', // line separator
  '\u0085', // next line
);
const punctuation = fc.constantFrom('.', ',', '!', '?', ':', ';', '*', '_', '`', '**', '~~', '|', '\\', '&amp;', '<b>', '</b>', '<!--', '-->', '[', ']', '(', ')', '---', '#');
const randomText = fc.string({ unit: 'binary', maxLength: 12 });

const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: plainWords },
  { weight: 3, arbitrary: vagueWords },
  { weight: 3, arbitrary: directives },
  { weight: 2, arbitrary: placeholders },
  { weight: 2, arbitrary: references },
  { weight: 1, arbitrary: personal },
  { weight: 1, arbitrary: secrets },
  { weight: 2, arbitrary: unicode },
  { weight: 2, arbitrary: punctuation },
  { weight: 1, arbitrary: randomText },
  { weight: 1, arbitrary: plainWords.map((w) => `\`${w}\``) },
);

/** A line of prose: tokens separated by spaces (sometimes none). */
const inline: fc.Arbitrary<string> = fc
  .array(fc.tuple(token, fc.constantFrom(' ', ' ', ' ', '', '  ')), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.map(([t, sep]) => t + sep).join('').trimEnd());

/** A very long line: one piece repeated, with or without spaces. */
const longLine: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(inline, token), fc.integer({ min: 200, max: 6000 }), fc.constantFrom(' ', ''))
  .map(([piece, times, sep]) => Array.from({ length: Math.ceil(times / Math.max(1, piece.length)) }, () => piece).join(sep));

/** Each block is an array of lines (joined later with random line endings). */
type Lines = string[];

const sectionTitles = fc.constantFrom('Objective', 'Context', 'Output format', 'Output', 'Constraints', 'Done when', 'Success criteria', 'Examples', 'Steps', 'Task', 'Role');
const heading: fc.Arbitrary<Lines> = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(sectionTitles, inline), fc.constantFrom('', ' #', ' ##', '   '))
  .map(([depth, title, close]) => [`${'#'.repeat(depth)} ${title}${close}`]);
const setextHeading: fc.Arbitrary<Lines> = fc.tuple(inline, fc.constantFrom('===', '---', '-')).map(([t, u]) => [t, u]);
const paragraph: fc.Arbitrary<Lines> = fc.array(fc.oneof({ weight: 8, arbitrary: inline }, { weight: 1, arbitrary: longLine }), { minLength: 1, maxLength: 4 });

const listMarker = fc.constantFrom('-', '*', '+', '1.', '2)', '- [ ]', '- [x]');
const list: fc.Arbitrary<Lines> = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), listMarker, inline), { minLength: 1, maxLength: 8 }).map((items) =>
  items.map(([depth, marker, text]) => `${'  '.repeat(depth)}${marker} ${text}`),
);
/** Lists or quotes nested far deeper than anyone writes them. */
const deepNesting: fc.Arbitrary<Lines> = fc
  .tuple(fc.integer({ min: 10, max: 120 }), fc.constantFrom('list', 'quote', 'mixed'), inline)
  .map(([depth, shape, text]) => {
    if (shape === 'quote') return [`${'> '.repeat(depth)}${text}`, `${'>'.repeat(depth)} ${text}`];
    if (shape === 'list') return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- ${text}`);
    return Array.from({ length: Math.min(depth, 40) }, (_, i) => `${'> '.repeat(i % 5)}${'   '.repeat(i)}- ${text}`);
  });

const fenceLang = fc.constantFrom('', 'ts', 'json', 'md', 'markdown', 'bash', 'yaml', 'prompt');
const fencedCode: fc.Arbitrary<Lines> = fc
  .tuple(fc.constantFrom('```', '~~~', '````', '  ```'), fenceLang, fc.array(fc.oneof(inline, placeholders, secrets, fc.constant('```')), { maxLength: 5 }), fc.boolean())
  .map(([fence, lang, body, closed]) => [`${fence}${lang}`, ...body, ...(closed ? [fence.trim()] : [])]);
const indentedCode: fc.Arbitrary<Lines> = fc.array(inline, { minLength: 1, maxLength: 3 }).map((ls) => ls.map((l) => `    ${l}`));

const ruleIds = RULES.map((r) => r.meta.id);
const ruleIdOrJunk = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ruleIds) }, { weight: 1, arbitrary: fc.constantFrom('no-such-rule', 'Vague-Language', '*', '', 'vague-language,', 'a b') });
const htmlComment: fc.Arbitrary<Lines> = fc
  .tuple(
    fc.constantFrom('disable-next-line', 'disable-line', 'disable', 'enable', 'disable-file', 'disable-nextline', ''),
    fc.array(ruleIdOrJunk, { maxLength: 3 }),
    fc.constantFrom('', ' -- because the audience knows', ' --', ' -- '),
    fc.constantFrom('-->', ' -->', '', '--!>'),
    inline,
  )
  .map(([directive, ids, reason, close, after]) => {
    const comment = `<!-- promptcoach-${directive} ${ids.join(', ')}${reason}${close}`;
    return close === '' ? [comment, after, '-->'] : [`${comment} ${after}`];
  });
const htmlBlock: fc.Arbitrary<Lines> = fc.constantFrom(['<details>', '<summary>More</summary>', '', 'Hidden text', '</details>'], ['<div>', '<!-- plain comment -->', '</div>'], ['<script>alert(1)</script>'], ['<!--', 'never closed']);
const table: fc.Arbitrary<Lines> = fc.tuple(inline, inline).map(([a, b]) => [`| ${a} | b |`, '|---|:-:|', `| ${b} |`, '| x | y | z |']);
const misc: fc.Arbitrary<Lines> = fc.constantFrom([''], ['', ''], ['---'], ['***'], ['[ref]: ./docs/guide.md "Title"'], ['[ref]: <>'], ['\\'], ['  '], ['\t- tabbed item']);

const block: fc.Arbitrary<Lines> = fc.oneof(
  { weight: 4, arbitrary: heading },
  { weight: 1, arbitrary: setextHeading },
  { weight: 8, arbitrary: paragraph },
  { weight: 3, arbitrary: list },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: fencedCode },
  { weight: 1, arbitrary: indentedCode },
  { weight: 2, arbitrary: htmlComment },
  { weight: 1, arbitrary: htmlBlock },
  { weight: 1, arbitrary: table },
  { weight: 2, arbitrary: misc },
);

const frontmatterValue = fc.oneof(
  inline.map((s) => JSON.stringify(s)),
  fc.constantFrom('true', 'false', '42', 'null', '"**/*.ts"', "'src/**'", '[a, b]', '[]', '{}', '[read, edit, "*"]', '"2020-01-01"', '2099-12-31', '|', '>-', '&a x', '*a', '[unclosed', '"unterminated', '@bad', '`tick`'),
);
const frontmatterKey = fc.constantFrom('description', 'applyTo', 'globs', 'alwaysApply', 'tools', 'tool', 'model', 'mode', 'name', 'argument-hint', 'reviewed', 'owner', 'review-by', 'allowed-tools', 'x', '<<', '? complex');
const frontmatterBody: fc.Arbitrary<Lines> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(frontmatterKey, frontmatterValue).map(([k, v]) => `${k}: ${v}`) },
    { weight: 1, arbitrary: fc.constantFrom('  - item', '- top', '\tkey: tab', 'key without colon', ': no key', '...', '# comment', '') },
  ),
  { maxLength: 8 },
);
/** None, valid, unterminated, or with YAML that does not parse. */
const frontmatter: fc.Arbitrary<Lines> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Lines>([]) },
  { weight: 4, arbitrary: frontmatterBody.map((body) => ['---', ...body, '---']) },
  { weight: 1, arbitrary: frontmatterBody.map((body) => ['---', ...body]) },
  { weight: 1, arbitrary: frontmatterBody.map((body) => ['---', ...body, '...']) },
  { weight: 1, arbitrary: frontmatterBody.map((body) => ['---  ', 'key: [', ...body, '---']) },
  { weight: 1, arbitrary: fc.constant<Lines>(['\ufeff---', 'description: with BOM', '---']) },
);

const lineEnding = fc.constantFrom('\n', '\r\n', '\r');
/** LF, CRLF, CR, or a mix chosen per line. */
const lineEndings: fc.Arbitrary<(i: number) => string> = fc.oneof(
  { weight: 3, arbitrary: lineEnding.map((e) => () => e) },
  { weight: 2, arbitrary: fc.array(lineEnding, { minLength: 1, maxLength: 16 }).map((es) => (i: number) => es[i % es.length] as string) },
);

export interface FuzzDocument {
  /** Relative to the workspace: decides the kind. */
  file: string;
  text: string;
}

/** A prompt or context file of a random kind, built from Markdown pieces. */
export const documentArbitrary: fc.Arbitrary<FuzzDocument> = fc
  .record({
    file: fc.constantFrom(...DOCUMENT_PATHS),
    frontmatter,
    blocks: fc.array(block, { maxLength: 14 }),
    endings: lineEndings,
    trailing: fc.boolean(),
  })
  .map(({ file, frontmatter, blocks, endings, trailing }) => {
    const lines = [...frontmatter, ...blocks.flatMap((b, i) => (i > 0 && b[0] !== '' ? ['', ...b] : b))];
    let text = '';
    lines.forEach((line, i) => {
      text += line;
      if (i < lines.length - 1 || trailing) text += endings(i);
    });
    return { file, text };
  });

// ───────────────────────────── document properties ─────────────────────────────

let strictConfig: EffectiveConfig | undefined;
/** The effective config of `promptcoach:strict`, read once through the real resolver. */
export function fuzzConfig(): EffectiveConfig {
  if (!strictConfig) {
    const resolver = new ConfigResolver({ host: memoryHost(NEIGHBOURS), rootDir: FUZZ_ROOT });
    strictConfig = resolver.forFile(`${FUZZ_ROOT}/${DOCUMENT_PATHS[0]}`);
    const problems = resolver.problems();
    if (problems.length) throw new Error(`The fuzz config has problems: ${JSON.stringify(problems)}`);
  }
  return strictConfig;
}

export function hostFor(absPath: string, text: string, extra: Record<string, string> = {}): Host {
  const files = { ...NEIGHBOURS, ...extra, [absPath]: text };
  const base = memoryHost(files);
  return {
    ...base,
    listFiles: (root) => Object.keys(files).filter((f) => f.startsWith(`${root}/`)).map((f) => f.slice(root.length + 1)),
    lastChanged: (p) => (p in files ? { time: NOW - 400 * 86_400_000, source: 'mtime' } : undefined),
  };
}

/** Per-document timings, for the script's report. */
export interface DocumentStats {
  ms: number;
  length: number;
  file: string;
}

export interface CheckOptions {
  /** Receives each document's analysis time (the first analysis only, not the re-analyses after fixes). */
  onTiming?: (stats: DocumentStats) => void;
}

async function analyzeText(file: string, text: string): Promise<Finding[]> {
  const absPath = `${FUZZ_ROOT}/${file}`;
  const { findings } = await analyze({ path: absPath, text }, fuzzConfig(), hostFor(absPath, text), { now: NOW });
  return findings;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

/** (b) A range lies inside the text: existing lines, characters within the line, start ≤ end. */
export function rangeProblem(range: Range, lines: LineIndex): string | undefined {
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `${name} ${show(p)} is not a position`;
    if (p.line >= lines.lineCount) return `${name} line ${p.line} is past the last line (${lines.lineCount} lines)`;
    const length = lines.lineText(p.line).length;
    if (p.character > length) return `${name} ${show(p)} is past the end of its line (${length} characters)`;
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    return `start ${show(range.start)} is after end ${show(range.end)}`;
  }
  return undefined;
}

function internalErrors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.ruleId === INTERNAL_ERROR);
}

/**
 * The document properties, for one document; throws an Error naming the first broken one.
 *
 * (a) `analyze` neither throws nor reports `internal-error` (before or after a fix);
 * (b) every finding's range, and every fix edit's range, lies inside the document;
 * (c) each rule's first fixable finding: its first fix, applied alone, has edits that do not overlap, applies, and leaves
 *     no more findings of the same rule than there were (re-analysed);
 * (d) the analysis takes under `MAX_DOCUMENT_MS`.
 */
export async function checkDocument(doc: FuzzDocument, options: CheckOptions = {}): Promise<void> {
  const started = performance.now();
  const findings = await analyzeText(doc.file, doc.text);
  const ms = performance.now() - started;
  options.onTiming?.({ ms, length: doc.text.length, file: doc.file });

  const broken = internalErrors(findings);
  if (broken.length) throw new Error(`(a) internal error: ${broken.map((f) => f.message).join(' | ')}`);
  if (ms > MAX_DOCUMENT_MS) {
    // A garbage-collection pause or another process on a shared machine can stall one run: the
    // document is slow only if a second analysis is slow too.
    const again = performance.now();
    await analyzeText(doc.file, doc.text);
    const retry = performance.now() - again;
    if (retry > MAX_DOCUMENT_MS) {
      throw new Error(`(d) analysis took ${ms.toFixed(0)} ms, then ${retry.toFixed(0)} ms, on a document of ${doc.text.length} characters (${doc.file})`);
    }
  }

  const lines = new LineIndex(doc.text);
  for (const f of findings) {
    const bad = rangeProblem(f.range, lines);
    if (bad) throw new Error(`(b) ${f.ruleId} finding at ${show(f.range)}: ${bad}`);
  }

  // Each re-analysis costs as much as the first: try the first fix of each rule only (the same
  // fix at other places rarely differs, and the next random document covers them).
  const tried = new Set<string>();
  for (const f of findings) {
    const fix = f.fixes?.[0];
    if (!fix) continue;
    if (tried.has(f.ruleId)) continue;
    tried.add(f.ruleId);
    const where = `${f.ruleId} fix '${fix.title}' at ${show(f.range)}`;
    const spans = fix.edits.map((e) => {
      const bad = rangeProblem(e.range, lines);
      if (bad) throw new Error(`(c) ${where}: edit ${show(e)}: ${bad}`);
      return { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), length: e.newText.length };
    });
    spans.sort((x, y) => x.start - y.start || x.end - y.end);
    for (let i = 1; i < spans.length; i++) {
      const prev = spans[i - 1] as Span;
      const cur = spans[i] as Span;
      if (cur.start < prev.end || (cur.start === prev.start && cur.end === prev.end)) throw new Error(`(c) ${where}: edits overlap: ${show(fix.edits)}`);
    }
    const result = applyFixes(doc.text, [f]);
    if (fix.edits.length > 0 && result.applied !== 1) throw new Error(`(c) ${where}: did not apply`);
    const after = await analyzeText(doc.file, result.text);
    const afterBroken = internalErrors(after);
    if (afterBroken.length) throw new Error(`(a) internal error after ${where}: ${afterBroken.map((x) => x.message).join(' | ')}\nfixed text: ${show(result.text)}`);
    // "No new error of the same rule": at the fixed place (the edits, and the finding itself), the
    // rule finds no more than before. Elsewhere a fix may reveal findings the broken text hid
    // (frontmatter whose YAML did not parse), so the file's total is not compared.
    const newSpans: { start: number; end: number }[] = [];
    let delta = 0;
    for (const sp of spans) {
      newSpans.push({ start: sp.start + delta, end: sp.start + delta + sp.length });
      delta += sp.length - (sp.end - sp.start);
    }
    // The finding being fixed counts as at the fixed place even when its fix edits elsewhere.
    const before = new Set([f, ...touching(findings, f.ruleId, lines, spans)]);
    const now = touching(after, f.ruleId, new LineIndex(result.text), newSpans);
    if (now.length > before.size) {
      throw new Error(
        `(c) ${where}: ${before.size} → ${now.length} findings of ${f.ruleId} at the fixed place\nfixed text: ${show(result.text)}\nnew: ${show(now.map((x) => [x.range, x.message]))}`,
      );
    }
  }
}

interface Span {
  start: number;
  end: number;
}

/** Findings of one rule whose ranges touch any of the spans (offsets; touching ends count). */
function touching(findings: readonly Finding[], ruleId: string, lines: LineIndex, spans: readonly Span[]): Finding[] {
  return findings.filter((x) => {
    if (x.ruleId !== ruleId) return false;
    const start = lines.offsetAt(x.range.start);
    const end = lines.offsetAt(x.range.end);
    return spans.some((sp) => start <= sp.end && sp.start <= end);
  });
}

// ───────────────────────────── config arbitraries ─────────────────────────────

const severity = fc.constantFrom('off', 'info', 'warning', 'error');
const ruleSetting = fc.oneof({ weight: 4, arbitrary: severity }, { weight: 1, arbitrary: fc.tuple(severity, fc.constantFrom({}, { max: 2 }, { words: ['foo'] }, { nope: true })) });
const glob = fc.constantFrom('**/*.md', 'prompts/**', 'docs/*.md', '**/AGENTS.md', '!keep.md', '{a,b}/**', '[', '**/*.{md');
const kind = fc.constantFrom('prompt', 'instructions', 'agent', 'context', 'rules', 'skill');
const customRule = fc.oneof(
  fc.record({ id: fc.constantFrom('no-maybe', 'team-words'), type: fc.constant('existence'), tokens: fc.constant(['maybe', 'kinda']) }),
  fc.record({ id: fc.constant('no-pattern'), type: fc.constant('existence'), pattern: fc.constantFrom('fo+', '(a+)+$', '(?<=x)y', '\\b(\\w+)\\s+\\1\\b', '[') }),
  fc.record({ id: fc.constant('swap-it'), type: fc.constant('substitution'), swap: fc.constant({ utilize: 'use', 'in order to': 'to' }) }),
);

/** A config object that the schema accepts (ids may still be unknown rules: a warning, not breakage). */
export const validConfigArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    extends: fc.oneof(fc.constantFrom('promptcoach:recommended', 'promptcoach:strict'), fc.constant(['promptcoach:strict'])),
    root: fc.boolean(),
    rules: fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ruleIds) }, { weight: 1, arbitrary: fc.constantFrom('no-such-rule', 'vague-languag') }), ruleSetting, { maxKeys: 6 }),
    files: fc.dictionary(glob, kind, { maxKeys: 3 }),
    ignore: fc.array(glob, { maxLength: 3 }),
    requireSuppressionReason: fc.boolean(),
    reportUnusedSuppressions: fc.boolean(),
    coachingLevel: fc.constantFrom('learn', 'standard', 'strict'),
    customRules: fc.array(customRule, { maxLength: 2 }),
    overrides: fc.array(
      fc.record({ files: fc.array(glob, { minLength: 1, maxLength: 2 }), rules: fc.dictionary(fc.constantFrom(...ruleIds), ruleSetting, { maxKeys: 3 }) }, { requiredKeys: ['files'] }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

type Mutation = (text: string, value: Record<string, unknown>) => string;
const anyJson = fc.oneof(fc.constantFrom(null, true, 0, -1, 1e309, '', 'warn', [], {}, [[]], { a: 1 }), fc.string({ maxLength: 6 }), fc.integer());
const topKeys = fc.constantFrom('extends', 'root', 'rules', 'files', 'ignore', 'requireSuppressionReason', 'reportUnusedSuppressions', 'coachingLevel', 'customRules', 'overrides', 'checklists', 'standard', 'templates', 'scoring', 'unknownKey', '__proto__', 'constructor');

/** Text-level and value-level damage: drop, duplicate or retype keys, bad ids and severities, broken JSON. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>((text) => text),
  topKeys.map<Mutation>((key) => (_t, v) => {
    const copy = { ...v };
    delete copy[key];
    return JSON.stringify(copy, null, 2);
  }),
  fc.tuple(topKeys, anyJson).map<Mutation>(([key, value]) => (_t, v) => JSON.stringify({ ...v, [key]: value }, null, 2)),
  fc.tuple(topKeys, anyJson).map<Mutation>(([key, value]) => (t) => t.replace(/^\{/, `{\n  ${JSON.stringify(key)}: ${JSON.stringify(value) ?? 'null'},`)),
  fc.tuple(fc.string({ maxLength: 20 }), anyJson).map<Mutation>(([id, s]) => (_t, v) => JSON.stringify({ ...v, rules: { ...(v.rules as object), [id]: s } }, null, 2)),
  fc.tuple(fc.nat(), fc.nat()).map<Mutation>(([at, n]) => (t) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + (n % 8))),
  fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '/*', '//', '\\', '\u0000', '\n', 'é', '😀', '\ud800')).map<Mutation>(([at, s]) => (t) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + s + t.slice(i);
  }),
  fc.nat().map<Mutation>((at) => (t) => t.slice(0, at % (t.length + 1))),
  fc.constantFrom<Mutation>(() => '', () => 'null', () => '[]', () => '"x"', () => '// only a comment', () => '{', () => '\ufeff{}', () => '{"rules": {"vague-language": ["error", {"max": "x"}]}}'),
);

export interface FuzzConfigCase {
  good: Record<string, unknown>;
  mutate: Mutation;
  /** Mutations applied in turn, each on the last's text. */
  more: Mutation[];
}

export const configCaseArbitrary: fc.Arbitrary<FuzzConfigCase> = fc.record({
  good: validConfigArbitrary,
  mutate: mutation,
  more: fc.array(mutation, { maxLength: 2 }),
});

// ───────────────────────────── config properties ─────────────────────────────

/** What a config decides, without the functions of custom rules: equal when the same config is in force. */
function decisions(config: EffectiveConfig): string {
  return show({
    root: config.root,
    files: config.files,
    ignore: config.ignore,
    rules: config.rules,
    customRules: config.customRules.map((r) => r.meta.id),
    requireSuppressionReason: config.requireSuppressionReason,
    reportUnusedSuppressions: config.reportUnusedSuppressions,
    coachingLevel: config.coachingLevel,
  });
}

/**
 * The config properties, for one case; throws an Error naming the first broken one.
 * `forFile` and `problems()` never throw; every problem lies inside its config's text; after a
 * broken edit (`invalidate`), the last good config stays in force.
 */
export function checkConfig(c: FuzzConfigCase): void {
  const files: Record<string, string> = { [`${FUZZ_ROOT}/prompts/x.prompt.md`]: '# X\n' };
  const host = memoryHost(files);
  const resolver = new ConfigResolver({ host, rootDir: FUZZ_ROOT });
  const target = `${FUZZ_ROOT}/prompts/x.prompt.md`;
  const builtIns = new Map(RULES.map((r) => [r.meta.id, r]));

  const goodText = JSON.stringify(c.good, null, 2);
  files[CONFIG_PATH] = goodText;
  const goodIsGood = !parseConfig(CONFIG_PATH, goodText, builtIns).broken;
  const step = (label: string, text: string) => {
    let config: EffectiveConfig;
    try {
      config = resolver.forFile(target);
      const problems = resolver.problems();
      for (const p of problems) {
        const source = files[p.path];
        if (source === undefined) continue;
        const bad = rangeProblem(p.range, new LineIndex(source));
        if (bad) throw new Error(`problem '${p.message}' at ${show(p.range)}: ${bad}`);
      }
    } catch (error) {
      throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}\nconfig text: ${show(text)}`);
    }
    return config;
  };
  const good = step('good config', goodText);
  if (!goodIsGood) return;
  let inForce = decisions(good);

  let text = goodText;
  for (const [i, m] of [c.mutate, ...c.more].entries()) {
    const value = safeParse(text);
    text = m(text, value);
    files[CONFIG_PATH] = text;
    resolver.invalidate(CONFIG_PATH);
    const config = step(`mutation ${i + 1}`, text);
    if (!parseConfig(CONFIG_PATH, text, builtIns).broken) inForce = decisions(config);
    else if (decisions(config) !== inForce) {
      throw new Error(`mutation ${i + 1}: a broken config replaced the last good one\nconfig text: ${show(text)}`);
    }
  }
}

function safeParse(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

// ───────────────────────────── running ─────────────────────────────

export interface FuzzRunOptions {
  seed: number;
  numRuns: number;
}

/** The document property, ready for `fc.assert`. */
export function documentProperty(options: CheckOptions = {}): fc.IAsyncProperty<[FuzzDocument]> {
  return fc.asyncProperty(documentArbitrary, (doc) => checkDocument(doc, options));
}

/**
 * A random document under a random valid config (custom rules with hostile patterns, overrides,
 * coaching levels, rule options): the analyzer neither throws nor reports `internal-error`, and
 * every range lies inside the document.
 */
export function documentUnderConfigProperty(): fc.IAsyncProperty<[FuzzDocument, Record<string, unknown>]> {
  return fc.asyncProperty(documentArbitrary, validConfigArbitrary, async (doc, raw) => {
    const absPath = `${FUZZ_ROOT}/${doc.file}`;
    const host = hostFor(absPath, doc.text, { [CONFIG_PATH]: JSON.stringify(raw) });
    const config = new ConfigResolver({ host, rootDir: FUZZ_ROOT }).forFile(absPath);
    let findings: Finding[];
    try {
      ({ findings } = await analyze({ path: absPath, text: doc.text }, config, host, { now: NOW }));
    } catch (error) {
      throw new Error(`analyze threw under config ${show(raw)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const broken = internalErrors(findings);
    if (broken.length) throw new Error(`internal error under config ${show(raw)}: ${broken.map((f) => f.message).join(' | ')}`);
    const lines = new LineIndex(doc.text);
    for (const f of findings) {
      const bad = rangeProblem(f.range, lines);
      if (bad) throw new Error(`${f.ruleId} range ${show(f.range)}: ${bad} (config ${show(raw)})`);
    }
  });
}

/** The config property, ready for `fc.assert`. */
export function configProperty(): fc.IProperty<[FuzzConfigCase]> {
  return fc.property(configCaseArbitrary, (c) => checkConfig(c));
}

/** One analysis before timing anything, so module loading and caches do not count against (d). */
export async function warmUp(): Promise<void> {
  await analyzeText(DOCUMENT_PATHS[0], '# Objective\n\nWrite some tests properly. {{x}} alice@example.com\n');
}
