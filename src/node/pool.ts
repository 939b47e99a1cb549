/**
 * A small pool of worker threads that each run the bundle this code is in, for work that is nearly
 * all analysis and known before it starts: the history replay's file versions (history-pool.ts)
 * and `lint`'s files (lint-pool.ts).
 *
 * A worker runs the bundle itself (dist/cli.cjs or dist/server.cjs, whose entry points turn into a
 * worker when `poolWorkerKind()` says they were started as one), so the analyzer ships once; the
 * sources run by tsx use dist/cli.cjs when it is built. Configs hold compiled rules, which cannot
 * cross to another thread, so each worker resolves its own from a setup the caller sends; requests
 * and results cross as structured clones.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';

/** What a worker is started with: which handler to run, and that handler's setup. */
interface PoolWorkerData {
  poolWorker: string;
  setup: unknown;
}

interface PoolRequest<Q> {
  id: number;
  request: Q;
}

interface PoolResponse<R> {
  id: number;
  result?: R;
  error?: string;
}

function isPoolWorkerData(value: unknown): value is PoolWorkerData {
  return typeof value === 'object' && value !== null && typeof (value as PoolWorkerData).poolWorker === 'string';
}

/** The kind of pool worker this thread is (`history`, `lint`), or undefined outside one: the entry points branch on it. */
export function poolWorkerKind(): string | undefined {
  return parentPort !== null && isPoolWorkerData(workerData) ? workerData.poolWorker : undefined;
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

export interface PoolRun<Q, R> {
  /** The handler the workers run (`poolWorkerKind()` in the worker). */
  kind: string;
  /** Named in errors: "a history worker". */
  label: string;
  /** Sent to every worker once, at its start. */
  setup: unknown;
  /** Handed out in this order, one at a time to whichever worker is free. */
  requests: readonly Q[];
  workers: number;
  script: string;
  /** Heap limits of each worker (`new Worker`'s `resourceLimits`). */
  resourceLimits?: ResourceLimits;
  /** Called with each result and the index of its request, as results arrive. */
  onResult(index: number, result: R): void;
}

/** Runs every request in `min(workers, requests)` threads; rejects when a worker fails or dies. */
export async function runPool<Q, R>(run: PoolRun<Q, R>): Promise<void> {
  const count = Math.min(run.workers, run.requests.length);
  const data: PoolWorkerData = { poolWorker: run.kind, setup: run.setup };
  const options = { workerData: data, ...(run.resourceLimits ? { resourceLimits: run.resourceLimits } : {}) };
  const threads = Array.from({ length: count }, () => new Worker(run.script, options));
  let next = 0;
  try {
    await Promise.all(
      threads.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= run.requests.length) return resolve();
              const id = next++;
              worker.postMessage({ id, request: run.requests[id] as Q } satisfies PoolRequest<Q>);
            };
            worker.on('message', (response: PoolResponse<R>) => {
              if (response.error !== undefined) return reject(new Error(`Unexpected failure in ${run.label}: ${response.error}`));
              try {
                run.onResult(response.id, response.result as R);
              } catch (error) {
                return reject(error);
              }
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`Unexpected exit ${code} of ${run.label}, expected it to finish its work`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

/**
 * The worker side: builds the handler from the setup once, then answers each request in turn.
 * A handler that throws answers with the error, which the pool rejects with.
 */
export function servePool<Q, R>(makeHandler: (setup: unknown) => (request: Q) => Promise<R> | R): void {
  const data: unknown = workerData;
  if (!parentPort || !isPoolWorkerData(data)) throw new Error('Unexpected call outside a pool worker, expected a thread started by runPool');
  const port = parentPort;
  const handle = makeHandler(data.setup);
  port.on('message', (message: PoolRequest<Q>) => {
    void (async () => {
      const response: PoolResponse<R> = { id: message.id };
      try {
        response.result = await handle(message.request);
      } catch (error) {
        response.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      }
      port.postMessage(response);
    })();
  });
}
