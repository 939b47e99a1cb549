// Runs the integration suite inside a real VS Code, offline: code-server + headless Debian Chromium.
// This is the runner CI uses. `npm run test:integration -- --help` for the options.
//
// By default it makes two passes, each with its own code-server, scratch folder and copy of the
// workspace: the whole suite in a trusted workspace, then the workspace-trust tests again in
// restricted mode (`--untrusted`). The verdict and the last line (`N passed, N failed`) cover both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  RESULTS_ENV,
  buildExtension,
  buildSuite,
  copyWorkspace,
  fixtureWorkspace,
  log,
  makeScratch,
  readResults,
  repoRoot,
  summarize,
  writeUserSettings,
  type SuiteResults,
} from './common';
import { ensureCodeServer, ensureNode24, launchChromium, startCodeServer, tail, type CodeServer, type Node24 } from './code-server';

/** Tests the untrusted pass runs by default: the suite's `describe` titles that are about trust. */
const UNTRUSTED_GREP = 'workspace trust';

const HELP = `Usage: tsx test/integration/run-code-server.ts [options]
  --extension DIR    extension under development (default: the repo root)
  --suite FILE       compiled suite index (default: build test/integration/suite to out/integration/suite/index.cjs)
  --workspace DIR    folder to open; a scratch copy is used (default: test/workspace)
  --pass WHICH       both (default): the suite trusted, then --untrusted-grep's tests untrusted;
                     trusted or untrusted: that pass only
  --untrusted        the untrusted pass only (same as --pass untrusted)
  --grep TEXT        the trusted pass (or the only pass) runs only tests whose full title contains TEXT
  --untrusted-grep TEXT
                     with --pass both, the untrusted pass runs only tests whose full title contains
                     TEXT (default "${UNTRUSTED_GREP}")
  --screenshot DIR   save a full-page screenshot at the end of each pass (env PROMPT_COACH_SCREENSHOT_DIR)
  --timeout SECONDS  limit per pass (default 300)
  --skip-build       do not run \`node esbuild.config.mjs\` first
  --keep             keep the scratch folders (always kept when a pass fails)
  --verbose          also print the browser console and code-server's log`;

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    suite: { type: 'string' },
    workspace: { type: 'string' },
    pass: { type: 'string', default: 'both' },
    untrusted: { type: 'boolean', default: false },
    grep: { type: 'string' },
    'untrusted-grep': { type: 'string', default: UNTRUSTED_GREP },
    screenshot: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    'skip-build': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
const which = opts.untrusted ? 'untrusted' : opts.pass;
if (which !== 'both' && which !== 'trusted' && which !== 'untrusted') {
  console.error(`--pass must be both, trusted or untrusted, not ${JSON.stringify(which)}\n\n${HELP}`);
  process.exit(2);
}

interface Pass {
  name: 'trusted' | 'untrusted';
  untrusted: boolean;
  grep: string | undefined;
}

interface PassOutcome {
  pass: Pass;
  results: SuiteResults | undefined;
  exitCode: number;
  seconds: number;
}

const passes: Pass[] = [];
if (which !== 'untrusted') passes.push({ name: 'trusted', untrusted: false, grep: opts.grep });
if (which !== 'trusted') passes.push({ name: 'untrusted', untrusted: true, grep: which === 'both' ? opts['untrusted-grep'] : opts.grep });

const started = Date.now();
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const node = ensureNode24();
const entry = ensureCodeServer(node);
if (!opts['skip-build']) buildExtension();
const suiteIndex = path.resolve(opts.suite ?? (await buildSuite()));
const extensionDir = path.resolve(opts.extension ?? repoRoot);
log(`setup and build: ${seconds(started)}`);

/** Harmless on a machine without internet: the extension gallery (open-vsx.org) is unreachable. */
const OFFLINE_NOISE = /getaddrinfo ENOTFOUND|ENOTFOUND open-vsx\.org/;
let server: CodeServer | undefined;
// Ctrl+C or a CI kill must not leave code-server and its extension hosts behind.
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.once(s, () => void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}

