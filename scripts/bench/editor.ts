/**
 * Suite `editor`: the extension as people install it, measured where it runs.
 *
 * - The .vsix: the bench builds it itself, `npm run package` in a temporary copy of the package
 *   (the production build of the current src/, then vsce), so dist/ is left alone; its size.
 * - Activation: that .vsix installed in code-server (VS Code for the browser, the harness of
 *   test/integration/code-server.ts) and a copy of test/workspace opened in headless Chromium; its
 *   AGENTS.md activates the extension as VS Code starts (`workspaceContains`). Each run is a fresh
 *   code-server and window. The figures are the extension's own (src/extension/activationTimes.ts),
 *   read from the "Activated in …" line of its log: the bundle's first statement to the end of
 *   `activate`, split into module evaluation and `activate`. Target: at most 100 ms.
 * - Server memory: the .vsix's dist/server.cjs started as the extension starts it (the Node options
 *   of src/extension/serverProcess.ts), over stdio JSON-RPC, with the corpus as its one workspace
 *   folder. Once the workspace scan is over (its progress ends), the peak (VmHWM) and current
 *   (VmRSS) resident size from /proc. Target: peak at most 300 MB. A last run without the Node
 *   options shows what they save.
 *
 * Options: --corpus DIR; --editor activation or --editor memory measures that part only (and the .vsix).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { SERVER_EXEC_ARGV } from '../../src/extension/serverProcess';
import { CODE_SERVER_VERSION, ensureCodeServer, ensureNode24, launchChromium, startCodeServer, xdgEnv, type Node24 } from '../../test/integration/code-server';
import { copyWorkspace, fixtureWorkspace, writeUserSettings } from '../../test/integration/common';
import { ROOT } from '../root';
import { CpuWatch, optionValue, type Check, type Measurement, type Suite, type SuiteContext, type SuiteResult } from './harness';

const ACTIVATION_TARGET_MS = 100;
const RSS_TARGET_MB = 300;
/** The budget `npm run test:vsix` holds the package to (test/integration/ui-smoke.ts). */
const VSIX_BUDGET_KB = 2048;
/** A window that has not activated the extension by then is broken, not slow. */
const ACTIVATION_WAIT_MS = 60_000;
const SCAN_WAIT_MS = 10 * 60_000;
/** The extension's log line (src/extension/extension.ts). */
const ACTIVATED = /Activated in ([\d.]+) ms \(modules ([\d.]+) ms, activate ([\d.]+) ms\)/;

interface Package {
  /** The temporary copy: its dist/ holds the production bundles. */
  dir: string;
  vsix: string;
  bytes: number;
  entries: { name: string; bytes: number }[];
  buildMs: number;
}

/** `npm run package` in a temporary copy of what the package is made of; dist/ of the repository is not touched. */
function buildPackage(tmp: string, context: SuiteContext): Package {
  const dir = path.join(tmp, 'package');
  fs.mkdirSync(dir, { recursive: true });
  // Sources and the build script are read where they are; what vsce packs is copied, since it may not follow links.
  for (const name of ['src', 'esbuild.config.mjs']) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  for (const name of ['package.json', 'README.md', 'CHANGELOG.md', '.vscodeignore', 'media', 'syntaxes']) {
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  context.log('building the .vsix (npm run package in a temporary copy)');
  const started = performance.now();
  const build = spawnSync('npm', ['run', '-s', 'package'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  const buildMs = performance.now() - started;
  const vsix = path.join(dir, 'dist', 'prompt-coach.vsix');
  if (build.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`Unexpected exit ${build.status} from npm run package, expected a .vsix: ${(build.stderr || build.stdout).trim()}`);
  }
  return { dir, vsix, bytes: fs.statSync(vsix).size, entries: vsixEntries(vsix), buildMs };
}

/** The files in a .vsix (a zip) and their uncompressed sizes, from its central directory. */
function vsixEntries(file: string): { name: string; bytes: number }[] {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`Unexpected ${file} without a zip directory, expected a .vsix`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; bytes: number }[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), bytes });
    at += 46 + skip;
  }
  return entries;
}

// ───────────────────────── activation ─────────────────────────

interface Activation {
  totalMs: number;
  moduleMs: number;
  activateMs: number;
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f));
}

