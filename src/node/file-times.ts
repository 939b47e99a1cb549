/**
 * When a file last changed, for rules that compare ages (`stale-reference`): the time of the last
 * commit that touched it when git tracks it and the working copy still matches the blob committed
 * at `HEAD`, else the file's modification time.
 *
 * Nothing here runs workspace code:
 * - No `git status` or `git diff`: those run the repository's configured clean filters and
 *   fsmonitor hook. Whether a file is modified is decided here by hashing it the way git hashes a
 *   blob and comparing with the blob at `HEAD` (`git ls-tree`). The index is not consulted: a
 *   staged edit is an edit, and its file's last commit says nothing about it.
 * - Only `rev-parse`, `ls-tree` and `log` run, with fsmonitor, signature checks (`gpg.program`),
 *   the pager and every transport (a partial clone's lazy fetch: `core.sshCommand`, credential
 *   helpers) turned off, paths taken
 *   literally (a file named `a[1].md` is not a glob), and repository-locating variables such as
 *   `GIT_DIR` removed from the environment (a lint run from a git hook must not read the hook's
 *   repository).
 * - `git` is the absolute path found on `PATH`'s absolute entries: Windows looks for a program in
 *   the current folder first, and the current folder is the workspace.
 *
 * Cost: `HEAD` is read once per repository every few seconds; tree listings (one folder at a time,
 * so a huge repository costs no more than a small one) and commit times are cached until `HEAD`
 * moves; a file is hashed again only when its size or modification time changes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileTime } from '../core/types';

const TTL_MS = 5_000;
/** Larger files are not hashed: their modification time is the answer. */
const MAX_HASHED_BYTES = 32 * 1024 * 1024;
const GIT_ARGS = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.quotepath=off',
  '-c', 'log.showSignature=false',
  '-c', 'log.follow=false',
  // No transport at all: a partial clone's lazy fetch would run `core.sshCommand` or a credential
  // helper from the repository's config (GIT_NO_LAZY_FETCH below does the same on git 2.44 and the
  // 2024 security releases; this covers older ones).
  '-c', 'protocol.allow=never',
  '--no-pager',
  '--literal-pathspecs',
];
/** Variables that point git at another repository, index or object store than the folder's own. */
const LOCATING_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_GLOB_PATHSPECS',
  'GIT_NOGLOB_PATHSPECS',
  'GIT_ICASE_PATHSPECS',
];

export interface FileTimes {
  lastChanged(absPath: string): FileTime | undefined;
}

