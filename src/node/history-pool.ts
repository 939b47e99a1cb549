/**
 * Scores many file versions on every core: the history replay knows all the versions it needs
 * before it starts, and analysing them is nearly all of its time (a 1,000-commit history: about
 * 2,400 versions, 8 ms each). Worker threads (history-worker.ts) take batches; the replay then
 * runs from the filled cache. In the language server this also keeps the analysis off the thread
 * that answers the editor.
 *
 * A worker runs the bundle this code is in (dist/cli.cjs or dist/server.cjs, whose entry points
 * turn into a worker when started as one); the sources run by tsx use dist/cli.cjs when it is
 * built. Without a bundle, or below `MIN_JOBS` versions, the caller scores in its own thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileEntry } from './history';

/** How a worker resolves configs: the same as the caller's `ConfigResolver`. */
export interface PoolSetup {
  /** Marks the thread as a history worker for the entry point. */
  historyWorker?: 1;
  repo: string;
  rootDir: string;
  trusted: boolean;
  configFile?: string;
  maxFileSize?: number;
}

export interface PoolJob {
  rel: string;
  blob: string;
  content: Uint8Array;
}

export interface PoolRequest {
  id: number;
  jobs: PoolJob[];
}

export interface PoolResponse {
  id: number;
  entries: (FileEntry | null)[];
  error?: string;
}

/** Fewer versions than this are scored faster in the caller's thread than a worker starts. */
export const MIN_JOBS = 48;
/** Versions a message carries: enough to make messaging cheap, few enough to balance the workers. */
const BATCH = 16;

export function isPoolSetup(value: unknown): value is PoolSetup {
  return typeof value === 'object' && value !== null && (value as PoolSetup).historyWorker === 1;
}

/** The bundle a worker runs: this one when running from dist/ (the CLI, the server), else a built CLI beside the sources. */
export function workerScript(): string | undefined {
  if (__filename.endsWith('.cjs')) return __filename;
  const cli = path.join(__dirname, '../../dist/cli.cjs');
  return fs.existsSync(cli) ? cli : undefined;
}

/** Workers for this machine: one per core, at most 8, at least 1. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/**
 * Scores `jobs` in `workers` threads; resolves with the entries in job order, or undefined when no
 * worker could be started (the caller scores them itself). A worker that fails rejects.
 */
export async function scoreInPool(
  setup: PoolSetup,
  jobs: readonly PoolJob[],
  workers = defaultWorkers(),
  script = workerScript(),
): Promise<(FileEntry | null)[] | undefined> {
  if (!script || jobs.length < MIN_JOBS) return undefined;
  const batches: PoolJob[][] = [];
  for (let i = 0; i < jobs.length; i += BATCH) batches.push(jobs.slice(i, i + BATCH));
  const results: (FileEntry | null)[] = new Array(jobs.length).fill(null);
  const threads = Array.from({ length: Math.min(workers, batches.length) }, () => new Worker(script, { workerData: { ...setup, historyWorker: 1 } satisfies PoolSetup }));
  let next = 0;
  try {
    await Promise.all(
      threads.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= batches.length) return resolve();
              const id = next++;
              worker.postMessage({ id, jobs: batches[id] as PoolJob[] } satisfies PoolRequest);
            };
            worker.on('message', (response: PoolResponse) => {
              if (response.error !== undefined) return reject(new Error(`Unexpected failure in a history worker: ${response.error}`));
              response.entries.forEach((entry, i) => (results[response.id * BATCH + i] = entry));
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`Unexpected exit ${code} of a history worker, expected it to finish its batches`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return results;
}
