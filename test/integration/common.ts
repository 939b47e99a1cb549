// Shared by both integration runners (code-server and @vscode/test-electron) and the UI smoke run:
// building the extension and the suite, the scratch folders, the user settings, the results summary.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** Git-ignored cache for the Node 24 and code-server installs. */
export const cacheDir = path.join(repoRoot, '.cache');
export const fixtureWorkspace = path.join(repoRoot, 'test/workspace');
const suiteSrc = path.join(repoRoot, 'test/integration/suite');
const suiteOut = path.join(repoRoot, 'out/integration/suite');

/** The env var through which the suite's `run()` learns where to write its results JSON. */
export const RESULTS_ENV = 'PROMPT_COACH_RESULTS';

/** Written by `suite/index.ts`, read by the runners. */
export interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export function log(message: string): void {
  console.log(`[integration] ${message}`);
}

/** Builds the extension with the project's own build (`node esbuild.config.mjs`). */
export function buildExtension(): void {
  const result = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`extension build failed (exit ${result.status})`);
}

/**
 * Bundles the suite: `suite/index.ts` and every `*.test.ts` under `suite/` into
 * `out/integration/suite/*.cjs` (CommonJS, because the extension host `require`s the suite and the
 * repo's package.json says "type": "module"). `vscode` is provided by the extension host and
 * `mocha` is loaded from node_modules, so both stay external. Returns the index's path.
 */
export async function buildSuite(): Promise<string> {
  fs.rmSync(suiteOut, { recursive: true, force: true });
  const tests = fs
    .readdirSync(suiteSrc, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(suiteSrc, f));
  await esbuild.build({
    entryPoints: [path.join(suiteSrc, 'index.ts'), ...tests],
    outdir: suiteOut,
    outbase: suiteSrc,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    mainFields: ['module', 'main'],
  });
  return path.join(suiteOut, 'index.cjs');
}

/** A fresh temp folder; `remove()` deletes it. */
export function makeScratch(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Tests edit files, so they run on a copy of the fixture workspace. */
export function copyWorkspace(source: string, scratchDir: string): string {
  const target = path.join(scratchDir, path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/** Writes `<userDataDir>/User/settings.json` for a quiet, deterministic VS Code. */
export function writeUserSettings(userDataDir: string, opts: { trust: boolean }): void {
  const settings = {
    'files.autoSave': 'off', // web builds autosave by default
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden', // the empty chat side bar
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    // VS Code 1.125+ takes "on" or "off" and rewrites an older `false` into settings.json as it starts:
    // a write that races the first tests (a dirty settings.json that closeAllEditors cannot show).
    'extensions.autoUpdate': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': !opts.trust,
    // In an untrusted run, open in restricted mode without the modal trust prompt.
    'security.workspace.trust.startupPrompt': 'never',
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
}

export function readResults(file: string): SuiteResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
  } catch {
    return undefined;
  }
}

/**
 * Prints the failures and the summary line, and returns the process exit code. The results file
 * is the source of truth: a run with no results, no tests, or any failure exits 1 whatever exit
 * code the extension host reported.
 */
export function summarize(results: SuiteResults | undefined, hostExitCode: number | undefined, label?: string): number {
  const prefix = label ? `${label}: ` : '';
  if (!results) {
    log(`${prefix}no results written by the suite (extension host exit code: ${hostExitCode ?? 'none'})`);
    return 1;
  }
  for (const t of results.tests.filter((t) => t.state === 'failed')) {
    log(`${prefix}FAILED: ${t.title}\n${t.error ?? ''}`);
  }
  log(`${prefix}${results.passes} passed, ${results.failures} failed${results.pending ? `, ${results.pending} pending` : ''}`);
  if (results.passes + results.failures === 0) {
    log(`${prefix}no tests ran`);
    return 1;
  }
  if (hostExitCode !== undefined && hostExitCode !== 0 && results.failures === 0) {
    log(`${prefix}extension host exited with ${hostExitCode} although no test failed`);
    return 1;
  }
  return results.failures > 0 ? 1 : 0;
}
