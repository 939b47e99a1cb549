// Proves the harness: a real VS Code started with the fixture workspace and this repo as the
// extension under development. Extension behaviour tests go in their own *.test.ts files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openDoc, waitForDiagnostics, workspaceFile } from './helpers';

describe('VS Code integration harness', () => {
  it('runs a VS Code 1.x', () => {
    assert.match(vscode.version, /^1\./);
  });

  it('opens the fixture workspace', async () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
    const stat = await vscode.workspace.fs.stat(workspaceFile('AGENTS.md'));
    assert.equal(stat.type, vscode.FileType.File);
  });

  it('loads extensions, including the one under development', () => {
    assert.ok(vscode.extensions.all.length > 0);
    assert.ok(vscode.extensions.getExtension('promptcoach.prompt-coach'), 'promptcoach.prompt-coach is not loaded');
  });

  it('honours the requested workspace trust', function () {
    const expected = process.env.PROMPT_COACH_WORKSPACE_TRUST;
    if (!expected) this.skip(); // a runner that does not say
    assert.equal(vscode.workspace.isTrusted, expected === 'trusted');
  });

  it('opens a document in an editor', async () => {
    const doc = await openDoc('AGENTS.md');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
  });

  describe('waitForDiagnostics', () => {
    let collection: vscode.DiagnosticCollection;
    beforeEach(() => (collection = vscode.languages.createDiagnosticCollection('harness-test')));
    afterEach(() => collection.dispose());

    it('resolves when diagnostics arrive later', async () => {
      const uri = workspaceFile('harness-only.md'); // no file, so no other diagnostics
      setTimeout(() => collection.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'late')]), 50);
      const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => d.message === 'late'), 5000);
      assert.deepEqual(diagnostics.map((d) => d.message), ['late']);
    });

    it('rejects after its timeout', async () => {
      await assert.rejects(waitForDiagnostics(workspaceFile('harness-only.md'), () => false, 100), /timed out after 100 ms/);
    });
  });
});
