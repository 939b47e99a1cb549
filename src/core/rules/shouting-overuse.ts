import { z } from 'zod';
import { defineRule } from '../types';

const OPTIONS = z
  .object({
    max: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe('Emphatic all-caps words a file may have before the rule reports (it also needs more than one per 100 words of prose).'),
  })
  .default({ max: 5 });

/** Emphasis words: they count wherever they stand. */
const EMPHATIC = new Set([
  'MUST', 'NEVER', 'ALWAYS', 'CRITICAL', 'IMPORTANT', 'DO NOT', "DON'T", 'DON’T', 'NOT', 'NO', 'ONLY', 'ALL', 'ANY',
  'EVER', 'EVERY', 'NONE', 'NOTHING', "CAN'T", 'CAN’T', "WON'T", 'WON’T', 'SHALL', 'SHOULD', 'REQUIRED', 'MANDATORY',
  'STRICTLY', 'ABSOLUTELY', 'VERY', 'EXACTLY', 'WARNING', 'STOP', 'FORBIDDEN', 'PROHIBITED', 'ESSENTIAL', 'CAREFUL',
  'CAREFULLY',
]);

/** All-caps words of four letters or more that are names, formats or labels, not emphasis. */
const ACRONYMS = new Set(
  (
    'JSON JSONL YAML TOML HTML HTTP HTTPS REST CRUD CORS CSRF SSRF RBAC SAML OAUTH OIDC ASCII UNIX POSIX UUID GUID ' +
    'README TODO TODOS FIXME HACK TBD NOTE NOTES CHANGELOG LICENSE CONTRIBUTING AGENTS CLAUDE GEMINI SKILL ' +
    'GDPR HIPAA SOC2 AJAX HTMX PNPM NULL TRUE FALSE NONE TYPE GET POST PATCH DELETE HEAD OPTIONS PUT ' +
    'SELECT FROM WHERE JOIN INSERT UPDATE ORDER GROUP LIMIT WITH CASE WHEN THEN ELSE AND NAN ' +
    'ISBN SWOT SMART KISS YAGNI SOLID DRY ASAP TLDR FAQS INFO DEBUG WARN ERROR FATAL TRACE ' +
    'USER SYSTEM ASSISTANT HUMAN MODEL AWS GCP ECMA WASM GRPC JWT JWTS SSH SFTP SMTP IMAP DNS TCP UDP ' +
    'PDF PNG JPEG JPG SVG WEBP HEIC MIDI UTF8 ISO CEO CTO CFO NASA NATO EOF LGTM WIP MVP OKRS KPIS SaaS ' +
    'HEAD MAIN ASIN NFT DAO APIS URLS LLMS GPTS'
  ).split(' '),
);

/** An all-caps word (`DO NOT` as one); not part of an identifier, a file name or a version. */
const CAPS = /(?<![\p{L}\p{N}_'’./$-])(?:DO NOT|[A-Z][A-Z'’]*[A-Z])(?![\p{L}\p{N}_'’-]|\.\w)/gu;

export const shoutingOveruse = defineRule({
  meta: {
    id: 'shouting-overuse',
    category: 'direction',
    defaultSeverity: 'info',
    kinds: ['prompt', 'agent', 'instructions', 'rules', 'skill', 'context'],
    fixable: false,
    options: OPTIONS,
    docs: {
      summary: 'Reports files that shout: many emphatic all-caps words (MUST, NEVER, CRITICAL, DO NOT…) in the prose.',
      rationale:
        'Capitals were a way to make older models pay attention. Current models follow instructions closely and ' +
        'over-react to shouting: a capitalized rule is applied rigidly, even where it does not fit, and when every ' +
        'other line shouts, the rules that matter no longer stand out. A plain sentence with the reason for the ' +
        'rule ("Never log tokens: the logs are public") is followed more sensibly than capitals.',
      bad: 'You MUST ALWAYS use TypeScript. NEVER use `any`. It is CRITICAL that you DO NOT skip tests. IMPORTANT: ONLY edit files in `src/`.',
      good: 'Use TypeScript and avoid `any`: the build runs with `strict`. Run the tests before you finish, and edit only files in `src/`.',
      kindsNote:
        'Every kind of prompt and context file, in prose only: code, inline code, headings and placeholders are not ' +
        'counted. Emphasis words (MUST, NEVER, ALWAYS, CRITICAL, DO NOT…) count; other all-caps words of four letters ' +
        'or more count only next to one ("DO NOT MODIFY"), and never when they are known acronyms (JSON, HTTP, ' +
        'README…) or labels ending in a colon. One report per file, at the first ' +
        'emphatic word, and only when the capitals are more than one per 100 words of prose.',
      options: '`max` (default `5`): the number of emphatic all-caps words a file may have before the rule reports.',
    },
  },
  check({ doc, options, report }) {
    const chars = doc.prose.split('');
    const blankOut = (s: number, e: number) => {
      for (let i = s; i < e; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    };
    for (const b of doc.proseBlocks) if (b.type === 'heading') blankOut(b.startOffset, b.endOffset);
    for (const p of doc.placeholders) blankOut(p.startOffset, p.startOffset + p.text.length);
    const prose = chars.join('');
    const words = prose.match(/\p{L}+/gu)?.length ?? 0;
    // Runs of all-caps words ("DO NOT MODIFY THIS FILE"); one with no emphasis word in it is a name, an SQL
    // statement or an acronym, and counts for nothing.
    const runs: { word: string; start: number; end: number }[][] = [];
    let previousEnd = -1;
    for (const m of prose.matchAll(CAPS)) {
      const token = { word: m[0], start: m.index, end: m.index + m[0].length };
      const last = runs[runs.length - 1];
      if (last && /^[ \t]+$/.test(prose.slice(previousEnd, token.start))) last.push(token);
      else runs.push([token]);
      previousEnd = token.end;
    }
    const found: { start: number; end: number }[] = [];
    for (const run of runs) {
      // `NOT NULL` is SQL, not emphasis.
      const emphatic = (i: number) => EMPHATIC.has(run[i]?.word ?? '') && !(run[i]?.word === 'NOT' && run[i + 1]?.word === 'NULL');
      if (!run.some((_, i) => emphatic(i))) continue;
      run.forEach((token, i) => {
        if (!emphatic(i)) {
          if (token.word.replace(/['’]/g, '').length < 4 || ACRONYMS.has(token.word)) return;
          // A label ("CONTEXT:", "OUTPUT:") names a part of the prompt.
          if (/^\s*:/.test(prose.slice(token.end, token.end + 3))) return;
        }
        found.push(token);
      });
    }
    const count = found.length;
    if (count <= options.max || count * 100 <= words) return;
    const first = found[0] as { start: number; end: number };
    report({
      range: doc.range(first.start, first.end),
      message: `Unexpected shouting: ${count} emphatic all-caps words in ${words} words of prose, expected plain sentence case and the reason for each rule (modern models over-react to capitals)`,
    });
  },
});
