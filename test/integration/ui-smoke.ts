// UI smoke run: drives the VS Code workbench (code-server + headless Chromium) like a person and
// saves a screenshot after each step into test/output/ui-smoke/. No test payload: the extension
// under development is loaded (extensionDevelopmentPath) so its squiggles, hovers and quick fixes
// show. To add a step, append to STEPS below; a step throws to fail the run.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildExtension, copyWorkspace, fixtureWorkspace, log, makeScratch, repoRoot, writeUserSettings } from './common';
import { ensureCodeServer, ensureNode24, launchChromium, startCodeServer, tail, xdgEnv, type CodeServer } from './code-server';
import { goToLine, notification, pickQuickItem, quickOpen, runChord, runCommand, statusBarItem, waitForEditor, waitForWorkbench, webview } from './ui';

interface Step {
  /** Also the screenshot's file name. */
  name: string;
  run(page: Page, ctx: StepContext): Promise<void>;
}

interface StepContext {
  /** The scratch copy of the workspace code-server has open. */
  workspace: string;
}

/** The sample file with findings of several rules; positions below are 1-based, as Ctrl+G takes them. */
const FILE = 'write-tests.prompt.md';
const PLACEHOLDER_AT = '4:22'; // [INSERT module name]: unresolved-placeholder
const BROKEN_REFERENCE_AT = '6:50'; // #file:src/billing/invoices.ts: broken-reference (no near file to suggest, so disable and docs actions)
/** The agent output the inspection steps review; `output-review` (promptcoach:recommended) applies to it. */
const OUTPUT = 'invoice.ts';
const OUTPUT_PATH = 'src/billing/invoice.ts';
/** Who signs in the UI run (user settings): the scratch workspace is not a git repository. */
const REVIEWER = { name: 'UI Smoke', email: 'ui-smoke@example.com' };

