/**
 * A repository with a history worth a dashboard, for the dashboard's tests: prompt and context
 * files committed over four months by several people, a slide in quality over the last month (a
 * placeholder, vague wording, a broken reference), a partial fix, an uncommitted edit, and
 * inspection records. Built with the real git, reported with the real `buildQualityReport`: the
 * page is tested on what the server would send.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ConfigResolver } from '../../src/core/config/load';
import { nodeHost } from '../../src/node/host';
import { recordsDir } from '../../src/node/inspection/records';
import { buildQualityReport } from '../../src/node/report';
import type { DashboardReport } from '../../src/server/protocol';
import { gitEnv, sampleRecord, tempDir, writeFiles } from '../helpers/inspection';

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const HOSTILE_SCRIPT = '<script>alert(1)</script>';

const DAY = 86_400_000;

const TESTS_GOOD = `---
mode: agent
description: Write unit tests for one module
---
# Objective

Write unit tests for \`src/billing/invoice.ts\`.

## Context

The module computes invoice totals; rounding happens once, at the end.

## Done when

- Every exported function has a test.
- \`npm test\` passes.
`;

const TESTS_BAD = `---
mode: agent
description: Write tests
---
Write some tests for [INSERT module name] and make them nice.

Cover the various edge cases etc. and use #file:src/billing/invoices.ts as needed.
`;

const TESTS_FIXED = TESTS_BAD.replace('[INSERT module name]', '`src/billing/invoice.ts`');

const REVIEW_GOOD = `---
mode: agent
description: Review a pull request
---
# Objective

Review the pull request for correctness and tests.

## Done when

- Every comment names a file and a line.
- The summary says whether to merge.
`;

const REVIEW_WORSE = `---
mode: agent
description: Review a pull request
---
Please review the PR and maybe suggest some improvements etc. if you think it is appropriate.

Try to be nice and look at various things.
`;

const AGENTS = `# Agents

Run \`npm test\` before you finish. TypeScript strict mode everywhere.

## Layout

- \`src/billing\`: invoices and totals.
- \`src/api\`: the HTTP layer.
`;

const CLAUDE = `# Claude

Read AGENTS.md first. Never commit secrets.
`;

const TYPESCRIPT = `---
applyTo: "**/*.ts"
---
Use \`unknown\` instead of \`any\`; narrow with type guards.
`;

export interface HistoryRepo {
  dir: string;
  /** Full shas of the commits, oldest first. */
  shas: string[];
}

/**
 * Makes the repository. `hostile` adds a commit whose subject, author and new file name are markup
 * (as a contributor could write them), for the tests that check the page shows them as text.
 */
export function historyRepo({ hostile = false }: { hostile?: boolean } = {}): HistoryRepo {
  const dir = tempDir({}, 'promptcoach-dashboard-');
  const env = gitEnv();
  const git = (args: string[], extra: NodeJS.ProcessEnv = {}) => execFileSync('git', args, { cwd: dir, env: { ...env, ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'commit.gpgsign', 'false']);
  const shas: string[] = [];
  const commit = (daysAgo: number, author: string, subject: string, files: Record<string, string>, remove: string[] = []) => {
    writeFiles(dir, files);
    for (const rel of remove) git(['rm', '-q', rel]);
    const date = new Date(Date.now() - daysAgo * DAY).toISOString();
    git(['add', '-A']);
    git(['-c', `user.name=${author}`, '-c', `user.email=${author.toLowerCase().replace(/\W+/g, '.')}@example.com`, 'commit', '-q', '-m', subject], {
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_AUTHOR_NAME: author,
      GIT_COMMITTER_NAME: author,
    });
    shas.push(git(['rev-parse', 'HEAD']).trim());
  };
  commit(120, 'Ada Lovelace', 'Add agent instructions', { 'AGENTS.md': AGENTS, 'CLAUDE.md': CLAUDE, 'src/billing/invoice.ts': 'export const total = 1;\n' });
  commit(104, 'Ada Lovelace', 'Add the test-writing prompt', { '.github/prompts/write-tests.prompt.md': TESTS_GOOD });
  commit(88, 'Grace Hopper', 'Add the pull request review prompt', { '.github/prompts/review-pr.prompt.md': REVIEW_GOOD });
  commit(71, 'Grace Hopper', 'TypeScript instructions for Copilot', { '.github/instructions/typescript.instructions.md': TYPESCRIPT });
  commit(52, 'Linus Torvalds', 'Say where the layout lives', { 'AGENTS.md': `${AGENTS}\nSee docs/architecture.md for the rest.\n` });
  commit(26, 'Linus Torvalds', 'Shorten the test prompt', { '.github/prompts/write-tests.prompt.md': TESTS_BAD });
  if (hostile) commit(19, `Mallory ${HOSTILE_SCRIPT}`, `${HOSTILE} quick fix`, { [`.github/prompts/${HOSTILE}.prompt.md`]: TESTS_BAD.replace('Write some tests', 'Please do the thing [TODO]') });
  commit(12, 'Ken Thompson', 'Make the review prompt friendlier', { '.github/prompts/review-pr.prompt.md': REVIEW_WORSE });
  commit(4, 'Ada Lovelace', 'Name the module in the test prompt', { '.github/prompts/write-tests.prompt.md': TESTS_FIXED });
  // Uncommitted: the review prompt half repaired.
  writeFiles(dir, { '.github/prompts/review-pr.prompt.md': REVIEW_WORSE.replace('Please review the PR and maybe suggest some improvements etc. if you think it is appropriate.', '# Objective\n\nReview the pull request for correctness.') });
  writeRecords(dir);
  return { dir, shas };
}

/** Eight weeks of inspections: mostly accepted, a rejection streak lately, one item failing often. */
function writeRecords(dir: string): void {
  const lines: string[] = [];
  const decisions: ['accepted' | 'rejected', boolean][] = [
    ['accepted', false],
    ['accepted', false],
    ['accepted', true],
    ['accepted', false],
    ['rejected', true],
    ['accepted', false],
    ['rejected', true],
    ['rejected', true],
    ['accepted', true],
  ];
  decisions.forEach(([decision, testsFail], i) => {
    const time = new Date(Date.now() - (60 - i * 7) * DAY).toISOString();
    lines.push(
      JSON.stringify(
        sampleRecord({
          time,
          decision,
          reason: decision === 'rejected' ? 'The tests do not cover rounding.' : '',
          items: [
            { id: 'objective-met', verdict: decision === 'accepted' ? 'pass' : 'fail', note: decision === 'accepted' ? '' : 'Half of the task.' },
            { id: 'tests-pass', verdict: testsFail ? 'fail' : 'pass', note: testsFail ? 'Rounding test fails.' : '' },
            { id: 'no-secrets', verdict: 'pass', note: '' },
          ],
        }),
      ),
    );
  });
  writeFiles(dir, { [path.relative(dir, path.join(recordsDir(dir), 'history.jsonl'))]: `${lines.join('\n')}\n` });
}

/** The report the language server would send for the repository (its config, working tree included). */
export async function fixtureReport(dir: string, since?: string): Promise<DashboardReport> {
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir });
  const report = await buildQualityReport({ repo: dir, configFor: (p) => resolver.forFile(p), host: nodeHost, workingTree: true, ...(since ? { since } : {}) });
  return { ...report, root: URI.file(dir).toString() };
}
