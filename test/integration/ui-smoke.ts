// UI smoke run: drives the VS Code workbench (code-server + headless Chromium) like a person and
// saves a screenshot after each step into test/output/ui-smoke/. No test payload: the extension
// under development is loaded (extensionDevelopmentPath) so its squiggles, hovers and quick fixes
// show. To add a step, append to STEPS below; a step throws to fail the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildExtension, copyWorkspace, fixtureWorkspace, log, makeScratch, repoRoot, writeUserSettings } from './common';
import { ensureCodeServer, ensureNode24, launchChromium, startCodeServer, tail, type CodeServer } from './code-server';
import { quickOpen, waitForEditor, waitForWorkbench } from './ui';

interface Step {
  /** Also the screenshot's file name. */
  name: string;
  run(page: Page): Promise<void>;
}

const STEPS: Step[] = [
  {
    name: '01-file-open',
    run: async (page) => {
      await quickOpen(page, 'AGENTS.md');
      await waitForEditor(page, 'AGENTS.md');
    },
  },
  // Next steps, once the extension reports diagnostics:
  //   hover a squiggle:  page.locator('.monaco-editor .squiggly-warning').first().hover(), then wait
  //                      for '.monaco-hover' to be visible.
  //   quick fix menu:    click into the editor on the squiggle, press 'Control+.', wait for
  //                      '.action-widget' to be visible.
  //   Problems panel:    press 'Control+Shift+M', wait for '.markers-panel'.
];

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: path.join(repoRoot, 'test/output/ui-smoke') },
    workspace: { type: 'string' },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const node = ensureNode24();
const entry = ensureCodeServer(node);
if (!opts['skip-build']) buildExtension();
const outDir = path.resolve(opts.out);
fs.mkdirSync(outDir, { recursive: true });

const scratch = makeScratch('prompt-coach-ui');
const workspace = copyWorkspace(path.resolve(opts.workspace ?? fixtureWorkspace), scratch.dir);
writeUserSettings(path.join(scratch.dir, 'data'), { trust: true });

let server: CodeServer | undefined;
let exitCode = 0;
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.once(s, () => void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}
try {
  server = await startCodeServer({ node, entry, scratch: scratch.dir });
  const browser = await launchChromium(scratch.dir);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url(workspace, [['extensionDevelopmentPath', server.remoteUri(repoRoot)]]));
    await waitForWorkbench(page);
    for (const step of STEPS) {
      const file = path.join(outDir, `${step.name}.png`);
      try {
        await step.run(page);
        log(`step ${step.name}: ok`);
      } catch (err) {
        log(`step ${step.name}: FAILED: ${(err as Error).message}`);
        exitCode = 1;
      }
      await page.screenshot({ path: file });
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
