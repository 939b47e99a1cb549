/**
 * A worker thread of the history pool (history-pool.ts): scores the file versions it is sent, under
 * the config a `ConfigResolver` built from its setup gives (configs hold compiled rules, which
 * cannot cross threads, so each worker resolves its own). It has no bundle of its own: the CLI's
 * and the server's entry points start it when they find themselves in such a worker, so the
 * analyzer ships once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigResolver } from '../core/config/load';
import { VersionScorer } from './history';
import { isPoolSetup, type PoolRequest, type PoolResponse } from './history-pool';
import { nodeHost } from './host';

/** True in a history worker thread: the entry point then calls `runHistoryWorker` instead of its main. */
export function inHistoryWorker(): boolean {
  return parentPort !== null && isPoolSetup(workerData);
}

export function runHistoryWorker(): void {
  const setup: unknown = workerData;
  if (!parentPort || !isPoolSetup(setup)) throw new Error('Unexpected call outside a history worker, expected a thread started by the history pool');
  const port = parentPort;
  const resolver = new ConfigResolver({
    host: nodeHost,
    rootDir: setup.rootDir,
    trusted: setup.trusted,
    ...(setup.configFile !== undefined ? { configFile: setup.configFile } : {}),
  });
  const scorer = new VersionScorer({
    repo: setup.repo,
    configFor: (abs) => resolver.forFile(abs),
    host: nodeHost,
    ...(setup.maxFileSize !== undefined ? { maxFileSize: setup.maxFileSize } : {}),
  });
  port.on('message', (request: PoolRequest) => {
    void (async () => {
      const response: PoolResponse = { id: request.id, entries: [] };
      try {
        for (const job of request.jobs) {
          const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
          response.entries.push(await scorer.score(job.rel, job.blob, content));
        }
      } catch (error) {
        response.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
      }
      port.postMessage(response);
    })();
  });
}
