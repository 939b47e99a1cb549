import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
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
        "Every kind. Detection is secretlint's recommended rule preset, which knows the formats of real keys. " +
        'Credentials for services on this machine (`postgres://postgres:postgres@localhost/db`) and example pairs ' +
        '(`user:pass`) are not reported.',
    },
  },
  async check({ doc, report }) {
    const result = await lintSource({
      source: { content: doc.text, filePath: doc.path, ext: '.md', contentType: 'text' },
      options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
    });
    for (const m of result.messages) {
      const [start, end] = m.range;
      report({
        range: doc.range(start, end),
        message: `Unexpected ${secretKind(m.message)} in the file, expected a reference to where it is kept (an environment variable or a secret store); rotate it if it was shared`,
      });
    }
  },
});
