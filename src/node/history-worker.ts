/**
 * A worker thread of the history pool (history-pool.ts): scores the file versions it is sent, under
 * the config a `ConfigResolver` built from `workerData` gives (configs hold compiled rules, which
 * cannot cross threads, so each worker resolves its own). Bundled as `dist/history-worker.cjs`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigResolver } from '../core/config/load';
import { VersionScorer } from './history';
import { nodeHost } from './host';
import type { PoolRequest, PoolResponse, PoolSetup } from './history-pool';

const setup = workerData as PoolSetup;
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

parentPort?.on('message', (request: PoolRequest) => {
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
    parentPort?.postMessage(response);
  })();
});
