import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { editedLines, type PromptDocument } from '../document';
import { TOKEN_PREFIXES } from '../secrets';
import { defineRule } from '../types';

// secretlint's profiler leaves performance marks for every rule on every file and, whenever the event
// loop turns, compares each new mark with all the earlier ones: in a language server that lints on
// every keystroke it grows without bound and gets slower with every file. Nothing reads the profile.
// (`@secretlint/profiler` is pinned to the version `@secretlint/core` pins, so this is its instance.)
secretLintProfiler.mark = () => undefined;

type SecretlintConfig = Parameters<typeof lintSource>[0]['options']['config'];

/**
 * Credentials in a URL that are not secrets: defaults for a service on this machine or in a local
 * container, and the usual example pairs (`user:pass`, `postgres:postgres`).
 */
const EXAMPLE_CREDENTIALS = [
  '/@(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1\\]|host\\.docker\\.internal|example\\.(?:com|org|net))(?=[:/?]|$)/i',
  '/\\/\\/(?:user(?:name)?|admin|root|test|postgres|demo|example):(?:pass(?:word)?|secret|test|postgres|changeme|demo|example)\\d*@/i',
];

/** Built once per process: secretlint's recommended preset, with example credentials allowed. */
const CONFIG: SecretlintConfig = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommended,
      rules: [
        { id: '@secretlint/secretlint-rule-database-connection-string', options: { allows: EXAMPLE_CREDENTIALS } },
        { id: '@secretlint/secretlint-rule-basicauth', options: { allows: EXAMPLE_CREDENTIALS } },
      ],
    },
  ],
};

/**
 * What every format of secretlint's recommended preset starts with or is labelled by: the token
 * prefixes (`ghp_`, `npm_`, `xoxb-`, `sk-ant-`, `AKIA`…), credentials in a URL (`user:pass@`, which
 * database URLs share), a private key, an AWS secret access key or account id, npm's `_authToken`, a
 * Docker `auths` entry and Slack webhooks. When the preset learns a format, add its prefix here; the
 * unit tests check that every format they build is still found.
 */
const TOKEN_PREFIX = new RegExp(`(?<![A-Za-z])(?:${TOKEN_PREFIXES})`, 'g');
const LABEL = /:[^\s@/]{1,200}@|PRIVATE KEY|secret.?access.?key|account.?id|_authToken|hooks\.slack\.com|"auths?"\s*:/gi;

/**
 * `"auths"` with only white space after it on its line: there `"auths?"\s*:` can match across the line
 * break, and a scan by lines could miss what a scan of the whole file finds.
 */
const CROSSING = /"auths?"\s*(?:[\r\n]|$)/gi;

/** Where a pre-filter expression matched: the file's offsets of the matches and of `secretlint-`. */
interface Matches {
  tokens: number[];
  labels: number[];
  /** The labels that are a private key's header, which keeps every line up to its END line. */
  keys: number[];
  disables: number[];
  crossings: number[];
}

/**
 * What the expressions match in the lines `[from, to)` (whole lines: `from` starts one and `to` ends
 * one): none of their matches runs across a line break but `CROSSING`'s, so outside those the matches
 * are the ones a scan of the whole file finds there.
 */
function matchLines(text: string, from: number, to: number): Matches {
  const lines = from === 0 && to === text.length ? text : text.slice(from, to);
  const at = (list: Iterable<RegExpMatchArray>) => [...list].map((m) => from + (m.index as number));
  const labels = [...lines.matchAll(LABEL)];
  const disables: number[] = [];
  for (let i = lines.indexOf('secretlint-'); i >= 0; i = lines.indexOf('secretlint-', i + 1)) disables.push(from + i);
  return {
    tokens: at(lines.matchAll(TOKEN_PREFIX)),
    labels: at(labels),
    keys: at(labels.filter((m) => /PRIVATE KEY/i.test(m[0]))),
    disables,
    crossings: at(lines.matchAll(CROSSING)),
  };
}

/** Each document's matches; after an edit, only the lines it changed are scanned again (the rest is moved over). */
const MATCHES = new WeakMap<PromptDocument, Matches>();

function matchesOf(doc: PromptDocument): Matches {
  let matches = MATCHES.get(doc);
  if (matches) return matches;
  const lines = editedLines(doc);
  const old = lines && MATCHES.get(lines.before);
  if (lines && old && !old.crossings.length) {
    const { from, oldTo, newTo } = lines;
    const by = newTo - oldTo;
    const fresh = matchLines(doc.text, from, newTo);
    const join = (key: keyof Matches) => [...old[key].filter((at) => at < from), ...fresh[key], ...old[key].filter((at) => at >= oldTo).map((at) => at + by)];
    matches = { tokens: join('tokens'), labels: join('labels'), keys: join('keys'), disables: join('disables'), crossings: join('crossings') };
  }
  if (!matches || matches.crossings.length) matches = matchLines(doc.text, 0, doc.text.length);
  MATCHES.set(doc, matches);
  return matches;
}

