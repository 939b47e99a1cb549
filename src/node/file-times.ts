/**
 * When a file last changed, for rules that compare ages (`stale-reference`): the time of the last
 * commit that touched it when git tracks it and the working copy still matches the committed blob,
 * else the file's modification time.
 *
 * No `git status` or `git diff`: those run the repository's configured clean filters and fsmonitor
 * hook, which is workspace code. Whether a file is modified is decided here by hashing it the way
 * git hashes a blob and comparing with `git ls-files -s`. Only `git ls-files` and `git log` run,
 * with fsmonitor off and no pager, and results are cached for a few seconds so a lint of many
 * files spawns git once per repository and once per referenced file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileTime } from '../core/types';

const TTL_MS = 5_000;
const GIT_ARGS = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off', '--no-pager'];

interface Cached<T> {
  at: number;
  value: T;
}

export interface FileTimes {
  lastChanged(absPath: string): FileTime | undefined;
}

export function createFileTimes(now: () => number = Date.now): FileTimes {
  const repoOfDir = new Map<string, Cached<string | undefined>>();
  const blobsOfRepo = new Map<string, Cached<Map<string, string> | undefined>>();
  const commitTimes = new Map<string, Cached<number | undefined>>();

  const fresh = <T>(entry: Cached<T> | undefined): entry is Cached<T> => entry !== undefined && now() - entry.at < TTL_MS;

  /** The work tree containing `dir`: the nearest ancestor with a `.git` folder or file. */
  const repoOf = (dir: string): string | undefined => {
    const hit = repoOfDir.get(dir);
    if (fresh(hit)) return hit.value;
    let value: string | undefined;
    if (fs.existsSync(path.join(dir, '.git'))) value = dir;
    else {
      const parent = path.dirname(dir);
      value = parent === dir ? undefined : repoOf(parent);
    }
    repoOfDir.set(dir, { at: now(), value });
    return value;
  };

  const git = (repo: string, args: string[]): string | undefined => {
    try {
      return execFileSync('git', [...GIT_ARGS, ...args], {
        cwd: repo,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
        timeout: 10_000,
      });
    } catch {
      return undefined;
    }
  };

  /** Tracked paths (relative, `/`) to their staged blob ids. */
  const blobs = (repo: string): Map<string, string> | undefined => {
    const hit = blobsOfRepo.get(repo);
    if (fresh(hit)) return hit.value;
    const out = git(repo, ['ls-files', '-s', '-z']);
    let value: Map<string, string> | undefined;
    if (out !== undefined) {
      value = new Map();
      for (const entry of out.split('\0')) {
        const m = /^\d+ ([0-9a-f]{40,64}) \d+\t(.*)$/s.exec(entry);
        if (m) value.set(m[2] as string, m[1] as string);
      }
    }
    blobsOfRepo.set(repo, { at: now(), value });
    return value;
  };

  const commitTime = (repo: string, rel: string): number | undefined => {
    const key = `${repo}\0${rel}`;
    const hit = commitTimes.get(key);
    if (fresh(hit)) return hit.value;
    const out = git(repo, ['log', '-1', '--format=%ct', '--', rel])?.trim();
    const value = out && /^\d+$/.test(out) ? Number(out) * 1000 : undefined;
    commitTimes.set(key, { at: now(), value });
    return value;
  };

  return {
    lastChanged(absPath) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(absPath);
      } catch {
        return undefined;
      }
      if (!stat.isFile()) return { time: stat.mtimeMs, source: 'mtime' };
      const mtime: FileTime = { time: stat.mtimeMs, source: 'mtime' };
      const repo = repoOf(path.dirname(path.resolve(absPath)));
      if (!repo) return mtime;
      const rel = path.relative(repo, path.resolve(absPath)).split(path.sep).join('/');
      const staged = blobs(repo)?.get(rel);
      if (!staged) return mtime;
      let content: Buffer;
      try {
        content = fs.readFileSync(absPath);
      } catch {
        return mtime;
      }
      const algorithm = staged.length === 64 ? 'sha256' : 'sha1';
      const id = createHash(algorithm).update(`blob ${content.length}\0`).update(content).digest('hex');
      if (id !== staged) return mtime;
      const time = commitTime(repo, rel);
      return time === undefined ? mtime : { time, source: 'git' };
    },
  };
}
