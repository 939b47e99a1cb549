/**
 * The VS Code client: a thin layer that starts the language server (its own process), shows the
 * status of the active prompt file, renders rule docs, registers the commands, and hosts the
 * inspection panel. All analysis happens in the server; nothing here reads prompt files.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerDashboard } from './dashboard';
import { DocsProvider, DOCS_SCHEME } from './docs';
import { registerInspection } from './inspection';
import { StatusBar, type CoachingItemState } from './status';
import { registerWalkthrough } from './walkthrough';
import { SetTrustedNotification } from '../server/protocol';

/** Languages VS Code gives prompt and context files; the server decides by the config's globs. */
const LANGUAGES = ['markdown', 'plaintext', 'prompt', 'instructions', 'chatagent', 'chatmode', 'mdc', 'skill'];
/** Files with no language of their own (or one VS Code does not know) that may be prompt files. */
const PATTERNS = '**/{.cursorrules,.windsurfrules,.clinerules,*.mdc,*.prompty,*.txt,*.j2,*.jinja,.promptcoach.json}';

let client: LanguageClient | undefined;

/** The extension's exports (`vscode.extensions.getExtension(…).exports`): what the UI shows, for tests. */
export interface PromptCoachApi {
  /** The coaching level status bar item as shown now. */
  coachingItem(): CoachingItemState;
  /** Fires each time the item is drawn again. */
  onDidChangeCoachingItem: vscode.Event<CoachingItemState>;
}

export async function activate(context: vscode.ExtensionContext): Promise<PromptCoachApi> {
  const output = vscode.window.createOutputChannel('Prompt Coach', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      { scheme: 'file', pattern: PATTERNS },
    ],
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    markdown: { isTrusted: false, supportHtml: false },
  };

  client = new LanguageClient('promptcoach', 'Prompt Coach', serverOptions, clientOptions);
  const status = new StatusBar(client);
  const docs = new DocsProvider(client);
  context.subscriptions.push(
    status,
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, docs),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(SetTrustedNotification.type, { trusted: true });
    }),
    ...registerCommands({ client, output, docs }),
    // Before the first await: VS Code restores inspection panels left open through its serializer.
    ...registerInspection(context, client, output),
    ...registerDashboard(context, client, output),
    ...registerWalkthrough(context.extensionUri),
  );

  await client.start();
  status.listen();
  return { coachingItem: () => status.coachingItem(), onDidChangeCoachingItem: status.onDidChangeCoachingItem };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