const STEPS: Step[] = [
  {
    name: '01-squiggles',
    run: async (page) => {
      await quickOpen(page, FILE);
      await waitForEditor(page, FILE);
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached' });
      // The token estimate above the file: the code lens of the language server.
      await page.locator('.monaco-editor .codelens-decoration', { hasText: 'tokens' }).first().waitFor();
    },
  },
  {
    name: '02-status-bar',
    run: async (page) => {
      const item = statusBarItem(page, 'promptcoach.status');
      await item.waitFor();
      log(`status bar item: ${JSON.stringify(await item.innerText())}, aria-label ${JSON.stringify(await item.getAttribute('aria-label'))}`);
      await item.hover(); // its tooltip: kind and token estimate
      await page.locator('.workbench-hover, .monaco-hover', { hasText: 'tokens' }).first().waitFor();
    },
  },
  {
    name: '03-hover',
    run: async (page) => {
      await page.mouse.move(900, 600); // off the status bar, so its tooltip closes
      await goToLine(page, PLACEHOLDER_AT);
      await runChord(page, 'Control+K', 'Control+I'); // editor.action.showHover
      // The problem part shows first; the rule's coaching comes from the language server's hover.
      await page.locator('.monaco-hover', { hasText: 'Why it matters' }).first().waitFor();
    },
  },
  {
    name: '04-quick-fix',
    run: async (page) => {
      await page.keyboard.press('Escape');
      await goToLine(page, BROKEN_REFERENCE_AT);
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget', { hasText: 'Disable broken-reference for this line' }).waitFor();
    },
  },
  {
    name: '05-problems',
    run: async (page) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Prompt Coach' }).first().waitFor();
      // Only this file's problems, so the screenshot shows them all.
      const filter = page.locator('.viewpane-filter input').first();
      await filter.fill(FILE);
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'unresolved-placeholder' }).first().waitFor();
    },
  },
  {
    // The reviewer's path through the inspection panel, up to Accept; the screenshot shows it ready.
    name: '06-inspection',
    run: async (page) => {
      await runCommand(page, 'View: Hide Panel'); // the Problems panel away: the inspection gets the height
      await quickOpen(page, OUTPUT);
      await waitForEditor(page, OUTPUT);
      await runCommand(page, 'Prompt Coach: Inspect Output…');
      await pickQuickItem(page, 'Active file');
      const panel = webview(page);
      await panel.locator('#target-0', { hasText: OUTPUT_PATH }).waitFor();
      await panel.locator('#checks-title ~ .summary').waitFor(); // the automatic checks ran
      const summary = await panel.locator('#checks-title ~ .summary').innerText();
      log(`automatic checks: ${summary}`);
      if (!/0 failed/.test(summary)) throw new Error(`an automatic check failed on ${OUTPUT}: ${summary}`);

      // Mouse: the first item. Then reload the window: the serializer brings the panel back, answered.
      const items = panel.locator('fieldset.item');
      await items.first().locator('label.verdict-pass').click();
      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), runCommand(page, 'Developer: Reload Window')]);
      await waitForWorkbench(page);
      await webview(page).locator('fieldset.item').first().locator('input[value="pass"]:checked').waitFor();
      log('after a window reload the panel is back with its answer');

      // Close it and inspect the same file again: the draft brings the answer back.
      const tab = page.locator('.tab', { hasText: `Inspect ${OUTPUT}` });
      await tab.hover();
      await tab.locator('.tab-actions .action-label').click(); // its close button
      await tab.waitFor({ state: 'detached' });
      await quickOpen(page, OUTPUT);
      await waitForEditor(page, OUTPUT);
      await runCommand(page, 'Prompt Coach: Inspect Output…');
      await pickQuickItem(page, 'Active file');
      await webview(page).locator('fieldset.item').first().locator('input[value="pass"]:checked').waitFor();
      await webview(page).locator('#checks-title ~ .summary').waitFor();
      log('after closing and opening again the panel has its answer');

      // Keyboard: into each remaining radio group, Space picks "Pass" (Tab order: the Chromium test).
      const restored = webview(page);
      const count = await restored.locator('fieldset.item').count();
      for (let i = 1; i < count; i++) {
        const group = restored.locator('fieldset.item').nth(i);
        await group.locator('input[value="pass"]').focus();
        await page.keyboard.press('Space');
        await group.locator('input[value="pass"]:checked').waitFor();
      }
      await restored.locator('#accept:not([disabled])').waitFor();
      await restored.locator('#accept-why', { hasText: 'Every required item passed' }).waitFor();
      await restored.locator('#decision-title').scrollIntoViewIfNeeded(); // the screenshot shows Accept, enabled
      await page.mouse.move(1, 1); // no hover on the screenshot
    },
  },
  {
    name: '07-inspection-recorded',
    run: async (page, { workspace }) => {
      const panel = webview(page);
      await panel.locator('#accept').click();
      const refused = panel.locator('#decision-title ~ p.error');
      // Whichever comes first: the panel closes (recorded), or it says why it was not recorded.
      for (const deadline = Date.now() + STEP_TIMEOUT_MS; (await page.locator('.tab', { hasText: `Inspect ${OUTPUT}` }).count()) > 0; ) {
        if (await refused.isVisible().catch(() => false)) throw new Error(`not recorded: ${await refused.innerText()}`);
        if (Date.now() > deadline) throw new Error('the panel did not close after Accept');
        await page.waitForTimeout(200);
      }
      // The message, with its Open button: a toast, or (when the window had no focus) in the centre.
      const message = 'Inspection recorded in .promptcoach/inspections/';
      if (!(await notification(page, message).isVisible())) await runCommand(page, 'Notifications: Show Notifications');
      const row = page.locator('.notification-list-item', { hasText: message }).first();
      await row.waitFor();
      await row.locator('.monaco-button', { hasText: 'Open' }).click();
      await page.locator('.tab.active', { hasText: '.jsonl' }).waitFor();
      const dir = path.join(workspace, '.promptcoach/inspections');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
      if (files.length !== 1) throw new Error(`expected one records file in ${dir}, found ${JSON.stringify(files)}`);
      const lines = fs.readFileSync(path.join(dir, files[0] as string), 'utf8').trim().split('\n');
      const record = JSON.parse(lines.at(-1) as string) as { decision: string; outputs: { path: string }[]; reviewer: { name: string }; items: { verdict: string }[] };
      if (record.decision !== 'accepted') throw new Error(`expected an accepted record, got ${record.decision}`);
      if (record.outputs[0]?.path !== OUTPUT_PATH) throw new Error(`expected ${OUTPUT_PATH} in the record, got ${JSON.stringify(record.outputs)}`);
      if (record.reviewer.name !== REVIEWER.name) throw new Error(`expected the reviewer from the settings, got ${JSON.stringify(record.reviewer)}`);
      log(`record: ${files[0]}, ${record.items.length} verdicts, decision ${record.decision}`);
    },
  },
  {
    // What CI does with the record: the team config requires an inspection of src/**.
    name: '08-verify',
    run: async (_page, { workspace }) => {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { cwd: workspace, stdio: 'pipe' });
      git('init', '-q');
      git('add', '-A');
      git('commit', '-qm', 'output and its inspection');
      const verify = () => spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.cjs'), 'inspections', 'verify'], { cwd: workspace, encoding: 'utf8' });
      const ok = verify();
      if (ok.status !== 0) throw new Error(`verify should pass after Accept, exit ${ok.status}:\n${ok.stdout}${ok.stderr}`);
      fs.appendFileSync(path.join(workspace, OUTPUT_PATH), '// edited after the inspection\n');
      const stale = verify();
      if (stale.status !== 1 || !/stale/i.test(stale.stdout)) {
        throw new Error(`verify should fail with 'stale' after an edit, exit ${stale.status}:\n${stale.stdout}${stale.stderr}`);
      }
      log(`verify: exit 0 after Accept; exit 1 after an edit: ${stale.stdout.trim().split('\n')[0]}`);
    },
  },
  {
    // Quality over time: the workspace gets a history of a few dated commits (the prompts as they
    // are, a slide, a repair) and an uncommitted edit; the dashboard draws it, and a click on a
    // commit shows its patch.
    name: '09-dashboard',
    run: async (page, { workspace }) => {
      makeHistory(workspace);
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Prompt Coach: Show Quality Dashboard');
      const panel = webview(page);
      await panel.locator('#score-value').waitFor({ timeout: 60_000 });
      await panel.locator('#app:not([aria-busy])').waitFor();
      const points = panel.locator('#chart-score circle.point[data-sha]');
      const count = await points.count();
      if (count !== HISTORY.length) throw new Error(`expected a point per commit (${HISTORY.length}), found ${count}`);
      log(`dashboard: score ${await panel.locator('#score-value').innerText()}, change ${await panel.locator('#score-change').innerText()}, ${await panel.locator('.alert').count()} alerts`);

      // A commit point opens the commit's patch beside the dashboard; then back to the dashboard alone.
      await points.nth(HISTORY.findIndex((c) => c.subject === 'Shorten the test prompt')).click({ force: true });
      const diffTab = page.locator('.tab', { hasText: '.diff' });
      await diffTab.waitFor();
      await page.locator('.editor-instance .view-lines', { hasText: 'Shorten the test prompt' }).first().waitFor();
      await page.locator('.editor-instance .view-lines', { hasText: 'write-tests.prompt.md' }).first().waitFor();
      log('a commit point opened the commit as a diff');
      await page.keyboard.press('Control+W');
      await diffTab.waitFor({ state: 'detached' });
      await panel.locator('h1').scrollIntoViewIfNeeded(); // the screenshot: alerts, headline, the score chart
      await page.mouse.move(1, 1);
    },
  },
  // The walkthrough, as a new operator takes it: each step's button clicked on the walkthrough page,
  // each step checked off by its completion event, and each step's image cropped from what it shows
  // (into media/walkthrough/ with --walkthrough-media).
  {
    name: '10-walkthrough',
    run: async (page, { workspace }) => {
      // One editor group, as a new operator has: the page is then wide enough for its buttons'
      // "toSide" (the sample opens beside it) and for its images.
      await runCommand(page, 'View: Close All Editor Groups');
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await pickQuickItem(page, WALKTHROUGH);
      const steps = page.locator('.getting-started-step');
      await steps.first().waitFor();
      if ((await steps.count()) !== WALKTHROUGH_STEPS.length) throw new Error(`expected ${WALKTHROUGH_STEPS.length} steps, found ${await steps.count()}`);
      if (fs.existsSync(path.join(repoRoot, 'media/walkthrough/open-sample.jpg'))) {
        // The first step's image loads: package.json's media paths are right.
        const image = await page.locator('.getting-started-media img').elementHandle();
        await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, image);
      }
      await clickStepButton(page, 'openSample', 'Open Sample Prompt');
      await page.locator('.tab.active', { hasText: SAMPLE }).waitFor();
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached' });
      const shipped = fs.readFileSync(path.join(repoRoot, 'media/walkthrough', SAMPLE), 'utf8');
      if (fs.readFileSync(path.join(workspace, SAMPLE_PATH), 'utf8') !== shipped) throw new Error(`${SAMPLE_PATH} is not the shipped sample`);
      await stepChecked(page, 'openSample');
    },
  },
  {
    name: '11-walkthrough-finding',
    run: async (page) => {
      const group = sampleGroup(page);
      await group.locator('.codelens-decoration', { hasText: 'tokens' }).first().waitFor();
      await group.locator('.squiggly-warning').nth(2).waitFor({ state: 'attached' });
      await page.mouse.move(1, 1);
      const editor = await boxOf(group);
      await walkthroughImage(page, 'open-sample', { ...editor, height: 330 });

      await goToLine(page, '8:22'); // in the placeholder
      await runChord(page, 'Control+K', 'Control+I'); // editor.action.showHover: the step's completion event
      const hover = page.locator('.monaco-hover', { hasText: 'Why it matters' }).first();
      await hover.waitFor();
      await page.locator('.monaco-hover', { hasText: 'Team standard DIR-6' }).first().waitFor();
      const box = await boxOf(hover);
      await walkthroughImage(page, 'finding', union(box, { x: editor.x, y: box.y - 64, width: editor.width, height: 1 }), 400);
      await stepChecked(page, 'readFinding');
    },
  },
  {
    name: '12-walkthrough-fix',
    run: async (page, { workspace }) => {
      await page.keyboard.press('Escape');
      await goToLine(page, '4:2'); // on the misspelt key
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Rename the key to 'tools'" });
      await fix.waitFor();
      const editor = await boxOf(sampleGroup(page));
      await walkthroughImage(page, 'fix', union(await boxOf(page.locator('.action-widget')), { ...editor, height: 150 }), 330);
      await fix.click();
      await sampleGroup(page).locator('.view-line', { hasText: "tools: ['search', 'edit']" }).waitFor();
      await page.keyboard.press('Control+S');
      await page.locator('.tab.active.dirty', { hasText: SAMPLE }).waitFor({ state: 'detached' });
      // The rest in the operator's words, as the step says; the file reloads from disk.
      const fixed = fs
        .readFileSync(path.join(workspace, SAMPLE_PATH), 'utf8')
        .replace('[INSERT export file]', '`exports/tickets-week-47.csv`')
        .replace('Group the tickets properly', 'Group the tickets by product area')
        .concat('\nDone when every ticket of the week is in exactly one group.\n');
      fs.writeFileSync(path.join(workspace, SAMPLE_PATH), fixed);
      await sampleGroup(page).locator('.view-line', { hasText: 'Done when every ticket' }).waitFor();
      await stepChecked(page, 'applyFix'); // onContext:promptcoach.sampleClean: no finding left
      log('the sample has no finding left: the fix step is checked');
    },
  },
  {
    name: '13-walkthrough-template',
    run: async (page) => {
      await clickStepButton(page, 'newFromTemplate', 'New Prompt from Template…');
      const picker = page.locator('.quick-input-widget');
      await picker.locator('.monaco-list-row', { hasText: 'Task prompt' }).waitFor();
      await page.mouse.move(1, 1);
      await walkthroughImage(page, 'template', await boxOf(picker), 330);
      await page.keyboard.press('Escape');
      await stepChecked(page, 'newFromTemplate');
    },
  },
  {
    name: '14-walkthrough-inspect',
    run: async (page) => {
      await clickStepButton(page, 'inspectOutput', 'Inspect Output…');
      await pickQuickItem(page, 'Changed files in the git working tree'); // the sample is new, so changed
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: SAMPLE }).waitFor();
      await page.keyboard.press('Enter'); // all changed files, as picked
      const panel = webview(page);
      await panel.locator('#checks-title ~ .summary').waitFor();
      // The image: the automatic checks and the first items with the clauses they check.
      await panel.locator('#checks-title').evaluate((e) => (e.closest('section') ?? e).scrollIntoView({ block: 'start' }));
      await page.mouse.move(1, 1);
      await walkthroughImage(page, 'inspect', await boxOf(page.locator('iframe.webview.ready')), 420, 0);
      // Every item passes, Accept: the record is written, and that checks the step.
      const items = panel.locator('fieldset.item');
      for (let i = 0; i < (await items.count()); i++) await items.nth(i).locator('label.verdict-pass').click();
      await panel.locator('#accept:not([disabled])').click();
      await page.locator('.tab', { hasText: /^Inspect / }).waitFor({ state: 'detached' });
      await stepChecked(page, 'inspectOutput'); // onContext:promptcoach.inspectionRecorded
      log('an inspection recorded from the walkthrough: its step is checked');
    },
  },
  {
    name: '15-walkthrough-dashboard',
    run: async (page) => {
      await clickStepButton(page, 'showDashboard', 'Show Quality Dashboard');
      const panel = webview(page);
      await panel.locator('#score-value').waitFor({ timeout: 60_000 });
      await panel.locator('#app:not([aria-busy])').waitFor();
      // The image: the workspace score and its chart over time.
      await panel.locator('#score-value').evaluate((e) => (e.closest('section') ?? e).scrollIntoView({ block: 'start' }));
      await page.mouse.move(1, 1);
      await walkthroughImage(page, 'dashboard', await boxOf(page.locator('iframe.webview.ready')), 420, 0);
      const tab = page.locator('.tab', { hasText: 'Prompt Quality' });
      await tab.hover();
      await tab.locator('.tab-actions .action-label').click();
      await stepChecked(page, 'showDashboard');
    },
  },
  {
    name: '16-walkthrough-coaching',
    run: async (page) => {
      await clickStepButton(page, 'coachingLevel', 'Choose Coaching Level…');
      const picker = page.locator('.quick-input-widget');
      await picker.locator('.monaco-list-row', { hasText: 'learn' }).waitFor();
      await page.mouse.move(1, 1);
      await walkthroughImage(page, 'coaching-level', await boxOf(picker), 330);
      await page.keyboard.press('Escape');
      await clickStepButton(page, 'coachingLevel', 'Open the Setting');
      await page.locator('.settings-editor .setting-item-contents', { hasText: 'Coaching Level' }).first().waitFor();
      await page.keyboard.press('Control+W'); // the settings editor, in front of the walkthrough
      await page.locator('.settings-editor').waitFor({ state: 'detached' });
      for (const { id } of WALKTHROUGH_STEPS) await stepChecked(page, id);
      log(`every walkthrough step is checked: ${WALKTHROUGH_STEPS.map((s) => s.id).join(', ')}`);
      await page.mouse.move(1, 1);
    },
  },
];

