// Runs the integration suite inside a real VS Code, offline: code-server + headless Debian Chromium.
// This is the runner CI uses. `npm run test:integration -- --help` for the options.
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
} from './common';
import { ensureCodeServer, ensureNode24, launchChromium, startCodeServer, tail, type CodeServer } from './code-server';

const HELP = `Usage: tsx test/integration/run-code-server.ts [options]
  --extension DIR    extension under development (default: the repo root)
  --suite FILE       compiled suite index (default: build test/integration/suite to out/integration/suite/index.cjs)
  --workspace DIR    folder to open; a scratch copy is used (default: test/workspace)
  --untrusted        open the workspace in restricted mode (workspace trust on, not granted)
  --grep TEXT        run only tests whose full title contains TEXT
  --screenshot DIR   save a full-page screenshot at the end (env PROMPT_COACH_SCREENSHOT_DIR)
  --timeout SECONDS  overall limit for the suite (default 300)
  --skip-build       do not run \`node esbuild.config.mjs\` first
  --keep             keep the scratch folder (always kept when the run fails)
  --verbose          also print the browser console and code-server's log`;

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    suite: { type: 'string' },
    workspace: { type: 'string' },
    untrusted: { type: 'boolean', default: false },
    grep: { type: 'string' },
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

const started = Date.now();
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const node = ensureNode24();
const entry = ensureCodeServer(node);
if (!opts['skip-build']) buildExtension();
const suiteIndex = path.resolve(opts.suite ?? (await buildSuite()));
const extensionDir = path.resolve(opts.extension ?? repoRoot);
log(`setup and build: ${seconds(started)}`);

const scratch = makeScratch('prompt-coach-it');
const workspace = copyWorkspace(path.resolve(opts.workspace ?? fixtureWorkspace), scratch.dir);
const resultsFile = path.join(scratch.dir, 'results.json');
writeUserSettings(path.join(scratch.dir, 'data'), { trust: !opts.untrusted });

/** Harmless on a machine without internet: the extension gallery (open-vsx.org) is unreachable. */
const OFFLINE_NOISE = /getaddrinfo ENOTFOUND|ENOTFOUND open-vsx\.org/;
let hiddenNoise = 0;
let server: CodeServer | undefined;
let hostExitCode: number | undefined;
let exitCode = 1;
// Ctrl+C or a CI kill must not leave code-server and its extension hosts behind.
for (const s of ['SIGINT', 'SIGTERM'] as const) {
  process.once(s, () => void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}

try {
  const t = Date.now();
  server = await startCodeServer({ node, entry, scratch: scratch.dir, untrusted: opts.untrusted });
  log(`code-server ${server.port} healthy in ${seconds(t)}; log: ${server.logFile}`);
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
          PROMPT_COACH_WORKSPACE_TRUST: opts.untrusted ? 'untrusted' : 'trusted',
          ...(opts.grep ? { PROMPT_COACH_GREP: opts.grep } : {}),
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
    if (hiddenNoise) log(`${hiddenNoise} offline-noise log entries hidden (--verbose shows them)`);
    if (hostExitCode === undefined) log(`timed out after ${opts.timeout} s waiting for the extension host to exit`);
    else log(`extension host exited with ${hostExitCode} after ${seconds(t2)}`);

    const shotDir = opts.screenshot ?? process.env.PROMPT_COACH_SCREENSHOT_DIR;
    if (shotDir || hostExitCode === undefined) {
      const file = path.resolve(shotDir ?? scratch.dir, 'integration-end.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      log(`screenshot: ${file}`);
    }
  } finally {
    await browser.close();
  }
  exitCode = summarize(readResults(resultsFile), hostExitCode);
} catch (err) {
  log(`runner error: ${(err as Error).stack ?? String(err)}`);
  exitCode = 1;
} finally {
  await server?.stop();
}

if (exitCode !== 0 || opts.verbose) {
  console.log(`[integration] last lines of code-server's log:\n${tail(path.join(scratch.dir, 'code-server.log'), 40)}`);
}
if (exitCode !== 0 || opts.keep) log(`scratch folder kept: ${scratch.dir}`);
else scratch.remove();
log(`total ${seconds(started)}, exit ${exitCode}`);
process.exit(exitCode);