/** One run of the suite in a fresh code-server, browser and workspace copy. */
async function runPass(pass: Pass, node24: Node24): Promise<PassOutcome> {
  const passStarted = Date.now();
  const say = (message: string): void => log(`[${pass.name}] ${message}`);
  say(`starting${pass.grep ? ` (grep ${JSON.stringify(pass.grep)})` : ''}`);
  const scratch = makeScratch(`prompt-coach-it-${pass.name}`);
  const workspace = copyWorkspace(path.resolve(opts.workspace ?? fixtureWorkspace), scratch.dir);
  const resultsFile = path.join(scratch.dir, 'results.json');
  writeUserSettings(path.join(scratch.dir, 'data'), { trust: !pass.untrusted });

  let hiddenNoise = 0;
  let hostExitCode: number | undefined;
  let exitCode = 1;
  let results: SuiteResults | undefined;
  try {
    const t = Date.now();
    server = await startCodeServer({ node: node24, entry, scratch: scratch.dir, untrusted: pass.untrusted });
    say(`code-server ${server.port} healthy in ${seconds(t)}; log: ${server.logFile}`);
    const browser = await launchChromium(scratch.dir);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      let resolveExit!: (code: number) => void;
      const hostExit = new Promise<number>((resolve) => (resolveExit = resolve));
      // Exposed before goto: the workbench looks for these when the smoke-test driver is on.
      await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown) => {
        // The workbench's log, extension host output included, as console.log-style arguments.
        const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
        if (!opts.verbose && OFFLINE_NOISE.test(text)) {
          hiddenNoise++;
          return;
        }
        for (const line of text.split('\n')) console.log(`[vscode] ${line}`);
      });
      await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
        for (const l of logs ?? []) {
          const file = path.join(scratch.dir, 'logs', l.relativePath);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, l.contents);
        }
        resolveExit(code);
      });
      if (opts.verbose) page.on('console', (m) => console.log(`[browser:${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => console.log(`[browser:pageerror] ${e.message}`));

      const payload: [string, string][] = [
        ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
        ['extensionTestsPath', server.remoteUri(suiteIndex)],
        [
          'extensionEnvironment',
          JSON.stringify({
            [RESULTS_ENV]: resultsFile,
            PROMPT_COACH_WORKSPACE_TRUST: pass.untrusted ? 'untrusted' : 'trusted',
            ...(pass.grep ? { PROMPT_COACH_GREP: pass.grep } : {}),
          }),
        ],
      ];
      const t2 = Date.now();
      await page.goto(server.url(workspace, payload));
      const timeoutMs = Number(opts.timeout) * 1000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      hostExitCode = await Promise.race([
        hostExit,
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (hiddenNoise) say(`${hiddenNoise} offline-noise log entries hidden (--verbose shows them)`);
      if (hostExitCode === undefined) say(`timed out after ${opts.timeout} s waiting for the extension host to exit`);
      else say(`extension host exited with ${hostExitCode} after ${seconds(t2)}`);

      const shotDir = opts.screenshot ?? process.env.PROMPT_COACH_SCREENSHOT_DIR;
      if (shotDir || hostExitCode === undefined) {
        const file = path.resolve(shotDir ?? scratch.dir, `integration-end-${pass.name}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        await page.screenshot({ path: file, fullPage: true });
        say(`screenshot: ${file}`);
      }
    } finally {
      await browser.close();
    }
    results = readResults(resultsFile);
    exitCode = summarize(results, hostExitCode, `${pass.name} pass`);
  } catch (err) {
    say(`runner error: ${(err as Error).stack ?? String(err)}`);
    exitCode = 1;
  } finally {
    await server?.stop();
    server = undefined;
  }

  if (exitCode !== 0 || opts.verbose) {
    console.log(`[integration] [${pass.name}] last lines of code-server's log:\n${tail(path.join(scratch.dir, 'code-server.log'), 40)}`);
  }
  if (exitCode !== 0 || opts.keep) say(`scratch folder kept: ${scratch.dir}`);
  else scratch.remove();
  return { pass, results, exitCode, seconds: (Date.now() - passStarted) / 1000 };
}

const outcomes: PassOutcome[] = [];
for (const pass of passes) outcomes.push(await runPass(pass, node));

// One verdict over every pass. A pass that failed without a failing test (no results, no tests,
// a crashed extension host, a runner error) counts as one failure, so the total never reads clean.
let passed = 0;
let failed = 0;
let pending = 0;
for (const o of outcomes) {
  passed += o.results?.passes ?? 0;
  pending += o.results?.pending ?? 0;
  const failures = o.results?.failures ?? 0;
  failed += failures > 0 ? failures : o.exitCode !== 0 ? 1 : 0;
}
const exitCode = outcomes.some((o) => o.exitCode !== 0) ? 1 : 0;
log(`passes: ${outcomes.map((o) => `${o.pass.name} ${o.seconds.toFixed(1)} s${o.exitCode ? ' (FAILED)' : ''}`).join(', ')}; total ${seconds(started)}, exit ${exitCode}`);
if (pending) log(`${pending} pending: tests for the other trust level skip themselves in each pass`);
log(`${passed} passed, ${failed} failed`);
process.exit(exitCode);
