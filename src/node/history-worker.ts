/**
 * A worker thread of the history pool (history-pool.ts): scores the file versions it is sent, under
 * the config a `ConfigResolver` built from its setup gives (configs hold compiled rules, which
 * cannot cross threads, so each worker resolves its own). It has no bundle of its own: the CLI's
 * and the server's entry points start it when they find themselves in such a worker, so the
 * analyzer ships once.
 */
import { ConfigResolver } from '../core/config/load';
import { VersionScorer, type FileEntry } from './history';
import { HISTORY_WORKER, type PoolJob, type PoolSetup } from './history-pool';
import { nodeHost } from './host';
import { poolWorkerKind, servePool } from './pool';

/** True in a history worker thread: the entry point then calls `runHistoryWorker` instead of its main. */
export function inHistoryWorker(): boolean {
  return poolWorkerKind() === HISTORY_WORKER;
}

export function runHistoryWorker(): void {
  servePool<PoolJob[], (FileEntry | null)[]>((data) => {
    const setup = data as PoolSetup;
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
    return async (jobs) => {
      const entries: (FileEntry | null)[] = [];
      for (const job of jobs) {
        const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
        entries.push(await scorer.score(job.rel, job.blob, content));
      }
      return entries;
    };
  });
}
