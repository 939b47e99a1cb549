// Hovers, completions, the outline and the code lens, through VS Code's own command API: what the
// editor shows, provider results merged from every extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { frontmatterKey } from '../../../src/core/frontmatter-keys';
import { RULES } from '../../../src/core/rules';
import {
  closeAllEditors,
  hoverText,
  labelOf,
  openDoc,
  removeFile,
  ruleOf,
  waitForRule,
  writeFile,
} from './helpers';

function rationale(ruleId: string): string {
  const rule = RULES.find((r) => r.meta.id === ruleId);
  assert.ok(rule, `no built-in rule ${ruleId}`);
  return rule.meta.docs.rationale;
}

function hoverAt(uri: vscode.Uri, position: vscode.Position): Thenable<vscode.Hover[]> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
}

async function completionsAt(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
  return list.items.map(labelOf);
}

/** A white-space-insensitive "contains": Markdown may be re-wrapped on the way. */
function assertContains(text: string, part: string, what: string): void {
  const squash = (s: string) => s.replace(/\s+/g, ' ');
  assert.ok(squash(text).includes(squash(part)), `${what}: expected to contain ${JSON.stringify(part)}, got ${JSON.stringify(text)}`);
}

describe('language features', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    await closeAllEditors();
    for (const f of scratch.splice(0)) await removeFile(f);
  });

  describe('hover', () => {
    it("over a finding shows the rule's rationale", async () => {
      const doc = await openDoc('.github/prompts/write-tests.prompt.md');
      const diagnostics = await waitForRule(doc.uri, 'vague-language');
      const vague = diagnostics.find((d) => ruleOf(d) === 'vague-language') as vscode.Diagnostic;
      const text = hoverText(await hoverAt(doc.uri, vague.range.start.translate(0, 1)));
      assertContains(text, 'vague-language', 'hover');
      assertContains(text, rationale('vague-language'), 'hover');
    });

    it('over a frontmatter key explains the key', async () => {
      const file = '.github/instructions/typescript.instructions.md';
      const doc = await openDoc(file);
      const line = doc.getText().split('\n').findIndex((l) => l.startsWith('applyTo:'));
      assert.ok(line > 0);
      const text = hoverText(await hoverAt(doc.uri, new vscode.Position(line, 2)));
      const key = frontmatterKey('instructions', doc.uri.fsPath, 'applyTo');
      assert.ok(key, 'no applyTo key for instructions files');
      assertContains(text, 'applyTo', 'hover');
      assertContains(text, key.description, 'hover');
    });

    it('elsewhere shows nothing from Prompt Coach', async () => {
      const doc = await openDoc('AGENTS.md');
      const text = hoverText(await hoverAt(doc.uri, new vscode.Position(2, 3)));
      assert.doesNotMatch(text, /Why it matters|category:/);
    });
  });

  describe('completion', () => {
    it('offers the frontmatter keys of a new .prompt.md', async () => {
      const relPath = '.github/prompts/scratch-new.prompt.md';
      scratch.push(relPath);
      await writeFile(relPath, '---\n\n---\n');
      const doc = await openDoc(relPath);
      const labels = await completionsAt(doc.uri, new vscode.Position(1, 0));
      assert.ok(labels.includes('description'), `no 'description' among ${JSON.stringify(labels)}`);
      assert.ok(labels.includes('agent'), `no 'agent' among ${JSON.stringify(labels)}`);
    });

    it('offers workspace paths after #file:', async () => {
      const relPath = 'scratch-file-tag.prompt.md';
      scratch.push(relPath);
      await writeFile(relPath, '---\ndescription: Check the invoice module\n---\nRead #file:\n');
      const doc = await openDoc(relPath);
      const top = await completionsAt(doc.uri, new vscode.Position(3, 'Read #file:'.length), ':');
      for (const expected of ['AGENTS.md', 'docs/', 'src/']) {
        assert.ok(top.includes(expected), `no '${expected}' among ${JSON.stringify(top)}`);
      }
      await vscode.window.activeTextEditor?.edit((b) => b.insert(new vscode.Position(3, 'Read #file:'.length), 'src/billing/'));
      const nested = await completionsAt(doc.uri, new vscode.Position(3, 'Read #file:src/billing/'.length), '/');
      assert.ok(nested.includes('invoice.ts'), `no 'invoice.ts' among ${JSON.stringify(nested)}`);
    });
  });

  describe('outline and code lens', () => {
    it('gives the frontmatter and the section tree as document symbols', async () => {
      const doc = await openDoc('.github/prompts/review-pr.prompt.md');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      const outline = (s: vscode.DocumentSymbol): unknown => (s.children.length ? { [s.name]: s.children.map(outline) } : s.name);
      const ofOurs = symbols.filter((s) => s.name === 'Frontmatter' || s.name === 'Review the pull request');
      assert.deepEqual(ofOurs.map(outline), [
        { Frontmatter: ['description', 'agent'] },
        { 'Review the pull request': ['Context', 'Constraints', 'Output format', 'Done when'] },
      ]);
      const section = ofOurs[1] as vscode.DocumentSymbol;
      assert.equal(section.selectionRange.start.line, 4);
    });

    it('shows a token estimate and the finding counts in the code lens', async () => {
      const doc = await openDoc('.github/prompts/write-tests.prompt.md');
      await waitForRule(doc.uri, 'vague-language');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const titles = lenses.map((l) => l.command?.title ?? '');
      const title = titles.find((t) => t.includes('tokens'));
      assert.ok(title, `no "tokens" code lens among ${JSON.stringify(titles)}`);
      assert.match(title, /^≈ \d+ tokens · \d+ errors?, [1-9]\d* warnings?/);
      const lens = lenses.find((l) => l.command?.title === title) as vscode.CodeLens;
      assert.equal(lens.range.start.line, 0);
      assert.equal(lens.command?.command, 'promptcoach.showProblems');
    });
  });
});
