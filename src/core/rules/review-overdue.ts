import { z } from 'zod';
import { defineRule } from '../types';
import { DAY_MS, dayOf, formatDay, reviewDates } from './review-dates';
import { kindNoun } from './util';

const OPTIONS = z
  .object({
    maxAgeDays: z
      .number()
      .int()
      .positive()
      .default(90)
      .describe("How many days after 'last-reviewed' a file is due for its next review."),
  })
  .default({ maxAgeDays: 90 });

export const reviewOverdue = defineRule({
  meta: {
    id: 'review-overdue',
    category: 'context',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: false,
    options: OPTIONS,
    docs: {
      summary:
        "Reports a file whose frontmatter says a review is due: `review-by` has passed, or `last-reviewed` is older than `maxAgeDays`; and a review date that is not YYYY-MM-DD.",
      rationale:
        'Prompts and context files describe a project that keeps moving: commands, folders and conventions change, ' +
        'and an agent follows the stale text as faithfully as the fresh. A team that writes a review date into a file ' +
        'has decided it must be looked at again; this rule is the reminder, in the editor and in CI, so the date is ' +
        'not silently ignored. There is no quick fix: setting the date to today would record a review that did not happen.',
      bad: '---\ndescription: Release checklist\nreview-by: 2024-06-30\n---\nTag the release and publish the changelog.',
      good: '---\ndescription: Release checklist\nlast-reviewed: 2025-05-02\nreview-by: 2025-08-01\n---\nTag the release and publish the changelog.',
      kindsNote:
        'Every kind: the keys are an opt-in any file can carry. The keys are read in their common spellings ' +
        '(`review-by`, `review_by`, `reviewBy`; `last-reviewed`, `last_reviewed`, `lastReviewed`, any case), at the ' +
        'top level or under `metadata:` (where a SKILL.md keeps keys the spec does not define). Dates are ISO ' +
        '(`2025-01-31`, a time after it is ignored) and compared in UTC. Other keys (`updated`, `last_updated`) say ' +
        'when a file was edited, not reviewed, and are left alone.',
      options:
        "`maxAgeDays` (default 90): a file whose `last-reviewed` is more than this many days old is due. `review-by` is a date set by the author and is used as written.",
      precision: {
        right: 0,
        judged: 0,
        note:
          'The corpus has no review dates: no frontmatter key spelled like `review-by` or `last-reviewed` in any of its ' +
          '4,566 files (checked with grep over every `key:` line, and the rule reports nothing on it). The only ' +
          'date-like keys are `date_created`/`last_updated` inside template code blocks. Checked instead on fixtures ' +
          'and unit tests with a fixed `now`: past and future dates, the spellings, `metadata:`, a YAML `Date`, ' +
          'invalid dates (`2025-02-30`, `next month`, empty).',
      },
    },
  },
  check({ doc, options, now, report }) {
    const today = dayOf(now);
    const noun = kindNoun(doc.kind);
    for (const date of reviewDates(doc)) {
      if (date.day === undefined) {
        const value = date.written ? `'${date.written}'` : 'an empty value';
        report({ range: date.valueRange, message: `Unexpected ${value} in '${date.key}', expected a date as YYYY-MM-DD` });
        continue;
      }
      // Messages carry no day count or today's date: they stay the same from day to day (baselines, SARIF).
      if (date.which === 'review-by') {
        if (date.day >= today) continue;
        report({
          range: date.valueRange,
          message: `Unexpected '${date.key}: ${formatDay(date.day)}' in the past, expected the ${noun} reviewed and '${date.key}' moved to the next review date`,
        });
        continue;
      }
      if (today - date.day <= options.maxAgeDays * DAY_MS) continue;
      report({
        range: date.valueRange,
        message: `Unexpected '${date.key}: ${formatDay(date.day)}', more than ${options.maxAgeDays} days ago, expected the ${noun} reviewed again and '${date.key}' updated`,
      });
    }
  },
});
