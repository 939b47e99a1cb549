/**
 * One in-process measurement of the quality report, in a fresh process so every run starts cold
 * (no JIT warmth, no caches from the run before). Prints one JSON line on stdout: the time of
 * `buildQualityReport` without process start-up or module loading, the same again with the cache
 * the first call filled (what is left when no version needs analysing), and the git reads alone.
 *
 *   node --import tsx scripts/bench/history-run.ts <repo> [--profile out.cpuprofile]
 *
 * With `--profile` the cold call runs under the V8 sampling profiler (node:inspector) and the
 * profile is written for `summarizeProfile` (or Chrome DevTools' Performance panel).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { ConfigResolver } from '../../src/core/config/load';
import { findAlerts } from '../../src/core/trends';
import { readBlobs, readCommits, VersionScorer, type BlobCache } from '../../src/node/history';
import { createNodeHost } from '../../src/node/host';
import { buildQualityReport } from '../../src/node/report';

export interface HistoryRun {
  coldMs: number;
  warmMs: number;
  /** CPU time (user + system, every thread of this process: V8's GC helpers included) of the two calls. */
  coldCpuMs: number;
  warmCpuMs: number;
  gitLogMs: number;
  gitBlobsMs: number;
  alertsMs: number;
  snapshots: number;
  analysed: number;
  blobs: number;
  blobBytes: number;
  alerts: number;
  score: number;
  maxRssMb: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const repo = path.resolve(args[0] ?? '.');
  const profileAt = args.indexOf('--profile');
  const profileFile = profileAt >= 0 ? args[profileAt + 1] : undefined;
  // As the CLI does it: one host that sees the disk as it was when the run started.
  const host = createNodeHost({ snapshot: true });
  const resolver = new ConfigResolver({ host, rootDir: repo, trusted: true });
  const configFor = (p: string) => resolver.forFile(p);

  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cache: BlobCache = new Map();
  const cpu = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let cpuStart = process.cpuUsage();
  let started = performance.now();
  const report = await buildQualityReport({ repo, configFor, host, cache });
  const coldMs = performance.now() - started;
  const coldCpuMs = cpu(cpuStart);
  if (session && profileFile) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }

  cpuStart = process.cpuUsage();
  started = performance.now();
  await buildQualityReport({ repo, configFor, host, cache });
  const warmMs = performance.now() - started;
  const warmCpuMs = cpu(cpuStart);

  // The git reads alone, as buildHistory does them: which commits changed what, then every blob.
  started = performance.now();
  const commits = await readCommits(repo);
  const gitLogMs = performance.now() - started;
  const scorer = new VersionScorer({ repo, configFor, host });
  const wanted = new Set<string>();
  for (const c of commits) for (const ch of c.changes) if (ch.blob !== null && scorer.isPrompt(ch.path)) wanted.add(ch.blob);
  started = performance.now();
  const blobs = await readBlobs(repo, [...wanted]);
  const gitBlobsMs = performance.now() - started;

  started = performance.now();
  findAlerts(report.snapshots, report.thresholds, { files: report.files });
  const alertsMs = performance.now() - started;

  const result: HistoryRun = {
    coldMs,
    warmMs,
    coldCpuMs,
    warmCpuMs,
    gitLogMs,
    gitBlobsMs,
    alertsMs,
    snapshots: report.snapshots.length,
    analysed: report.analysedVersions,
    blobs: blobs.size,
    blobBytes: [...blobs.values()].reduce((n, b) => n + b.length, 0),
    alerts: report.alerts.length,
    score: report.snapshots[report.snapshots.length - 1]?.score ?? Number.NaN,
    // maxRSS is in kilobytes.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
