/**
 * Commits as read-only virtual documents (`promptcoach-commit:/<short sha>.diff?<what>`): the
 * dashboard opens one when a chart point or a mover is clicked. The document is the text of
 * `git show --stat --patch` limited to the prompt files the commit changed, in the `diff`
 * language. The URI carries the repository root, the commit and the paths, so an editor restored
 * after a reload shows the same commit again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { gitShow } from './git-show';
import { COMMIT_SCHEME } from './view';

const Query = z.object({
  root: z.string().check(z.minLength(1), z.maxLength(4096)),
  sha: z.string().check(z.regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/)),
  paths: z.array(z.string().check(z.minLength(1), z.maxLength(4096))).check(z.maxLength(10_000)),
});
type Query = z.infer<typeof Query>;

export function commitUri(root: vscode.Uri, sha: string, paths: readonly string[]): vscode.Uri {
  const query: Query = { root: root.fsPath, sha, paths: [...paths] };
  return vscode.Uri.from({ scheme: COMMIT_SCHEME, path: `/${sha.slice(0, 10)}.diff`, query: JSON.stringify(query) });
}

export class CommitDocuments implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: Query;
    try {
      query = Query.parse(JSON.parse(uri.query));
    } catch {
      return `Unexpected commit link ${uri.toString(true)}, expected one the Prompt Coach dashboard made: open the commit from the dashboard again.\n`;
    }
    if (!isWorkspaceRepository(query.root)) {
      return `Unexpected repository ${query.root}, expected the git repository of an open folder: open the commit from the dashboard again.\n`;
    }
    try {
      const text = await gitShow(query.root, query.sha, query.paths);
      return text || `Commit ${query.sha} changed none of these files any more: ${query.paths.join(', ')}\n`;
    } catch (error) {
      return `git could not show commit ${query.sha}: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  /** Opens the commit beside the dashboard, as a diff. */
  static async show(root: vscode.Uri, sha: string, paths: readonly string[], viewColumn: vscode.ViewColumn): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(commitUri(root, sha, paths));
    const diff = doc.languageId === 'diff' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'diff');
    await vscode.window.showTextDocument(diff, { viewColumn, preview: true });
  }
}

/**
 * A repository root (it has `.git`) that holds a workspace folder or is inside one: git runs only
 * in a repository the user opened, never in a parent folder such as `/`.
 */
function isWorkspaceRepository(root: string): boolean {
  const resolved = path.resolve(root);
  if (!path.isAbsolute(root) || !fs.existsSync(path.join(resolved, '.git'))) return false;
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    if (f.uri.scheme !== 'file') return false;
    const folder = path.resolve(f.uri.fsPath);
    return isWithin(resolved, folder) || isWithin(folder, resolved);
  });
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
