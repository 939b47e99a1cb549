/**
 * Rule docs as virtual Markdown documents (`promptcoach-docs:/rules/<id>.md`), so a diagnostic's
 * code link and "Explain Rule" open the coaching offline, rendered by VS Code's Markdown preview.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RuleDocsRequest } from '../server/protocol';

export const DOCS_SCHEME = 'promptcoach-docs';

export function docsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${ruleId}.md` });
}

export class DocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ruleId = /^\/rules\/([\w-]+)\.md$/.exec(uri.path)?.[1];
    if (!ruleId) return `# Not found\n\nNo Prompt Coach document at \`${uri.path}\`.`;
    const { markdown } = await this.client.sendRequest(RuleDocsRequest.type, { ruleId });
    return markdown;
  }

  /** Opens a rule's docs rendered, beside the editor. */
  async show(ruleId: string): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', docsUri(ruleId));
  }
}
