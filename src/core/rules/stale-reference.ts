import * as path from 'node:path';
import { z } from 'zod';
import { defineRule, type FileTime } from '../types';
import { DAY_MS, formatDay, reviewDates } from './review-dates';
import { kindNoun } from './util';

const OPTIONS = z
  .object({
    graceDays: z
      .number()
      .nonnegative()
      .default(1)
      .describe('How much later than the review a referenced file may have changed before it counts, in days.'),
  })
  .default({ graceDays: 1 });

/** How a time reads in a message: a commit time, or a modification time on disk. */
function when(time: FileTime): string {
  return `${time.source === 'git' ? 'committed' : 'modified'} ${formatDay(time.time)}`;
}

export const staleReference = defineRule({
  meta: {
    id: 'stale-reference',
    category: 'context',
    defaultSeverity: 'info',
    kinds: 'all',
    fixable: false,
    options: OPTIONS,
    docs: {
      summary:
        'Reports a referenced file that changed after the file referring to it was last reviewed (its `last-reviewed` date, else its own last change).',
      rationale:
        'A prompt that points at `docs/api.md` or `@package.json` was written against what those files said then. When ' +
        'they change and the prompt does not, the two drift apart: the prompt names a command that was renamed, a ' +
        'folder that moved, a rule the referenced file no longer states, and the agent follows the contradiction. ' +
        'The finding asks for one look at the prompt; if it still holds, record the review in `last-reviewed`.',
      bad: '---\nlast-reviewed: 2024-01-15\n---\nFollow the API conventions in [docs/api.md](docs/api.md).\n\n<!-- docs/api.md was rewritten in March -->',
      good: '---\nlast-reviewed: 2024-03-20\n---\nFollow the API conventions in [docs/api.md](docs/api.md).',
      kindsNote:
        'Every kind: any file that refers to another can fall behind it. Links, definitions, `#file:` tags and ' +
        '`@path` imports that resolve to an existing file count; images, folders and the file itself do not.\n\n' +
        'Times come from git when it can tell: the last commit that touched a file, when git tracks it and the ' +
        'working copy matches that commit. Otherwise (an edit not yet committed, an untracked file, no repository) ' +
        "the file's modification time is used. A modification time is compared only with another modification " +
        'time: a fresh clone, a copy or an unpacked archive gives every file about the same one, and a build ' +
        'rewrites generated files, so an mtime says nothing next to a commit time. Two files whose modification ' +
        "times are within the grace period carry no information, even against a `last-reviewed` date. A `last-reviewed` date is a whole " +
        'day: a change counts from the end of that day (UTC) plus the grace period. Without git history (the ' +
        'corpus, a downloaded archive) the rule therefore stays quiet.',
      options:
        '`graceDays` (default 1): how much later than the review a referenced file may have changed before it ' +
        'counts. It absorbs the several commits of one piece of work and the minutes a checkout spreads ' +
        'modification times over.',
      precision: {
        right: 0,
        judged: 0,
        note:
          'The corpus is not a git repository and every file in it has the same modification time (the hour it ' +
          'was copied), so the rule rightly finds nothing there (checked: 0 findings). Checked instead on real ' +
          'git repositories the unit tests build with fixed commit dates: a reference committed after the prompt, ' +
          'one committed with it, `last-reviewed` before and after the change, working-copy edits and untracked ' +
          'files (modification times), and the mixed cases it skips.',
      },
    },
  },
  check({ doc, options, host, report }) {
    if (!host.lastChanged || !doc.references.length) return;
    const grace = options.graceDays * DAY_MS;
    const reviewed = reviewDates(doc).find((d) => d.which === 'last-reviewed' && d.day !== undefined);
    const self = path.resolve(doc.path);
    let own: FileTime | undefined | null = null;
    const seen = new Set<string>();
    const noun = kindNoun(doc.kind);

    for (const ref of doc.references) {
      if (ref.form === 'image' || seen.has(ref.resolved) || path.resolve(ref.resolved) === self) continue;
      seen.add(ref.resolved);
      if (!host.exists(ref.resolved) || host.isDirectory(ref.resolved)) continue;
      const theirs = host.lastChanged(ref.resolved);
      if (!theirs) continue;
      if (own === null) own = host.lastChanged(doc.path);
      const target = ref.target.replace(/^\.\//, '');

      if (reviewed?.day !== undefined) {
        // A copy or a checkout gives both files one modification time: it says nothing about when either changed.
        if (theirs.source === 'mtime' && own?.source === 'mtime' && Math.abs(theirs.time - own.time) <= grace) continue;
        if (theirs.time <= reviewed.day + DAY_MS + grace) continue;
        report({
          range: ref.range,
          // The review date is in the file; the change's date is one `git log` away, and naming it would
          // make the message differ between a working copy and a clone.
          message: `Unexpected stale reference: '${target}' changed after '${reviewed.key}: ${formatDay(reviewed.day)}', expected the ${noun} reviewed against it, then '${reviewed.key}' updated`,
        });
        continue;
      }

      if (!own || own.source !== theirs.source || theirs.time <= own.time + grace) continue;
      report({
        range: ref.range,
        message: `Unexpected stale reference: '${target}' was ${when(theirs)}, after this ${noun} (${when(own)}), expected the ${noun} reviewed against it, then updated or its review recorded in 'last-reviewed'`,
      });
    }
  },
});
