/**
 * `lint` on every core: worker threads (pool.ts) each resolve configs as the caller does and lint
 * the files they are sent, by path, in batches. The largest files go first and the batches get
 * smaller towards the end, so the workers finish together. Results come back as findings, in the
 * caller's order, so the report is the same bytes as from one thread.
 *
 * What two threads gain is small on the project's 2-core machines: one thread analysing already
 * keeps about 1.3 cores busy (V8 compiles and collects garbage beside it), and two streams of
 * Markdown parsing slow each other down by about 40 % (in threads as in processes). Measured there
 * on the corpus's folders (one run against two threads, best of three): the pool lost below about
 * 2.5 MB (starting the workers and warming up two heaps costs 150–250 ms), broke even near 3 MB,
 * and won 7 % on 4.2 MB and about 10 % on the whole corpus (24.5 MB). So fewer bytes than
 * `MIN_POOL_BYTES` (or fewer files than `MIN_POOL_FILES`) are linted in the caller's thread.
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
/**
 * A parse makes many short-lived objects. With V8's default young generation (32 MB) two workers
 * spent about 45 % more CPU than one thread on the same files (4.2 MB of the corpus), with 192 MB
 * about 25 % more, for about 150 MB more memory a worker.
 */
const YOUNG_GENERATION_MB = 192;

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

/** Whether linting these files in `workers` threads pays for starting them. */
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

/** Batches of paths, largest files first. */
export function batchesOf(files: readonly PoolFile[]): string[][] {
  const sorted = [...files].sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const file of sorted) {
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
 * Lints `files` in up to `workers` threads running `script`; resolves with the outcomes (in no
 * particular order) and the threads started. A worker that fails rejects.
 */
export async function lintInPool(setup: LintPoolSetup, files: readonly PoolFile[], workers: number, script: string): Promise<{ outcomes: FileOutcome[]; threads: number }> {
  const outcomes: FileOutcome[] = [];
  const requests = batchesOf(files);
  await runPool<string[], FileOutcome[]>({
    kind: LINT_WORKER,
    label: 'a lint worker',
    setup,
    requests,
    workers,
    script,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    onResult(_index, results) {
      outcomes.push(...results);
    },
  });
  return { outcomes, threads: Math.min(workers, requests.length) };
}

/** True in a lint worker thread: the CLI's entry point then calls `runLintWorker` instead of its main. */
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