/** The commits step 09 makes, oldest first: what each changes, relative to the files as they are. */
const HISTORY: { daysAgo: number; author: string; subject: string; edit(read: (rel: string) => string): Record<string, string> }[] = [
  {
    daysAgo: 80,
    author: 'Ada Lovelace',
    subject: "Import the team's prompts and context files",
    // The test prompt as it was before someone shortened it.
    edit: () => ({
      '.github/prompts/write-tests.prompt.md':
        '---\nmode: agent\ndescription: Write unit tests for one billing module\n---\n# Objective\n\nWrite unit tests for `src/billing/invoice.ts`.\n\n## Done when\n\n- Every exported function has a test.\n- `npm test` passes.\n',
    }),
  },
  {
    daysAgo: 61,
    author: 'Grace Hopper',
    subject: 'Copilot: name money variables',
    edit: (read) => ({ '.github/copilot-instructions.md': `${read('.github/copilot-instructions.md')}- Format money only at the edges, with \`formatCents\`.\n` }),
  },
  {
    daysAgo: 38,
    author: 'Linus Torvalds',
    subject: 'Trim the review prompt',
    edit: (read) => ({ '.github/prompts/review-pr.prompt.md': read('.github/prompts/review-pr.prompt.md').replace(/## Output format[\s\S]*$/, 'Look at the various things and be nice.\n') }),
  },
  { daysAgo: 17, author: 'Ken Thompson', subject: 'Shorten the test prompt', edit: (_read) => ({ '.github/prompts/write-tests.prompt.md': ORIGINAL.get('.github/prompts/write-tests.prompt.md') ?? '' }) },
  { daysAgo: 6, author: 'Ada Lovelace', subject: 'Put the review checklist back', edit: () => ({ '.github/prompts/review-pr.prompt.md': ORIGINAL.get('.github/prompts/review-pr.prompt.md') ?? '' }) },
];
/** The files HISTORY changes, as the workspace has them before step 09. */
const ORIGINAL = new Map<string, string>();

/** Replaces the workspace's git history with HISTORY's dated commits, and leaves one edit uncommitted. */
function makeHistory(workspace: string): void {
  const read = (rel: string) => fs.readFileSync(path.join(workspace, rel), 'utf8');
  for (const rel of ['.github/prompts/write-tests.prompt.md', '.github/prompts/review-pr.prompt.md', '.github/copilot-instructions.md']) ORIGINAL.set(rel, read(rel));
  fs.rmSync(path.join(workspace, '.git'), { recursive: true, force: true });
  const git = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('git', ['-c', 'user.email=team@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, stdio: 'pipe', env: { ...process.env, ...env } });
  git(['init', '-q', '-b', 'main']);
  for (const commit of HISTORY) {
    for (const [rel, text] of Object.entries(commit.edit(read))) fs.writeFileSync(path.join(workspace, rel), text);
    const date = new Date(Date.now() - commit.daysAgo * 86_400_000).toISOString();
    git(['add', '-A']);
    git(['-c', `user.name=${commit.author}`, 'commit', '-qm', commit.subject], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  }
  fs.appendFileSync(path.join(workspace, '.github/copilot-instructions.md'), '- Handle errors properly, etc.\n');
}

// ───────────────────────── the walkthrough steps ─────────────────────────

const WALKTHROUGH = 'Get started with Prompt Coach';
/** The walkthrough's steps as package.json has them, in order. */
const WALKTHROUGH_STEPS = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { walkthroughs: { title: string; steps: { id: string; media: { altText: string } }[] }[] };
  }
).contributes.walkthroughs.find((w) => w.title === WALKTHROUGH)?.steps ?? [];
const SAMPLE = 'prompt-coach-sample.prompt.md';
const SAMPLE_PATH = `prompts/${SAMPLE}`;
/**
 * VS Code shows a walkthrough image at 1.5 image pixels per CSS pixel (`srcset="… 1.5x"`), so with
 * --walkthrough-media the whole run renders at that device scale: the UI in the images shows at its
 * real size, and sharp.
 */
const WALKTHROUGH_SCALE = 1.5;
/** JPEG quality of the images: the walkthrough's seven stay under 400 KB, text still crisp. */
const WALKTHROUGH_QUALITY = 70;

type Box = { x: number; y: number; width: number; height: number };

/** The step's entry on the walkthrough page (`data-step-id` is `publisher.name#walkthrough#step`). */
function walkthroughStep(page: Page, id: string) {
  return page.locator(`.getting-started-step[data-step-id$="#${id}"]`);
}

/** Opens the step (a click on its title) and clicks its button. */
async function clickStepButton(page: Page, id: string, label: string): Promise<void> {
  const step = walkthroughStep(page, id);
  await step.locator('.step-title').click();
  // Selecting a step focuses it on a timer (none with preferReducedMotion, see the user settings):
  // a click on the button before that timer loses the focus, and the quick pick it opens, to the step.
  await page.locator(`.getting-started-step.expanded[data-step-id$="#${id}"]`).waitFor();
  await step.locator('.button-container .monaco-button', { hasText: label }).click();
}

/** Waits until the step's check mark is on: its completion event fired. */
async function stepChecked(page: Page, id: string): Promise<void> {
  await page.locator(`[data-done-step-id$="#${id}"][aria-checked="true"]`).waitFor({ state: 'attached' });
}

/** The editor group that has the sample's tab. */
function sampleGroup(page: Page) {
  return page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: SAMPLE }) });
}

