/**
 * The files of a workspace, for rules that ask whether a glob matches anything
 * (`glob-matches-nothing`). Dependency, VCS and build folders are skipped; the walk stops at a
 * cap so a huge tree costs a bounded time, and the listing is cached for a few seconds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TTL_MS = 5_000;
/** Past this many files the listing is incomplete, and callers get undefined rather than a wrong answer. */
export const MAX_LISTED_FILES = 100_000;
const SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn', 'dist', 'out', 'build', '.next', '.cache', 'target', '__pycache__', '.venv', 'venv']);

export interface FileLister {
  listFiles(root: string): readonly string[] | undefined;
}

export function createFileLister(now: () => number = Date.now): FileLister {
  const cache = new Map<string, { at: number; value: readonly string[] | undefined }>();
  return {
    listFiles(root) {
      const abs = path.resolve(root);
      const hit = cache.get(abs);
      if (hit && now() - hit.at < TTL_MS) return hit.value;
      const value = walk(abs);
      cache.set(abs, { at: now(), value });
      return value;
    },
  };
}

function walk(root: string): string[] | undefined {
  const out: string[] = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) stack.push(child);
      } else if (e.isFile()) {
        out.push(child);
        if (out.length > MAX_LISTED_FILES) return undefined;
      }
    }
  }
  return out.sort();
}
