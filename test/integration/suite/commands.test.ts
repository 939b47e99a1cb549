// The commands: Explain Rule (virtual docs), Create Config, Restart Server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { STARTER_CONFIG } from '../../../src/core/config/starter';
import { RULES } from '../../../src/core/rules';
import {
  closeAllEditors,
  openDoc,
  readFile,
  ruleOf,
  waitForEvent,
  waitForOurs,
  waitForRule,
  workspaceFile,
  writeFile,
} from './helpers';

const DOCS_SCHEME = 'promptcoach-docs';

function summaryOf(ruleId: string): string {
  const rule = RULES.find((r) => r.meta.id === ruleId);
  assert.ok(rule, `no built-in rule ${ruleId}`);
  return rule.meta.docs.summary;
}

describe('commands', () => {
  afterEach(closeAllEditors);

  describe('Explain Rule', () => {
    it('opens the rule docs (promptcoach-docs:) with the summary', async () => {
      const opened = vscode.workspace.textDocuments.find((d) => d.uri.scheme === DOCS_SCHEME)
        ? Promise.resolve(vscode.workspace.textDocuments.find((d) => d.uri.scheme === DOCS_SCHEME) as vscode.TextDocument)
        : waitForEvent(vscode.workspace.onDidOpenTextDocument, (d) => d.uri.scheme === DOCS_SCHEME, 'a promptcoach-docs document to open');
      await vscode.commands.executeCommand('promptcoach.explainRule', 'broken-reference');
      const doc = await opened;
      assert.equal(doc.uri.path, '/rules/broken-reference.md');
      assert.ok(doc.getText().includes(summaryOf('broken-reference')), doc.getText().slice(0, 500));
      assert.match(doc.getText(), /^# `broken-reference`/);
    });

    it("serves each built-in rule's docs, and says so for an unknown id", async () => {
      for (const rule of RULES) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/rules/${rule.meta.id}.md` }));
        assert.ok(doc.getText().includes(rule.meta.docs.summary), `${rule.meta.id}: ${doc.getText().slice(0, 300)}`);
      }
      const custom = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DOCS_SCHEME, path: '/rules/no-please.md' }));
      assert.match(custom.getText(), /custom rule from \.promptcoach\.json/);
      const unknown = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: DOCS_SCHEME, path: '/rules/no-such-rule.md' }));
      assert.match(unknown.getText(), /^# Unknown rule `no-such-rule`/);
    });
  });

  describe('Create Config', () => {
    it('writes the starter config when there is none, and opens it', async () => {
      const original = await readFile('.promptcoach.json');
      const prompt = await openDoc('.github/prompts/write-tests.prompt.md');
      await vscode.workspace.fs.delete(workspaceFile('.promptcoach.json'));
      try {
        // Without the sample config, vague-language is back at its default severity: info.
        await waitForOurs(prompt.uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && d.severity === vscode.DiagnosticSeverity.Information));
        await vscode.commands.executeCommand('promptcoach.createConfig');
        assert.equal(await readFile('.promptcoach.json'), STARTER_CONFIG);
        assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('.promptcoach.json').toString());
      } finally {
        await closeAllEditors();
        await writeFile('.promptcoach.json', original);
      }
      await waitForOurs(prompt.uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && d.severity === vscode.DiagnosticSeverity.Warning));
    });

    it('leaves an existing config as it is, and opens it', async () => {
      const before = await readFile('.promptcoach.json');
      await vscode.commands.executeCommand('promptcoach.createConfig');
      assert.equal(await readFile('.promptcoach.json'), before);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), workspaceFile('.promptcoach.json').toString());
    });
  });

  describe('Restart Server', () => {
    it('restarts the language server and the diagnostics come back', async () => {
      const doc = await openDoc('CLAUDE.md');
      await waitForRule(doc.uri, 'broken-reference');
      // Stopping the client clears its diagnostics; the new server publishes them again.
      const cleared = waitForOurs(doc.uri, (ds) => ds.length === 0, 30_000);
      const restarted = vscode.commands.executeCommand('promptcoach.restartServer');
      await cleared;
      await restarted;
      const back = await waitForRule(doc.uri, 'broken-reference', 30_000);
      assert.ok(back.some((d) => ruleOf(d) === 'vague-language'));
    });
  });
});