async function boxOf(locator: ReturnType<Page['locator']>): Promise<Box> {
  const box = await locator.first().boundingBox();
  if (!box) throw new Error(`no box for ${locator.toString()}: not visible`);
  return box;
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * Saves `box` (CSS pixels, at most `maxHeight` tall, with `margin` around) as the walkthrough image `name`.jpg:
 * into media/walkthrough/ with --walkthrough-media, else next to the screenshots.
 */
async function walkthroughImage(page: Page, name: string, box: Box, maxHeight = box.height, margin = 6): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const x = Math.max(0, Math.floor(box.x - margin));
  const y = Math.max(0, Math.floor(box.y - margin));
  const clip = {
    x,
    y,
    width: Math.min(viewport.width - x, Math.ceil(box.width + 2 * margin)),
    height: Math.min(viewport.height - y, Math.ceil(Math.min(box.height, maxHeight) + 2 * margin)),
  };
  const dir = opts['walkthrough-media'] ? path.join(repoRoot, 'media/walkthrough') : path.join(outDir, 'walkthrough');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.jpg`);
  await page.screenshot({ path: file, clip, type: 'jpeg', quality: WALKTHROUGH_QUALITY, animations: 'disabled' });
  log(`walkthrough image: ${path.relative(repoRoot, file)}, ${clip.width}×${clip.height} CSS px, ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
}

