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
import { ACTIVATION_TIMES_COMMAND, activationTimes, bundleStart, type ActivationTimes } from './activationTimes';
import { registerCommands } from './commands';
import { registerDashboard } from './dashboard';
import { DocsProvider, DOCS_SCHEME } from './docs';
import { SERVER_INFO_COMMAND } from './internal';
import { registerInspection } from './inspection';
import { StatusBar, type CoachingItemState } from './status';
import { SERVER_EXEC_ARGV } from './serverProcess';
import { registerWalkthrough } from './walkthrough';
import { ServerInfoRequest, SetTrustedNotification } from '../server/protocol';

/** Languages VS Code gives prompt and context files; the server decides by the config's globs. */
const LANGUAGES = ['markdown', 'plaintext', 'prompt', 'instructions', 'chatagent', 'chatmode', 'mdc', 'skill'];
/** Files with no language of their own (or one VS Code does not know) that may be prompt files. */
const PATTERNS = '**/{.cursorrules,.windsurfrules,.clinerules,*.mdc,*.prompty,*.txt,*.j2,*.jinja,.promptcoach.json}';

const BUNDLE_START = bundleStart();

let client: LanguageClient | undefined;

/** The extension's exports (`vscode.extensions.getExtension(…).exports`): what the UI shows, for tests. */
export interface PromptCoachApi {
  /** The coaching level status bar item as shown now. */
  coachingItem(): CoachingItemState;
  /** Fires each time the item is drawn again. */
  onDidChangeCoachingItem: vscode.Event<CoachingItemState>;
  /** How long this activation took; undefined until `activate` has returned. */
  activationTimes(): ActivationTimes | undefined;
}

/**
 * Starts the client and registers everything, awaiting nothing: the server starts in the
 * background (requests wait for it), and the panels, the dashboard and the templates load on
 * first use. Activation then costs the modules loaded at start, mostly the language client.
 */
export function activate(context: vscode.ExtensionContext): PromptCoachApi {
  const activateStart = performance.now();
  let times: ActivationTimes | undefined;
  const output = vscode.window.createOutputChannel('Prompt Coach', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
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
    vscode.commands.registerCommand(ACTIVATION_TIMES_COMMAND, () => times),
    vscode.commands.registerCommand(SERVER_INFO_COMMAND, () => client?.sendRequest(ServerInfoRequest.type)),
  );

  // Not awaited: a failed start is already logged and shown by the client, and Restart Server tries again.
  client.start().catch(() => undefined);
  status.listen();
  times = activationTimes(BUNDLE_START, activateStart, performance.now());
  output.info(`Activated in ${times.totalMs} ms (modules ${times.moduleMs} ms, activate ${times.activateMs} ms)`);
  return { coachingItem: () => status.coachingItem(), onDidChangeCoachingItem: status.onDidChangeCoachingItem, activationTimes: () => times };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
