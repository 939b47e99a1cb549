/** Commands (category "Prompt Coach"): small factories, registered from one place. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CONFIG_FILE_NAME, STARTER_CONFIG } from '../core/config/starter';
import { ClientCommands, LintWorkspaceRequest, ListRulesRequest } from '../server/protocol';
import { selectCoachingLevel } from './coachingLevel';
import type { DocsProvider } from './docs';

interface Deps {
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  docs: DocsProvider;
}

export function registerCommands(deps: Deps): vscode.Disposable[] {
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'promptcoach.lintWorkspace': () => lintWorkspace(deps),
    'promptcoach.explainRule': (ruleId?: unknown) => explainRule(deps, typeof ruleId === 'string' ? ruleId : undefined),
    'promptcoach.createConfig': () => createConfig(),
    'promptcoach.restartServer': () => deps.client.restart(),
    'promptcoach.showOutput': () => deps.output.show(),
    'promptcoach.showProblems': () => vscode.commands.executeCommand('workbench.actions.view.problems'),
    [ClientCommands.selectCoachingLevel]: (level?: unknown) => selectCoachingLevel(level),
    // Loaded on first use: activation does not pay for the templates' questions and forms.
    [ClientCommands.newFromTemplate]: async (args?: unknown) => (await import('./templates')).newFromTemplate(deps.client, args),
  };
  return Object.entries(commands).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}

async function lintWorkspace({ client }: Deps): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Prompt Coach: checking every prompt file…' },
    () => client.sendRequest(LintWorkspaceRequest.type, {}),
  );
  const { files, errors, warnings, infos } = result;
  const action = errors + warnings + infos ? 'Show Problems' : undefined;
  const picked = await vscode.window.showInformationMessage(
    `Prompt Coach checked ${files} files: ${errors} errors, ${warnings} warnings, ${infos} infos.`,
    ...(action ? [action] : []),
  );
  if (picked) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

async function explainRule({ client, docs }: Deps, ruleId: string | undefined): Promise<void> {
  let id = ruleId;
  if (!id) {
    const { rules } = await client.sendRequest(ListRulesRequest.type, {});
    const picked = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.id, description: r.category, detail: r.summary })),
      { title: 'Prompt Coach: Explain Rule', placeHolder: 'Which rule?', matchOnDetail: true },
    );
    id = picked?.label;
  }
  if (id) await docs.show(id);
}

async function createConfig(): Promise<void> {
  const folder =
    vscode.workspace.workspaceFolders?.length === 1
      ? vscode.workspace.workspaceFolders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the team config go?' });
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  let exists = true;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    exists = false;
  }
  if (exists) {
    void vscode.window.showWarningMessage(`${CONFIG_FILE_NAME} already exists in ${folder.name}; it was left as it is.`);
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  }
  await vscode.window.showTextDocument(uri);
}