/** The extension's "Activated in" line from the logs under `logs`, once one is written. */
async function activationFromLogs(logs: string, deadline: number): Promise<Activation> {
  for (;;) {
    for (const file of filesUnder(logs)) {
      if (!file.endsWith('.log') || !fs.statSync(file).isFile()) continue;
      const m = ACTIVATED.exec(fs.readFileSync(file, 'utf8'));
      if (m) return { totalMs: Number(m[1]), moduleMs: Number(m[2]), activateMs: Number(m[3]) };
    }
    if (Date.now() > deadline) throw new Error(`Unexpected window without "Activated in" in its logs after ${ACTIVATION_WAIT_MS / 1000} s, expected the extension to activate (logs: ${logs})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Installs the .vsix into an extensions folder of its own, which each run copies. */
function installVsix(node: Node24, entry: string, vsix: string, tmp: string): string {
  const scratch = path.join(tmp, 'install');
  const extensions = path.join(scratch, 'extensions');
  execFileSync(node.bin, [entry, '--extensions-dir', extensions, '--install-extension', vsix], { env: { ...process.env, ...xdgEnv(scratch) }, stdio: 'ignore' });
  return extensions;
}

/**
 * What the activation figure leaves out: compiling the bundle before its first statement runs, as
 * Node's `require` does (module wrapper, no code cache), in a fresh Node process.
 */
function compileMs(node: Node24, bundle: string): number {
  const script = `const vm = require('node:vm'), fs = require('node:fs'), { wrap } = require('node:module');
const source = wrap(fs.readFileSync(process.argv[1], 'utf8'));
const started = performance.now();
new vm.Script(source, { filename: process.argv[1] });
process.stdout.write(String(performance.now() - started));`;
  const run = spawnSync(node.bin, ['-e', script, bundle], { encoding: 'utf8' });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`Unexpected exit ${run.status} compiling ${bundle}, expected a time: ${run.stderr.trim()}`);
  return ms;
}

/** One fresh code-server and window on a copy of test/workspace; the activation it logged. */
async function activationRun(node: Node24, entry: string, extensions: string, tmp: string, run: number): Promise<Activation> {
  const scratch = path.join(tmp, `code-server-${run}`);
  fs.mkdirSync(scratch, { recursive: true });
  fs.cpSync(extensions, path.join(scratch, 'extensions'), { recursive: true });
  const workspace = copyWorkspace(fixtureWorkspace, scratch);
  writeUserSettings(path.join(scratch, 'data'), { trust: true });
  const server = await startCodeServer({ node, entry, scratch });
  try {
    const browser = await launchChromium(scratch);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(server.url(workspace));
      return await activationFromLogs(path.join(scratch, 'data', 'logs'), Date.now() + ACTIVATION_WAIT_MS);
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}

// ───────────────────────── server memory ─────────────────────────

interface ServerRun {
  /** VmHWM, MB. */
  peakMb: number;
  /** VmRSS once the scan is over, MB. */
  afterMb: number;
  scanMs: number;
  /** Files the server published diagnostics for. */
  files: number;
}

/** Resident sizes of a process in MB, from /proc/PID/status. */
function residentMb(pid: number): { hwm: number; rss: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
}

/** The server over stdio with `corpus` as its workspace folder, until its first workspace scan ends. */
async function serverRun(server: string, execArgv: readonly string[], corpus: string): Promise<ServerRun> {
  const child = spawn(process.execPath, [...execArgv, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Set<string>();
  let scanned!: () => void;
  const scanEnd = new Promise<void>((resolve) => (scanned = resolve));
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => void published.add(p.uri));
  connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
    if (p.value?.kind === 'end') scanned();
  });
  connection.onNotification(() => undefined); // status, logs
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest(() => null);
  connection.listen();
  try {
    const started = performance.now();
    const folder = URI.file(corpus).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: path.basename(corpus) }],
      capabilities: { window: { workDoneProgress: true }, workspace: { workspaceFolders: true, configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      scanEnd,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`Unexpected scan over ${SCAN_WAIT_MS / 60_000} min, expected its progress to end: ${stderr}`)), SCAN_WAIT_MS))),
    ]);
    clearTimeout(timer);
    const scanMs = performance.now() - started;
    const { hwm, rss } = residentMb(child.pid as number);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return { peakMb: hwm, afterMb: rss, scanMs, files: published.size };
  } finally {
    connection.dispose();
    child.kill();
  }
}

// ───────────────────────── the suite ─────────────────────────

/** One part of the suite: its rows, facts and checks. */
interface Part {
  facts: [string, string][];
  measurements: Measurement[];
  checks: Check[];
}

async function activationPart(pkg: Package, tmp: string, context: SuiteContext): Promise<Part> {
  const node = ensureNode24();
  const entry = ensureCodeServer(node);
  const extensions = installVsix(node, entry, pkg.vsix, tmp);
  const runs: Activation[] = [];
  const compile: number[] = [];
  for (let run = 1; run <= context.runs; run++) {
    context.log(`activation run ${run}/${context.runs}: code-server ${CODE_SERVER_VERSION}, the .vsix installed, test/workspace opened`);
    runs.push(await activationRun(node, entry, extensions, tmp, run));
    compile.push(compileMs(node, path.join(pkg.dir, 'dist', 'extension.cjs')));
  }
  const total = 'activation: bundle start to end of activate';
  return {
    facts: [
      [
        'activation',
        `code-server ${CODE_SERVER_VERSION} (extension host on node ${node.version}), the .vsix installed, a copy of test/workspace opened in headless Chromium; ` +
          "a fresh code-server and window a run; the extension's own figures from its log, which leave out VS Code reading and compiling the bundle before its first statement runs",
      ],
    ],
    measurements: [
      { name: total, role: 'product', samples: runs.map((a) => a.totalMs) },
      { name: 'activation: module evaluation', role: 'detail', samples: runs.map((a) => a.moduleMs) },
      { name: 'activation: activate()', role: 'detail', samples: runs.map((a) => a.activateMs) },
      { name: 'not in it: compiling the bundle (node, outside VS Code)', role: 'detail', samples: compile },
    ],
    checks: [{ name: `activation at most ${ACTIVATION_TARGET_MS} ms (issue #8)`, measurement: total, limit: ACTIVATION_TARGET_MS }],
  };
}

async function memoryPart(pkg: Package, corpus: string, context: SuiteContext): Promise<Part> {
  const server = path.join(pkg.dir, 'dist', 'server.cjs');
  const runs: ServerRun[] = [];
  const bare: ServerRun[] = [];
  for (let run = 1; run <= context.runs; run++) {
    context.log(`server run ${run}/${context.runs}: ${corpus} as the workspace, with node ${SERVER_EXEC_ARGV.join(' ')} and without`);
    runs.push(await serverRun(server, SERVER_EXEC_ARGV, corpus));
    bare.push(await serverRun(server, [], corpus));
  }
  const peak = 'server peak RSS (VmHWM), corpus scanned';
  const barePeak = 'server peak RSS without its Node options';
  const bareScan = 'server workspace scan without its Node options';
  return {
    facts: [
      [
        'server',
        `dist/server.cjs of the .vsix on node ${process.version} ${SERVER_EXEC_ARGV.join(' ')}, over stdio, workspace ${corpus}; ` +
          `${[...new Set([...runs, ...bare].map((r) => r.files))].join(' / ')} prompt files checked in the scan; each run also without the Node options, side by side`,
      ],
    ],
    measurements: [
      { name: barePeak, role: 'anchor', unit: 'MB', samples: bare.map((r) => r.peakMb) },
      { name: peak, role: 'product', unit: 'MB', samples: runs.map((r) => r.peakMb), ratioTo: barePeak },
      { name: 'server RSS after the scan (VmRSS)', role: 'detail', unit: 'MB', samples: runs.map((r) => r.afterMb), ratioTo: barePeak },
      { name: bareScan, role: 'anchor', samples: bare.map((r) => r.scanMs) },
      { name: 'server workspace scan', role: 'detail', samples: runs.map((r) => r.scanMs), ratioTo: bareScan },
    ],
    checks: [{ name: `server peak RSS at most ${RSS_TARGET_MB} MB on the corpus (issue #8)`, measurement: peak, limit: RSS_TARGET_MB }],
  };
}

export const editorSuite: Suite = {
  name: 'editor',
  summary: 'extension activation in code-server, .vsix size, language server memory with the corpus as its workspace',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const watch = new CpuWatch();
    const option = (flag: string) => optionValue(context.args, flag);
    const only = option('--editor');
    if (only !== undefined && only !== 'activation' && only !== 'memory') {
      throw new Error(`Unexpected --editor '${only}', expected activation or memory`);
    }
    const corpus = path.resolve(option('--corpus') ?? path.join(ROOT, '..', 'shared', 'corpus'));
    if (only !== 'activation' && !fs.existsSync(corpus)) throw new Error(`Unexpected missing corpus ${corpus}, expected the shared corpus (or --corpus DIR)`);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-bench-editor-'));
    try {
      const pkg = buildPackage(tmp, context);
      const kb = (bytes: number) => Math.round(bytes / 1024);
      const entryKb = (name: string) => kb(pkg.entries.find((e) => e.name === `extension/${name}`)?.bytes ?? Number.NaN);
      const vsix: Part = {
        facts: [
          ['.vsix', `built by the bench: npm run package in a temporary copy of the package (production build of the current src/; dist/ untouched), ${(pkg.buildMs / 1000).toFixed(1)} s`],
          ['.vsix contents', `${pkg.entries.length} files, ${kb(pkg.entries.reduce((n, e) => n + e.bytes, 0))} KB unpacked; dist/extension.cjs ${entryKb('dist/extension.cjs')} KB, dist/server.cjs ${entryKb('dist/server.cjs')} KB`],
        ],
        measurements: [{ name: '.vsix size', role: 'product', unit: 'KB', samples: [kb(pkg.bytes)] }],
        checks: [{ name: `.vsix under ${VSIX_BUDGET_KB / 1024} MB (the test:vsix budget)`, measurement: '.vsix size', limit: VSIX_BUDGET_KB }],
      };
      const parts = [vsix];
      if (only !== 'memory') parts.push(await activationPart(pkg, tmp, context));
      if (only !== 'activation') parts.push(await memoryPart(pkg, corpus, context));
      return {
        suite: 'editor',
        facts: parts.flatMap((p) => p.facts),
        measurements: parts.flatMap((p) => p.measurements),
        checks: parts.flatMap((p) => p.checks),
        notes: [`Machine: ${watch.describe()}.`],
      };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};
