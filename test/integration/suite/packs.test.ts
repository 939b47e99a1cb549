// Packs in a real VS Code: the clause of the team's standard in the diagnostic (the squiggle's
// hover and the Problems panel show its message) and in the hover, from the recommended pack, a
// pack folder and a pack installed from npm; the coaching level setting in the diagnostics and the
// status bar. The pack folder and package are written at run time into the scratch workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { preset } from '../../../src/core/config/presets';
import type { PromptCoachApi } from '../../../src/extension/extension';
import {
  closeAllEditors,
  hoverText,
  openDoc,
  removeFile,
  ruleOf,
  waitForEvent,
  waitForOurs,
  waitForRule,
  writeFile,
} from './helpers';

const EXTENSION_ID = 'promptcoach.prompt-coach';
const SAMPLE = '.github/prompts/write-tests.prompt.md';
/** A prompt with a vague word ('some') wherever it is written. */
const TASK = '---\ndescription: Write tests for the parser\n---\n# Task\n\nWrite some tests for the parser module.\n';

function pack(name: string, clause: { id: string; text: string }): string {
  return JSON.stringify(
    { name, version: '1.0.0', description: 'A team standard for the tests.', standard: { clauses: [{ ...clause, rules: ['vague-language'] }] } },
    null,
    2,
  );
}

function messageLines(d: vscode.Diagnostic): string[] {
  return d.message.split('\n');
}

function hoverAt(uri: vscode.Uri, position: vscode.Position): Thenable<vscode.Hover[]> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
}

/** The clause in the diagnostic's second line, and first in its hover. */
async function assertCited(uri: vscode.Uri, clause: { id: string; text: string }): Promise<void> {
  const diagnostics = await waitForOurs(uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && d.message.includes(`Team standard ${clause.id}:`)));
  const vague = diagnostics.find((d) => ruleOf(d) === 'vague-language') as vscode.Diagnostic;
  assert.equal(messageLines(vague)[1], `Team standard ${clause.id}: ${clause.text}`, vague.message);
  assert.equal(typeof vague.code === 'object' ? vague.code.target.toString() : '', 'promptcoach-docs:/rules/vague-language.md', 'the code still links to the docs');
  const text = hoverText(await hoverAt(uri, vague.range.start.translate(0, 1)));
  const at = text.indexOf(`**Team standard ${clause.id}** — ${clause.text}`);
  assert.ok(at >= 0, `hover: expected the clause, got ${JSON.stringify(text.slice(0, 400))}`);
  assert.ok(at < text.indexOf('**`vague-language`**'), "hover: the clause comes before the rule's coaching");
}

describe('packs', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    await closeAllEditors();
    for (const f of scratch.splice(0)) await removeFile(f);
  });

  it('a finding of a rule the recommended pack cites carries its clause, in the diagnostic and the hover', async () => {
    const dir5 = preset('promptcoach:recommended').standard.clauses.find((c) => c.id === 'DIR-5');
    assert.ok(dir5, 'the recommended pack has DIR-5');
    const doc = await openDoc(SAMPLE);
    await assertCited(doc.uri, dir5);
  });

  it('a pack folder that a config extends: its clause is cited instead, and its docs page lists it', async () => {
    const clause = { id: 'ACME-1', text: 'Say exactly what you want: no vague words.' };
    scratch.push('packs-folder');
    await writeFile('packs-folder/acme-pack/promptcoach-pack.json', pack('acme-prompt-pack', clause));
    await writeFile('packs-folder/.promptcoach.json', JSON.stringify({ extends: './acme-pack' }));
    await writeFile('packs-folder/task.prompt.md', TASK);
    const doc = await openDoc('packs-folder/task.prompt.md');
    await assertCited(doc.uri, clause);
    const docs = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'promptcoach-docs', path: '/rules/vague-language.md' }));
    // The page may have been opened before this test wrote the pack (documents are kept): the recommended clause is there either way.
    assert.match(docs.getText(), /### In the team's standard\n\n(?:- .*\n)*- \*\*DIR-5\*\* — /);
  });

  it('a pack installed from npm that a config extends: its clause is cited', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    const clause = { id: 'NPM-1', text: 'Name the thing: no vague words.' };
    scratch.push('packs-npm', 'node_modules/@acme');
    await writeFile('node_modules/@acme/prompt-pack/package.json', JSON.stringify({ name: '@acme/prompt-pack', version: '1.0.0' }));
    await writeFile('node_modules/@acme/prompt-pack/promptcoach-pack.json', pack('@acme/prompt-pack', clause));
    await writeFile('packs-npm/.promptcoach.json', JSON.stringify({ extends: '@acme/prompt-pack' }));
    await writeFile('packs-npm/task.prompt.md', TASK);
    const doc = await openDoc('packs-npm/task.prompt.md');
    await assertCited(doc.uri, clause);
  });

  describe('coaching level', () => {
    let api: PromptCoachApi;
    before(async () => {
      const extension = vscode.extensions.getExtension<PromptCoachApi>(EXTENSION_ID);
      assert.ok(extension);
      api = await extension.activate();
    });
    after(() => vscode.commands.executeCommand('promptcoach.selectCoachingLevel', 'default'));

    /** Resolves once the item shows `text`: now, or at a later render (checked, then subscribed, in one turn). */
    async function itemShowing(text: string): Promise<void> {
      const now = api.coachingItem();
      if (now.visible && now.text === text) return;
      await waitForEvent(api.onDidChangeCoachingItem, (s) => s.visible && s.text === text, `the status bar to show ${text}`);
    }

    it('the status bar shows the level of the active file; the setting raises warnings to errors and shows strict', async () => {
      const doc = await openDoc(SAMPLE);
      await waitForRule(doc.uri, 'vague-language');
      await itemShowing('$(mortar-board) standard');
      assert.match(api.coachingItem().tooltip, /standard\*\*, the default/);

      await vscode.commands.executeCommand('promptcoach.selectCoachingLevel', 'strict');
      assert.equal(vscode.workspace.getConfiguration('promptcoach').inspect('coachingLevel')?.globalValue, 'strict', 'a user setting');
      const diagnostics = await waitForOurs(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && d.severity === vscode.DiagnosticSeverity.Error));
      assert.ok(!diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Warning), 'no warning is left at strict');
      await itemShowing('$(mortar-board) strict');
      assert.match(api.coachingItem().tooltip, /strict\*\*, set by your `promptcoach\.coachingLevel` setting/);

      await vscode.commands.executeCommand('promptcoach.selectCoachingLevel', 'learn');
      const learning = await waitForOurs(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && d.message.includes('\nWhy: ')));
      assert.equal(learning.find((d) => ruleOf(d) === 'vague-language')?.severity, vscode.DiagnosticSeverity.Warning);
      await itemShowing('$(mortar-board) learn');

      await vscode.commands.executeCommand('promptcoach.selectCoachingLevel', 'default');
      assert.equal(vscode.workspace.getConfiguration('promptcoach').inspect('coachingLevel')?.globalValue, undefined, 'default clears the setting');
      await waitForOurs(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'vague-language' && !d.message.includes('\nWhy: ')));
      await itemShowing('$(mortar-board) standard');
    });

    it('refuses a level it does not know', async () => {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('promptcoach.selectCoachingLevel', 'lenient')), /Unexpected coaching level "lenient", expected 'learn', 'standard', 'strict', 'default'/);
    });
  });
});