/** How long a step waits for an element before it fails. */
const STEP_TIMEOUT_MS = 20_000;

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(repoRoot, 'test/output/ui-smoke') },
    workspace: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    // Install this .vsix into code-server and drive the installed extension instead of the
    // development folder: proves the package installs and activates on its own.
    vsix: { type: 'string' },
    // Write the walkthrough's images into media/walkthrough/ (they ship in the .vsix); without it
    // they go to <out>/walkthrough/, so a routine run leaves the committed images alone.
    'walkthrough-media': { type: 'boolean', default: false },
  },
});

/** Merges `settings` into the user settings `writeUserSettings` wrote. */
function addUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User/settings.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), ...settings }, null, 2));
}

/** The .vsix must stay small enough to install quickly from the marketplace. */
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

const started = Date.now();
const node = ensureNode24();
const entry = ensureCodeServer(node);
if (!opts['skip-build'] && !opts.vsix) buildExtension();
const vsix = opts.vsix === undefined ? undefined : path.resolve(opts.vsix);
if (vsix) {
  const size = fs.statSync(vsix).size;
  log(`vsix ${path.relative(repoRoot, vsix)}: ${(size / 1024).toFixed(0)} KiB`);
  if (size >= MAX_VSIX_BYTES) {
    log(`FAILED: the .vsix is ${size} bytes, at or over the ${MAX_VSIX_BYTES}-byte budget`);
    process.exit(1);
  }
}
const outDir = path.resolve(opts.out);
fs.mkdirSync(outDir, { recursive: true });