/** Lines of the file kept for the scan: where they start in the scanned text and in the file. */
interface Kept {
  at: number;
  from: number;
  length: number;
}

/**
 * The lines that can hold a credential, joined: secretlint's two dozen scanners then run on a few
 * lines of a few files instead of on every file in full (the corpus took seconds otherwise). Lines
 * stay whole, and a private key keeps every line up to its END line, so every pattern sees what it
 * would have seen in the whole file.
 */
function candidateLines(text: string, matches: Matches): { text: string; kept: Kept[] } {
  const spans = [
    ...matches.tokens.map((at) => [at, at] as const),
    ...matches.labels.map((at) => {
      const keyEnd = matches.keys.includes(at) ? text.indexOf('-----END', at) : -1;
      return [at, keyEnd > at && keyEnd - at < 12_000 ? keyEnd : at] as const;
    }),
  ].sort((a, b) => a[0] - b[0]);
  const kept: Kept[] = [];
  const parts: string[] = [];
  let at = 0;
  let blockEnd = -1;
  for (const [start, last] of spans) {
    const from = text.lastIndexOf('\n', start) + 1;
    const lineEnd = text.indexOf('\n', last);
    const end = lineEnd < 0 ? text.length : lineEnd;
    if (end <= blockEnd) continue;
    // A span that starts on a kept line extends that block.
    const begin = from < blockEnd ? blockEnd + 1 : from;
    parts.push(text.slice(begin, end));
    kept.push({ at, from: begin, length: end - begin });
    at += end - begin + 1;
    blockEnd = end;
  }
  return { text: parts.join('\n'), kept };
}

/** The file offset of an offset in the scanned text. */
function fileOffset(kept: readonly Kept[], offset: number): number {
  let line = kept[0] as Kept;
  for (const k of kept) {
    if (k.at > offset) break;
    line = k;
  }
  return line.from + Math.min(offset - line.at, line.length);
}

/**
 * What kind of secret a masked secretlint message names: "found GitHub Token(*****): ****" → "GitHub Token".
 * The message is built with `maskSecrets`, so no part of the secret can reach ours.
 */
function secretKind(maskedMessage: string): string {
  const kind = maskedMessage
    .replace(/^found\s+/i, '')
    .replace(/\(\**\)|:?\s*\*+.*$/g, '')
    .trim();
  return kind || 'secret';
}

export const secretInPrompt = defineRule({
  meta: {
    id: 'secret-in-prompt',
    category: 'safety',
    defaultSeverity: 'error',
    kinds: 'all',
    fixable: false,
    docs: {
      summary: 'Reports credentials written into the file: API keys, tokens, private keys, passwords in connection strings.',
      rationale:
        'Everything in a prompt or context file is sent to the model provider, copied into logs and transcripts, and ' +
        'usually committed. A key written there is a leaked key. The agent needs to know where a credential comes ' +
        'from (an environment variable, a secret store), never its value. Rotate any key that was committed.',
      bad: 'Call the API with the header `Authorization: Bearer ghp_…` (a real GitHub token).',
      good: 'Call the API with the header `Authorization: Bearer $GITHUB_TOKEN`; the token is in the environment.',
      kindsNote:
        "Every kind. Detection is secretlint's recommended rule preset, which knows the formats of real keys, run on the " +
        'lines that can hold one (a known token prefix, `user:pass@`, a private key, a labelled AWS, npm or Docker ' +
        'credential). ' +
        'Credentials for services on this machine (`postgres://postgres:postgres@localhost/db`) and example pairs ' +
        '(`user:pass`) are not reported.',
      precision: {
        right: 0,
        judged: 0,
        note:
          'No findings on the corpus, and none missed: a search of the corpus for token shapes (`ghp_`, `sk-`, `AKIA`, ' +
          '`xox…-`, private key blocks, `user:pass@` URLs) finds only AWS\'s documented example key, `PASSWORD` ' +
          'placeholders and local-database defaults, none of them a credential. Checked instead with tokens built in ' +
          'the real formats of 21 services (GitHub, npm, Slack, OpenAI, Anthropic, AWS, private keys, database URLs…): ' +
          'the rule reports each one secretlint reports on the whole file, and none of the example values.',
      },
    },
  },
  async check({ doc, report }) {
    // `secretlint-disable` comments work by line, so a file that has them is scanned whole.
    const matches = matchesOf(doc);
    const scanned = matches.disables.length
      ? { text: doc.text, kept: [{ at: 0, from: 0, length: doc.text.length }] }
      : candidateLines(doc.text, matches);
    if (!scanned.kept.length) return;
    const result = await lintSource({
      source: { content: scanned.text, filePath: doc.path, ext: '.md', contentType: 'text' },
      options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
    });
    for (const m of result.messages) {
      const [start, end] = m.range;
      report({
        range: doc.range(fileOffset(scanned.kept, start), fileOffset(scanned.kept, end)),
        message: `Unexpected ${secretKind(m.message)} in the file, expected a reference to where it is kept (an environment variable or a secret store); rotate it if it was shared`,
      });
    }
  },
});
