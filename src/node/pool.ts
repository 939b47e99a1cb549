/**
 * A small pool of workers, threads or child processes, that each run the bundle this code is in,
 * for work that is nearly all analysis and known before it starts: the history replay's file
 * versions (history-pool.ts) and `lint`'s files (lint-pool.ts).
 *
 * A worker runs the bundle itself (dist/cli.cjs or dist/server.cjs, whose entry points turn into a
 * worker when `poolWorkerKind()` says they were started as one), so the analyzer ships once; the
 * sources run by tsx use dist/cli.cjs when it is built. Configs hold compiled rules, which cannot
 * cross to another worker, so each worker resolves its own from a setup the caller sends; requests
 * and results cross as structured clones.
 *
 * Threads are the default. Processes (`PoolRun.processFlags`) can have V8 options of their own:
 * the garbage collector's are process-wide, cannot change while V8 runs, and a process whose
 * workers keep every core busy is better off without helper threads collecting beside them.
 */
import { fork, type ChildProcess } from 'node:child_process';
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

/** Names the handler of a pool worker started as a child process; its setup is the first message. */
const POOL_WORKER_ENV = 'PROMPT_COACH_POOL_WORKER';

function isPoolWorkerData(value: unknown): value is PoolWorkerData {
  return typeof value === 'object' && value !== null && typeof (value as PoolWorkerData).poolWorker === 'string';
}

/** The kind of pool worker this thread or process is (`history`, `lint`), or undefined outside one: the entry points branch on it. */
export function poolWorkerKind(): string | undefined {
  if (parentPort !== null && isPoolWorkerData(workerData)) return workerData.poolWorker;
  const kind = process.env[POOL_WORKER_ENV];
  return kind && typeof process.send === 'function' ? kind : undefined;
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
  /** Heap limits of each worker thread (`new Worker`'s `resourceLimits`). */
  resourceLimits?: ResourceLimits;
  /**
   * Given, the workers are child processes started with these V8 options (process-wide ones, such
   * as the garbage collector's, which a thread cannot have on its own); else they are threads.
   */
  processFlags?: readonly string[];
  /** Called with each result and the index of its request, as results arrive. */
  onResult(index: number, result: R): void;
}

/** One started worker, thread or process, as `runPool` sees it. */
interface PoolWorker {
  post(message: PoolRequest<unknown>): void;
  on(event: 'message', listener: (response: PoolResponse<unknown>) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number | null) => void): void;
  stop(): Promise<void>;
}

type Listener = (...args: never[]) => void;

function startThread(script: string, data: PoolWorkerData, resourceLimits: ResourceLimits | undefined): PoolWorker {
  const worker = new Worker(script, { workerData: data, ...(resourceLimits ? { resourceLimits } : {}) });
  return {
    post: (message) => worker.postMessage(message),
    on: (event: string, listener: Listener) => void worker.on(event, listener as (...args: unknown[]) => void),
    stop: async () => void (await worker.terminate()),
  };
}

/** The caller's Node options a worker process takes: not a loader's (the script is a bundle) nor a debugger's (its port is taken). */
function inheritedOptions(): string[] {
  const withValue = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);
  const kept: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i] as string;
    const name = arg.split('=')[0] as string;
    if (withValue.has(arg)) i++;
    else if (!withValue.has(name) && !/^--(inspect|debug)/.test(name)) kept.push(arg);
  }
  return kept;
}

function startProcess(script: string, data: PoolWorkerData, flags: readonly string[]): PoolWorker {
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, [POOL_WORKER_ENV]: data.poolWorker },
    execArgv: [...inheritedOptions(), ...flags],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.send({ setup: data.setup });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    post: (message) => void child.send(message),
    on: (event: string, listener: Listener) => void child.on(event, listener as (...args: unknown[]) => void),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // A worker exits when its channel closes (`servePool`).
        if (child.connected) child.disconnect();
        else child.kill();
      }
      await exited;
    },
  };
}

/** Runs every request in `min(workers, requests)` workers; rejects when a worker fails or dies. */
export async function runPool<Q, R>(run: PoolRun<Q, R>): Promise<void> {
  const count = Math.min(run.workers, run.requests.length);
  const data: PoolWorkerData = { poolWorker: run.kind, setup: run.setup };
  const flags = run.processFlags;
  const workers = Array.from({ length: count }, () => (flags ? startProcess(run.script, data, flags) : startThread(run.script, data, run.resourceLimits)));
  let next = 0;
  let finished = false;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= run.requests.length) return resolve();
              const id = next++;
              worker.post({ id, request: run.requests[id] as Q } satisfies PoolRequest<Q>);
            };
            worker.on('message', (response) => {
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
              if (!finished && code !== 0) reject(new Error(`Unexpected exit ${code ?? 'by a signal'} of ${run.label}, expected it to finish its work`));
            });
            send();
          }),
      ),
    );
  } finally {
    finished = true;
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * The worker side: builds the handler from the setup once, then answers each request in turn.
 * A handler that throws answers with the error, which the pool rejects with.
 */
export function servePool<Q, R>(makeHandler: (setup: unknown) => (request: Q) => Promise<R> | R): void {
  const data: unknown = workerData;
  if (parentPort && isPoolWorkerData(data)) {
    const port = parentPort;
    const handle = makeHandler(data.setup);
    port.on('message', (message: PoolRequest<Q>) => answer(handle, message, (response) => port.postMessage(response)));
    return;
  }
  const send = process.send?.bind(process);
  if (!send || process.env[POOL_WORKER_ENV] === undefined) throw new Error('Unexpected call outside a pool worker, expected a thread or process started by runPool');
  // Not for the processes this one starts (a `command` check's, say).
  delete process.env[POOL_WORKER_ENV];
  process.once('disconnect', () => process.exit(0));
  // Messages arrive in order: the setup first (`startProcess`), then requests.
  let handle: ((request: Q) => Promise<R> | R) | undefined;
  process.on('message', (message: { setup: unknown } | PoolRequest<Q>) => {
    // After the pool has gone (another worker failed), an answer still being worked out has no one
    // to go to: without a callback the failed send (EPIPE) would crash this process with a stack
    // trace; the disconnect ends it anyway.
    if (handle) answer(handle, message as PoolRequest<Q>, (response) => void send(response, undefined, undefined, () => undefined));
    else handle = makeHandler((message as { setup: unknown }).setup);
  });
}

function answer<Q, R>(handle: (request: Q) => Promise<R> | R, message: PoolRequest<Q>, reply: (response: PoolResponse<R>) => void): void {
  void (async () => {
    const response: PoolResponse<R> = { id: message.id };
    try {
      response.result = await handle(message.request);
    } catch (error) {
      response.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    reply(response);
  })();
}
