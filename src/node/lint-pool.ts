/**
 * `lint` on every core: worker processes (pool.ts, `WORKER_FLAGS`) each resolve configs as the caller does and lint
 * the files they are sent, by path, in batches (`batchesOf`: the largest files first, then the
 * rest in order), so the workers finish together. Results come back as findings, in the caller's
 * order, so the report is the same bytes as from one thread.
 *
 * On the project's 2-core machines two workers lint the corpus (24.5 MB) 1.38× faster than one
 * thread, for 5 % more CPU (with V8's pretenuring off: heap.ts). Starting them costs 200–250 ms
 * (each loads the bundle, warms its compiler and resolves the configs): on single folders of the
 * corpus, best of three, the pool lost 0.25 s on 0.8 and 1.3 MB, 0.2 s on 1.8 MB and broke even on
 * 2.7 MB. So fewer bytes than `MIN_POOL_BYTES` (or fewer files than `MIN_POOL_FILES`) are linted
 * in the caller's thread.
 */
import * as fs from 'node:fs';
import { ConfigResolver } from '../core/config/load';
import { createNodeHost } from './host';
import { lintFile, type FileLintOptions, type FileOutcome } from './lint-file';
import { poolWorkerKind, runPool, servePool } from './pool';

export { defaultWorkers, workerScript } from './pool';

/** The pool worker kind the CLI's entry point dispatches on. */
export const LINT_WORKER = 'lint';

/** Below these, one thread is faster than starting workers (see above). */
export const MIN_POOL_FILES = 16;
export const MIN_POOL_BYTES = 3 * 1024 * 1024;
/** A batch closes at this many bytes or files: messages stay few, and the last batches are small enough to balance. */
const BATCH_BYTES = 64 * 1024;
const BATCH_FILES = 32;
/** A file this large is a batch of its own, handed out before the rest. */
const BIG_FILE_BYTES = 256 * 1024;
/**
 * The workers are processes with V8 options of their own (a thread cannot have them).
 *
 * - A young generation of three 64 MB semi-spaces: a parse makes many short-lived objects. Two
 *   workers linting the corpus took 31.0 s of CPU with a 48 MB young generation, 29.7 s with
 *   96 MB, 27.8 s with 192 MB and 27.9 s with 384 MB (2 cores); it costs about 150 MB more memory
 *   a worker than V8's default.
 * - Garbage collected in the worker's own thread: with every core busy linting, the collector's
 *   helper threads only take turns with the workers. The corpus lint took 13.7–14.3 s against
 *   14.3–15.1 s with threads, run by run (5 % faster).
 * - No pretenuring (heap.ts; the CLI's entry point turns it off in the workers too).
 */
const WORKER_FLAGS = ['--max-semi-space-size=64', '--single-threaded-gc', '--no-allocation-site-pretenuring'];

/** What a worker needs to lint as the caller would: the `ConfigResolver`'s options and the per-file options. */
export interface LintPoolSetup extends FileLintOptions {
  rootDir: string;
  configFile?: string;
  trusted: boolean;
}

export interface PoolFile {
  path: string;
  /** Bytes on disk, to hand out the largest first. */
  size: number;
}

export interface PoolMinimum {
  files: number;
  bytes: number;
}

/** Whether linting these files in `workers` workers pays for starting them. */
export function poolPays(
  files: readonly PoolFile[],
  workers: number,
  script: string | undefined,
  minimum: PoolMinimum = { files: MIN_POOL_FILES, bytes: MIN_POOL_BYTES },
): script is string {
  if (workers < 2 || script === undefined || files.length === 0 || files.length < minimum.files) return false;
  return files.reduce((n, f) => n + f.size, 0) >= minimum.bytes;
}

/** Sizes from the disk; a file that cannot be read counts as empty (the worker reports it). */
export function withSizes(paths: readonly string[]): PoolFile[] {
  return paths.map((p) => {
    try {
      return { path: p, size: fs.statSync(p).size };
    } catch {
      return { path: p, size: 0 };
    }
  });
}

/**
 * Batches of paths: the files of `BIG_FILE_BYTES` or more first, largest first, so that no worker
 * is left with one at the end; then the rest in the caller's order, in which a folder's files come
 * together (measured on the corpus: 2–3 % faster than largest first throughout).
 */
export function batchesOf(files: readonly PoolFile[]): string[][] {
  const big = files.filter((f) => f.size >= BIG_FILE_BYTES).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const batches: string[][] = big.map((f) => [f.path]);
  let batch: string[] = [];
  let bytes = 0;
  for (const file of files) {
    if (file.size >= BIG_FILE_BYTES) continue;
    batch.push(file.path);
    bytes += file.size;
    if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/**
 * Lints `files` in up to `workers` worker processes running `script`; resolves with the outcomes
 * (in no particular order) and the workers started. A worker that fails rejects.
 */
export async function lintInPool(setup: LintPoolSetup, files: readonly PoolFile[], workers: number, script: string): Promise<{ outcomes: FileOutcome[]; workers: number }> {
  const outcomes: FileOutcome[] = [];
  const requests = batchesOf(files);
  await runPool<string[], FileOutcome[]>({
    kind: LINT_WORKER,
    label: 'a lint worker',
    setup,
    requests,
    workers,
    script,
    processFlags: WORKER_FLAGS,
    onResult(_index, results) {
      outcomes.push(...results);
    },
  });
  return { outcomes, workers: Math.min(workers, requests.length) };
}

/** True in a lint worker: the CLI's entry point then calls `runLintWorker` instead of its main. */
export function inLintWorker(): boolean {
  return poolWorkerKind() === LINT_WORKER;
}

export function runLintWorker(): void {
  servePool<string[], FileOutcome[]>((data) => {
    const setup = data as LintPoolSetup;
    // As the CLI's own host: one run sees the disk as it was when it started.
    const host = createNodeHost({ snapshot: true });
    const resolver = new ConfigResolver({
      host,
      rootDir: setup.rootDir,
      trusted: setup.trusted,
      ...(setup.configFile !== undefined ? { configFile: setup.configFile } : {}),
    });
    const options: FileLintOptions = { maxFileSize: setup.maxFileSize, fix: setup.fix, now: setup.now, ...(setup.record ? { record: setup.record } : {}) };
    return async (paths) => {
      const outcomes: FileOutcome[] = [];
      for (const file of paths) outcomes.push(await lintFile(file, resolver.forFile(file), host, options));
      return outcomes;
    };
  });
}
