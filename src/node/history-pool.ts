/**
 * Scores many file versions on every core: the history replay knows all the versions it needs
 * before it starts, and analysing them is nearly all of its time (a 1,000-commit history: about
 * 2,400 versions, 8 ms each). Worker threads (history-worker.ts, started by pool.ts) take batches;
 * the replay then runs from the filled cache. In the language server this also keeps the analysis
 * off the thread that answers the editor. Without a built bundle, or below `MIN_JOBS` versions,
 * the caller scores in its own thread.
 */
import type { FileEntry } from './history';
import { defaultWorkers, runPool, workerScript } from './pool';

export { defaultWorkers, workerScript } from './pool';

/** How a worker resolves configs: the same as the caller's `ConfigResolver`. */
export interface PoolSetup {
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

/** The pool worker kind the entry points dispatch on. */
export const HISTORY_WORKER = 'history';

/** Fewer versions than this are scored faster in the caller's thread than a worker starts. */
export const MIN_JOBS = 48;
/** Versions a message carries: enough to make messaging cheap, few enough to balance the workers. */
const BATCH = 16;

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
  await runPool<PoolJob[], (FileEntry | null)[]>({
    kind: HISTORY_WORKER,
    label: 'a history worker',
    setup,
    requests: batches,
    workers,
    script,
    onResult(index, entries) {
      entries.forEach((entry, i) => (results[index * BATCH + i] = entry));
    },
  });
  return results;
}
