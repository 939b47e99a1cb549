// Server faults (issue #9): the language server process dies mid-session; the client starts it
// again and diagnostics come back without the user doing anything.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SERVER_INFO_COMMAND } from '../../../src/extension/internal';
import type { ServerInfo } from '../../../src/server/protocol';
import { closeAllEditors, openDoc, ruleOf, setText, waitForOurs, waitForRule } from './helpers';

/** The running server's process id, or undefined while there is none to answer. */
async function serverPid(): Promise<number | undefined> {
  try {
    return (await vscode.commands.executeCommand<ServerInfo | undefined>(SERVER_INFO_COMMAND))?.pid;
  } catch {
    return undefined;
  }
}

/** Asks until the server answers with a process other than `old`; fails after `timeoutMs`. */
async function nextServer(old: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pid = await serverPid();
    if (pid !== undefined && pid !== old) return pid;
    // A request to a stopped client fails at once: give the restart a moment between asks.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no new language server within ${timeoutMs} ms of killing process ${old}`);
}

describe('server faults', () => {
  after(closeAllEditors);

  it('starts the killed language server again, and the open file is diagnosed by the new one', async () => {
    const doc = await openDoc('.github/prompts/write-tests.prompt.md');
    await waitForRule(doc.uri, 'unresolved-placeholder', 30_000);
    const pid = await serverPid();
    assert.ok(pid, 'the server reports its process id');

    process.kill(pid, 'SIGKILL');
    const restarted = await nextServer(pid, 60_000);
    assert.notEqual(restarted, pid);

    // An edit after the restart is diagnosed: a new leftover placeholder shows up.
    const count = (ds: readonly vscode.Diagnostic[]) => ds.filter((d) => ruleOf(d) === 'unresolved-placeholder').length;
    const before = count(vscode.languages.getDiagnostics(doc.uri));
    await setText(doc, `${doc.getText()}\n\nAsk [INSERT the owner's name] before you merge.\n`);
    await waitForOurs(doc.uri, (ds) => count(ds) > before, 30_000);
  });
});
