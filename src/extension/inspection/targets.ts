/**
 * Which files "Inspect Output…" inspects: those the explorer passes, or the reviewer's choice of
 * the active file, a selection in it, the files changed in the git working tree, or picked files.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Target } from '../../webview/inspection/protocol';
import { changedFiles } from './porcelain';

/** Characters of a selection kept as the excerpt the panel shows. */
const MAX_EXCERPT = 20_000;

/**
 * The files of the command's arguments: `(uri, uris)` from the explorer's context menu (`uris`
 * holds the whole selection), or a URI or an array of URIs from another command or a test.
 */
export function urisFromArgs(args: readonly unknown[]): vscode.Uri[] | undefined {
  const [first, second] = args;
  if (Array.isArray(second) && second.length > 0 && second.every((u) => u instanceof vscode.Uri)) return second;
  if (first instanceof vscode.Uri) return [first];
  if (Array.isArray(first) && first.length > 0 && first.every((u) => u instanceof vscode.Uri)) return first;
  return undefined;
}

/** The files of `uris` that exist and are not folders, as targets; folders and missing files are left out. */
export async function targetsOf(uris: readonly vscode.Uri[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const uri of uris) {
    const key = uri.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) continue;
    } catch {
      continue;
    }
    targets.push({ uri: key, label: labelOf(uri) });
  }
  return targets;
}

export function labelOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

type Source = 'active' | 'selection' | 'changed' | 'pick';

/** Asks the reviewer what to inspect; undefined when they cancel or there is nothing. */
export async function pickTargets(): Promise<Target[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  const activeFile = editor && editor.document.uri.scheme === 'file' ? editor : undefined;
  const items: (vscode.QuickPickItem & { source: Source })[] = [];
  if (activeFile) {
    items.push({ label: '$(file) Active file', description: labelOf(activeFile.document.uri), source: 'active' });
    const sel = activeFile.selection;
    if (!sel.isEmpty) {
      const { startLine, endLine } = lineSpan(sel);
      items.push({
        label: '$(selection) Selection in the active file',
        description: `${labelOf(activeFile.document.uri)}, lines ${startLine}–${endLine}`,
        source: 'selection',
      });
    }
  }
  items.push(
    { label: '$(git-commit) Changed files in the git working tree', description: 'staged, unstaged and untracked', source: 'changed' },
    { label: '$(files) Pick files…', source: 'pick' },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Prompt Coach: Inspect Output',
    placeHolder: 'What did the agent produce?',
  });
  if (!picked) return undefined;
  switch (picked.source) {
    case 'active':
      return activeFile ? targetsOf([activeFile.document.uri]) : undefined;
    case 'selection': {
      if (!activeFile) return undefined;
      const sel = activeFile.selection;
      const text = activeFile.document.getText(sel);
      const excerpt = { ...lineSpan(sel), text: text.length > MAX_EXCERPT ? `${text.slice(0, MAX_EXCERPT)}\n…` : text };
      return (await targetsOf([activeFile.document.uri])).map((t) => ({ ...t, excerpt }));
    }
    case 'changed':
      return pickChanged();
    case 'pick': {
      const uris = await vscode.window.showOpenDialog({
        canSelectMany: true,
        canSelectFiles: true,
        canSelectFolders: false,
        openLabel: 'Inspect',
        title: 'Files the agent produced',
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      });
      return uris?.length ? targetsOf(uris) : undefined;
    }
  }
}

/** 1-based lines; a selection that ends at the start of a line does not include that line. */
function lineSpan(sel: vscode.Selection): { startLine: number; endLine: number } {
  const end = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  return { startLine: sel.start.line + 1, endLine: end + 1 };
}

/** The changed files, all picked, for the reviewer to narrow down. */
async function pickChanged(): Promise<Target[] | undefined> {
  const uris = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Prompt Coach: listing changed files' },
    () => gitChangedFiles(),
  );
  if (uris === undefined) return undefined;
  const targets = await targetsOf(uris);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Prompt Coach: no changed files in the git working tree.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({ label: t.label, picked: true, target: t })),
    { title: 'Prompt Coach: Inspect Output', placeHolder: 'Changed files to inspect (untick those the agent did not produce)', canPickMany: true },
  );
  return picked?.length ? picked.map((p) => p.target) : undefined;
}

// ───────────────────────── git ─────────────────────────

/** The parts of the built-in git extension's API (`vscode.git`, `getAPI(1)`) used here. */
interface GitChange {
  uri: vscode.Uri;
}
interface GitRepository {
  rootUri: vscode.Uri;
  state: { workingTreeChanges: GitChange[]; indexChanges: GitChange[]; mergeChanges: GitChange[]; untrackedChanges?: GitChange[] };
  status(): Promise<void>;
}
interface GitApi {
  state: 'uninitialized' | 'initialized';
  onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  repositories: GitRepository[];
}
interface GitExtension {
  enabled: boolean;
  getAPI(version: 1): GitApi;
}

/**
 * Files changed in the workspace's git repositories: through the built-in git extension when it
 * is there, else `git status` in each workspace folder (trusted workspaces only: git runs hooks
 * and config from the repository). Undefined when neither is possible (the reviewer was told).
 */
export async function gitChangedFiles(): Promise<vscode.Uri[] | undefined> {
  const api = await gitApi();
  if (api && api.repositories.length > 0) {
    const uris: vscode.Uri[] = [];
    for (const repo of api.repositories) {
      await repo.status().catch(() => undefined);
      const { workingTreeChanges, indexChanges, mergeChanges, untrackedChanges = [] } = repo.state;
      for (const change of [...indexChanges, ...workingTreeChanges, ...mergeChanges, ...untrackedChanges]) uris.push(change.uri);
    }
    return uris;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Prompt Coach: listing changed files needs the git extension or a trusted workspace.');
    return undefined;
  }
  const run = promisify(execFile);
  const uris: vscode.Uri[] = [];
  let anyRepo = false;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    try {
      const { stdout: top } = await run('git', ['rev-parse', '--show-toplevel'], { cwd: folder.uri.fsPath });
      const { stdout } = await run('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
        cwd: folder.uri.fsPath,
        maxBuffer: 16 * 1024 * 1024,
      });
      anyRepo = true;
      const root = vscode.Uri.file(top.trim());
      for (const rel of changedFiles(stdout)) uris.push(vscode.Uri.joinPath(root, ...rel.split('/')));
    } catch {
      // not a repository, or no git: try the next folder
    }
  }
  if (!anyRepo) {
    void vscode.window.showWarningMessage('Prompt Coach: no git repository found in the workspace.');
    return undefined;
  }
  return uris;
}

async function gitApi(): Promise<GitApi | undefined> {
  try {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) return undefined;
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports.enabled) return undefined;
    const api = exports.getAPI(1);
    if (api.state !== 'initialized') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 5000);
        const sub = api.onDidChangeState((s) => s === 'initialized' && done());
        function done(): void {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    return api;
  } catch {
    return undefined;
  }
}
