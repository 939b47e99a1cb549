/**
 * A commit as the dashboard shows it: `git show --stat --patch` limited to the prompt and context
 * files it changed. No `vscode` here, so the unit tests run it on a real repository.
 *
 * The repository may not be trusted: nothing git runs may come from its config. No pager, no
 * fsmonitor hook, no external diff driver, no textconv filter, no signature check (gpg), and the
 * paths are literal (a file named `*` is not a glob, `:(…)` is not pathspec magic).
 */
import { execFile } from 'node:child_process';

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
/** A diff larger than this is cut: an editor tab is not the place for it. */
const MAX_OUTPUT = 32 * 1024 * 1024;

export function gitShowArgs(sha: string, paths: readonly string[]): string[] {
  if (!SHA.test(sha)) throw new Error(`Unexpected commit '${sha}', expected a full hexadecimal commit id`);
  return [
    '-c', 'core.fsmonitor=false',
    '-c', 'core.quotepath=off',
    '-c', 'log.showSignature=false',
    '--no-pager',
    '--literal-pathspecs',
    'show',
    '--stat',
    '--patch',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--format=fuller',
    sha,
    '--',
    ...paths,
  ];
}

/** The text of `git show` for the commit in `root`; rejects with git's own message. */
export function gitShow(root: string, sha: string, paths: readonly string[]): Promise<string> {
  const args = gitShowArgs(sha, paths);
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: root, maxBuffer: MAX_OUTPUT, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim().split('\n').filter(Boolean).slice(-2).join(' ');
        reject(new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on the PATH' : detail));
      } else resolve(stdout);
    });
  });
}
