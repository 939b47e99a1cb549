/**
 * Metadata for the ids the engine and the CLI report under. They are not rules (nothing can
 * configure them away), but reports, SARIF and `explain` describe them like rules.
 */
import {
  CONFIG_ERROR,
  INTERNAL_ERROR,
  SUPPRESSION_REASON_MISSING,
  UNUSED_SUPPRESSION,
  type RuleMeta,
} from '../types';

/** A file the CLI did not analyze (binary, or over `--max-file-size`); reported as info. */
export const FILE_SKIPPED = 'file-skipped';

export const ENGINE_RULES: readonly RuleMeta[] = [
  {
    id: CONFIG_ERROR,
    category: 'format',
    defaultSeverity: 'error',
    kinds: 'all',
    fixable: false,
    docs: {
      summary: 'The Prompt Coach config file is invalid.',
      rationale:
        'An invalid `.promptcoach.json` means the team standard is not the one in force: rules may be off, misconfigured or missing. The problem is reported in the config file itself, and the last good config keeps working in the editor; the CLI exits with code 2 so CI does not pass on a broken standard.',
      bad: '{ "rules": { "unresolved-placeholder": "eror" } }',
      good: '{ "rules": { "unresolved-placeholder": "error" } }',
    },
  },
  {
    id: INTERNAL_ERROR,
    category: 'format',
    defaultSeverity: 'error',
    kinds: 'all',
    fixable: false,
    docs: {
      summary: 'A rule failed while checking this file, so its findings are missing.',
      rationale:
        'A crashing rule must not hide the other rules\' findings nor pass silently: the file is reported as not fully checked. This is a bug in Prompt Coach or in a custom rule; report it with the file attached.',
      bad: 'A rule throws on an unusual file and nothing says so.',
      good: 'The failure is reported as `internal-error` naming the rule, and the other rules still run.',
    },
  },
  {
    id: UNUSED_SUPPRESSION,
    category: 'format',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: {
      summary: 'A suppression comment suppresses nothing, or names an unknown rule.',
      rationale:
        'Stale suppressions hide real findings later, when the text under them changes. Removing them keeps every exception to the team standard deliberate.',
      bad: '<!-- promptcoach-disable-next-line unresolved-placeholder -->\nSummarize the release notes for the support team.',
      good: 'Summarize the release notes for the support team.',
      options: 'Enable or disable with `"reportUnusedSuppressions": true | false` in `.promptcoach.json`.',
    },
  },
  {
    id: SUPPRESSION_REASON_MISSING,
    category: 'format',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: false,
    docs: {
      summary: 'A suppression comment gives no reason.',
      rationale:
        'A reason tells reviewers why the standard does not apply here, so exceptions can be audited instead of accumulating unexplained.',
      bad: '<!-- promptcoach-disable-next-line unresolved-placeholder -->\nFill in [CUSTOMER NAME] at send time.',
      good: '<!-- promptcoach-disable-next-line unresolved-placeholder -- filled in by the mail merge -->\nFill in [CUSTOMER NAME] at send time.',
      options: 'Required when `"requireSuppressionReason": true` in `.promptcoach.json`.',
    },
  },
  {
    id: FILE_SKIPPED,
    category: 'format',
    defaultSeverity: 'info',
    kinds: 'all',
    fixable: false,
    docs: {
      summary: 'The CLI did not analyze this file: it is binary or larger than the size limit.',
      rationale:
        'Binary files are not prompts, and very large files are usually generated or data; analysing them would be slow and noisy. The skip is reported so nothing is left out silently.',
      bad: 'A 5 MB generated file is linted on every CI run.',
      good: 'The file is skipped with an info finding; raise `--max-file-size` if it really is a prompt.',
      options: '`--max-file-size BYTES` on the command line (default 1 MiB).',
    },
  },
];
