/** "Which prompt produced this output?": a quick pick of the workspace's prompt and context files. */
import * as vscode from 'vscode';
import { DEFAULT_FILES } from '../../core/kinds';
import type { Kind } from '../../core/types';
import type { PromptLink } from '../../webview/inspection/protocol';
import { expandBraces } from './globs';
import { labelOf } from './targets';

/** Most likely first: the files people hand an agent as its task. */
const GROUPS: { kind: Kind; title: string }[] = [
  { kind: 'prompt', title: 'Prompts' },
  { kind: 'agent', title: 'Agents' },
  { kind: 'instructions', title: 'Instructions' },
  { kind: 'skill', title: 'Skills' },
  { kind: 'context', title: 'Context files' },
  { kind: 'rules', title: 'Rules' },
];
const MAX_FILES = 500;
const EXCLUDE = '{**/node_modules/**,**/.git/**}';

type Item = vscode.QuickPickItem & ({ action: 'file'; uri: vscode.Uri } | { action: 'browse' } | { action: 'unlink' });

/**
 * Asks for the prompt file: the link (possibly the same), null to unlink, undefined when the
 * reviewer cancels.
 */
export async function pickPrompt(current: PromptLink | null): Promise<PromptLink | null | undefined> {
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = 'Prompt Coach: Link the prompt that produced the output';
  quickPick.placeholder = 'Type to search the prompt files';
  quickPick.matchOnDescription = true;
  quickPick.busy = true;
  const actions: Item[] = [{ label: '$(folder-opened) Browse…', description: 'a file anywhere', action: 'browse', alwaysShow: true }];
  if (current) actions.push({ label: '$(close) Unlink the prompt', description: current.label, action: 'unlink', alwaysShow: true });
  quickPick.items = actions;
  quickPick.show();

  const files = await promptFiles();
  const items: Item[] = [];
  for (const { title, uris } of files) {
    if (uris.length === 0) continue;
    items.push({ label: title, kind: vscode.QuickPickItemKind.Separator, action: 'browse' });
    for (const uri of uris) {
      const label = labelOf(uri);
      const slash = label.lastIndexOf('/');
      items.push({
        label: `${uri.toString() === current?.uri ? '$(check) ' : ''}${slash >= 0 ? label.slice(slash + 1) : label}`,
        description: slash >= 0 ? label.slice(0, slash) : '',
        action: 'file',
        uri,
      });
    }
  }
  quickPick.items = [...items, { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'browse' }, ...actions];
  quickPick.busy = false;

  const picked = await new Promise<Item | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (!picked) return undefined;
  switch (picked.action) {
    case 'unlink':
      return null;
    case 'file':
      return { uri: picked.uri.toString(), label: labelOf(picked.uri) };
    case 'browse': {
      const uris = await vscode.window.showOpenDialog({
        canSelectMany: false,
        canSelectFiles: true,
        canSelectFolders: false,
        openLabel: 'Link Prompt',
        title: 'The prompt that produced the output',
        ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
      });
      const uri = uris?.[0];
      return uri ? { uri: uri.toString(), label: labelOf(uri) } : undefined;
    }
  }
}

/** The workspace's files of each kind by the default globs, each file once (its first kind). */
async function promptFiles(): Promise<{ title: string; uris: vscode.Uri[] }[]> {
  const seen = new Set<string>();
  const found = await Promise.all(
    GROUPS.map(async ({ kind, title }) => {
      const globs = Object.entries(DEFAULT_FILES)
        .filter(([, k]) => k === kind)
        .flatMap(([glob]) => expandBraces(glob));
      const uris = globs.length ? await vscode.workspace.findFiles(`{${globs.join(',')}}`, EXCLUDE, MAX_FILES) : [];
      return { title, uris: uris.sort((a, b) => labelOf(a).localeCompare(labelOf(b))) };
    }),
  );
  return found.map(({ title, uris }) => ({
    title,
    uris: uris.filter((u) => {
      const key = u.toString();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  }));
}
