/**
 * The git facts inspections need, from the real `git` binary: the repository root, the reviewer
 * (`user.name`, `user.email`), the files in the repository and the files changed since a ref.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export class GitError extends Error {}

/** Runs git in `cwd`; resolves stdout, rejects with git's own message. */
export function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim().split('\n').filter(Boolean).slice(-2).join(' ');
        reject(new GitError((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on the PATH' : detail));
      } else resolve(stdout);
    });
  });
}

/** The top folder of the repository holding `dir`, or undefined outside one (or without git). */
export async function gitRoot(dir: string): Promise<string | undefined> {
  try {
    const top = (await git(['rev-parse', '--show-toplevel'], dir)).trim();
    return top ? path.resolve(top) : undefined;
  } catch {
    return undefined;
  }
}

/** `git config user.name` and `user.email` as git resolves them in `root` (empty when unset). */
export async function gitUser(root: string): Promise<{ name: string; email: string }> {
  const read = async (key: string) => {
    try {
      return (await git(['config', '--get', key], root)).trim();
    } catch {
      return ''; // unset: git exits 1
    }
  };
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  return { name, email };
}

/** What `verifyInspections` asks of git; tests may pass their own. */
export interface GitFiles {
  /** Repository-relative paths of every tracked file and every untracked file not ignored. */
  files(): Promise<string[]>;
  /**
   * Repository-relative paths changed since `ref`: committed on this branch since it left `ref`
   * (`git diff --name-only ref...HEAD`), plus staged, unstaged and untracked (not ignored) files.
   */
  changedSince(ref: string): Promise<string[]>;
}

function nulSeparated(out: string): string[] {
  return out.split('\0').filter(Boolean);
}

/** `GitFiles` for the repository at `root`, through the git binary. */
export function nodeGitFiles(root: string): GitFiles {
  return {
    async files() {
      return nulSeparated(await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root));
    },
    async changedSince(ref) {
      if (ref.startsWith('-')) throw new GitError(`'${ref}' is not a ref`);
      try {
        await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root);
      } catch {
        throw new GitError(`unknown revision '${ref}' (in a shallow CI checkout, fetch it first, e.g. actions/checkout with fetch-depth: 0)`);
      }
      const [committed, working, untracked] = await Promise.all([
        git(['diff', '--name-only', '-z', '--no-renames', `${ref}...HEAD`, '--'], root),
        git(['diff', '--name-only', '-z', '--no-renames', 'HEAD', '--'], root),
        git(['ls-files', '-z', '--others', '--exclude-standard'], root),
      ]);
      return [...new Set([...nulSeparated(committed), ...nulSeparated(working), ...nulSeparated(untracked)])].sort();
    },
  };
}