export interface FileTimesOptions {
  /** The clock that expires cached `HEAD`s and folder lookups; default `Date.now`. */
  now?: () => number;
  /** The git program (absolute path); default: the first `git` on `PATH`'s absolute entries. */
  git?: string;
  /** The environment git runs with, before locating variables are removed; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

interface TreeEntry {
  mode: string;
  type: string;
  id: string;
}

/** What is known about one repository at one `HEAD`. */
interface RepoState {
  checkedAt: number;
  /** Undefined in a repository without commits or where git cannot run. */
  head: string | undefined;
  /** Folder (relative, `''` for the root) to its entries at `head`; undefined when git failed. */
  trees: Map<string, Map<string, TreeEntry> | undefined>;
  /** Path (relative) to the time of the last commit that touched it, in milliseconds. */
  times: Map<string, number | undefined>;
}

export function createFileTimes(options: FileTimesOptions = {}): FileTimes {
  const now = options.now ?? Date.now;
  const gitProgram = options.git ?? findOnPath('git', options.env ?? process.env);
  const env = gitEnvironment(options.env ?? process.env);
  const repoOfDir = new Map<string, { at: number; value: string | undefined }>();
  const repos = new Map<string, RepoState>();
  const hashes = new Map<string, { size: number; mtimeMs: number; ids: string[] }>();

  /** The work tree containing `dir`: the nearest ancestor with a `.git` folder or file. */
  const repoOf = (dir: string): string | undefined => {
    const hit = repoOfDir.get(dir);
    if (hit && now() - hit.at < TTL_MS) return hit.value;
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
    if (!gitProgram) return undefined;
    try {
      return execFileSync(gitProgram, [...GIT_ARGS, ...args], {
        cwd: repo,
        env,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
        timeout: 10_000,
      });
    } catch {
      return undefined;
    }
  };

  const stateOf = (repo: string): RepoState => {
    const known = repos.get(repo);
    if (known && now() - known.checkedAt < TTL_MS) return known;
    const out = git(repo, ['rev-parse', '--verify', '--quiet', 'HEAD'])?.trim();
    const head = out && /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
    if (known && known.head === head) {
      known.checkedAt = now();
      return known;
    }
    const state: RepoState = { checkedAt: now(), head, trees: new Map(), times: new Map() };
    repos.set(repo, state);
    return state;
  };

  /** The entries of one folder of `HEAD`'s tree. */
  const treeOf = (repo: string, state: RepoState, dir: string): Map<string, TreeEntry> | undefined => {
    if (state.trees.has(dir)) return state.trees.get(dir);
    const out = git(repo, ['ls-tree', '-z', '--full-tree', state.head as string, ...(dir ? ['--', `${dir}/`] : [])]);
    let entries: Map<string, TreeEntry> | undefined;
    if (out !== undefined) {
      entries = new Map();
      for (const line of out.split('\0')) {
        const m = /^(\d+) (\w+) ([0-9a-f]{40,64})\t(.*)$/s.exec(line);
        if (m) entries.set(path.posix.basename(m[4] as string), { mode: m[1] as string, type: m[2] as string, id: m[3] as string });
      }
    }
    state.trees.set(dir, entries);
    return entries;
  };

  const commitTime = (repo: string, state: RepoState, rel: string): number | undefined => {
    if (state.times.has(rel)) return state.times.get(rel);
    const out = git(repo, ['log', '-1', '--format=%ct', state.head as string, '--', rel])?.trim();
    const value = out && /^\d+$/.test(out) ? Number(out) * 1000 : undefined;
    state.times.set(rel, value);
    return value;
  };

  /** Blob ids the file's content may have in git: as it is, and with CRLF line ends made LF (`core.autocrlf`). */
  const blobIds = (absPath: string, stat: fs.Stats, algorithm: 'sha1' | 'sha256'): string[] | undefined => {
    const key = `${algorithm}\0${absPath}`;
    const hit = hashes.get(key);
    if (hit && hit.size === stat.size && hit.mtimeMs === stat.mtimeMs) return hit.ids;
    let content: Buffer;
    try {
      content = fs.readFileSync(absPath);
    } catch {
      return undefined;
    }
    const ids = [blobId(content, algorithm)];
    if (content.includes('\r\n')) ids.push(blobId(Buffer.from(content.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'), algorithm));
    hashes.set(key, { size: stat.size, mtimeMs: stat.mtimeMs, ids });
    return ids;
  };

  return {
    lastChanged(absPath) {
      const file = path.resolve(absPath);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        return undefined;
      }
      const mtime: FileTime = { time: stat.mtimeMs, source: 'mtime' };
      if (!stat.isFile() || stat.size > MAX_HASHED_BYTES) return mtime;
      const repo = repoOf(path.dirname(file));
      if (!repo) return mtime;
      const rel = path.relative(repo, file).split(path.sep).join('/');
      if (!rel || rel.startsWith('../') || rel.split('/')[0] === '.git') return mtime;
      const state = stateOf(repo);
      if (!state.head) return mtime;
      const entry = treeOf(repo, state, path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel))?.get(path.posix.basename(rel));
      if (!entry || entry.type !== 'blob' || entry.mode === '120000') return mtime;
      const ids = blobIds(file, stat, entry.id.length === 64 ? 'sha256' : 'sha1');
      if (!ids?.includes(entry.id)) return mtime;
      const time = commitTime(repo, state, rel);
      return time === undefined ? mtime : { time, source: 'git' };
    },
  };
}

function blobId(content: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** `process.env` without the variables that would point git elsewhere, and with prompts and lazy fetches off. */
function gitEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of LOCATING_VARIABLES) delete env[name];
  env['GIT_NO_LAZY_FETCH'] = '1';
  env['GIT_TERMINAL_PROMPT'] = '0';
  env['GIT_OPTIONAL_LOCKS'] = '0';
  env['GIT_NO_REPLACE_OBJECTS'] = '1';
  return env;
}

/**
 * The program's absolute path from the absolute entries of `PATH` (on Windows with `.exe`), or
 * undefined. Relative entries (`.`, an empty entry) would resolve against the workspace.
 */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const windows = process.platform === 'win32';
  const value = env['PATH'] ?? env['Path'] ?? (windows ? Object.entries(env).find(([k]) => k.toUpperCase() === 'PATH')?.[1] : undefined) ?? '';
  for (const dir of value.split(path.delimiter)) {
    const clean = dir.replace(/^"(.*)"$/, '$1');
    if (!clean || !path.isAbsolute(clean)) continue;
    const candidate = path.join(clean, windows ? `${name}.exe` : name);
    try {
      if (!fs.statSync(candidate).isFile()) continue;
      if (!windows) fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}