const scratch = makeScratch('prompt-coach-ui');
const workspace = copyWorkspace(path.resolve(opts.workspace ?? fixtureWorkspace), scratch.dir);
writeUserSettings(path.join(scratch.dir, 'data'), { trust: true });
addUserSettings(path.join(scratch.dir, 'data'), {
  'promptcoach.inspection.reviewer': REVIEWER,
  // The walkthrough focuses a step 250 ms after it is selected unless motion is reduced; a button
  // clicked within that time loses its quick pick to the step (a person is never that quick).
  'workbench.welcomePage.preferReducedMotion': true,
});

let server: CodeServer | undefined;
let exitCode = 0;
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.once(s, () => void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}
try {
  if (vsix) {
    execFileSync(node.bin, [entry, '--extensions-dir', path.join(scratch.dir, 'extensions'), '--install-extension', vsix], {
      env: { ...process.env, ...xdgEnv(scratch.dir) },
      stdio: 'inherit',
    });
  }
  server = await startCodeServer({ node, entry, scratch: scratch.dir });
  const browser = await launchChromium(scratch.dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: opts['walkthrough-media'] ? WALKTHROUGH_SCALE : 1 });
    page.setDefaultTimeout(STEP_TIMEOUT_MS); // an element that never appears fails its step, then the run
    await page.goto(vsix ? server.url(workspace) : server.url(workspace, [['extensionDevelopmentPath', server.remoteUri(repoRoot)]]));
    await waitForWorkbench(page);
    for (const step of STEPS) {
      const file = path.join(outDir, `${step.name}.png`);
      try {
        await step.run(page, { workspace });
        log(`step ${step.name}: ok`);
      } catch (err) {
        log(`step ${step.name}: FAILED: ${(err as Error).message}`);
        exitCode = 1;
      }
      await page.screenshot({ path: file, animations: 'disabled' }); // no half-faded hovers
      log(`screenshot: ${path.relative(repoRoot, file)}`);
      if (exitCode) break;
    }
  } finally {
    await browser.close();
  }
} catch (err) {
  log(`runner error: ${(err as Error).stack ?? String(err)}`);
  exitCode = 1;
} finally {
  await server?.stop();
}
if (exitCode) console.log(`[ui-smoke] last lines of code-server's log:\n${tail(path.join(scratch.dir, 'code-server.log'), 30)}`);
if (exitCode || opts.keep) log(`scratch folder kept: ${scratch.dir}`);
else scratch.remove();
log(`total ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${exitCode}`);
process.exit(exitCode);
