// "Prompt Coach: New Prompt from Template…" in a real VS Code, run with arguments (no UI): the file
// lands where the template says, opens, and a file made from a built-in template with careful
// answers has no direction finding. An existing file is never overwritten unless asked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../../src/core/rules';
import { closeAllEditors, readFile, removeFile, ruleOf, setText, waitForOurs, waitForRule, workspaceFile, writeFile } from './helpers';

/** Answers a careful operator gives the built-in task prompt. */
const ANSWERS = {
  name: 'release-notes-from-template',
  objective: 'Write release notes for the changes merged since the last tag, for our customers.',
  context: 'Our changelog follows Keep a Changelog, and customers read it on the website.',
  output: 'A Markdown list of at most ten bullet points, grouped under Added, Changed and Fixed.',
  done: 'Every merged pull request appears once, in words a customer understands.',
};
const FILE = `.github/prompts/${ANSWERS.name}.prompt.md`;
const DIRECTION = new Set(RULES.filter((r) => r.meta.category === 'direction').map((r) => r.meta.id));

describe('templates', () => {
  const scratch: string[] = [];
  afterEach(async () => {
    await closeAllEditors();
    for (const f of scratch.splice(0)) await removeFile(f);
  });

  it('New Prompt from Template with arguments writes the file, opens it, and it has no direction finding', async () => {
    scratch.push(FILE);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('promptcoach.newFromTemplate', { templateId: 'task-prompt', answers: ANSWERS });
    assert.equal(uri.toString(), workspaceFile(FILE).toString());
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), uri.toString(), 'the new file is the active editor');
    assert.equal(editor.document.isDirty, false, 'saved');
    const onDisk = await readFile(FILE);
    assert.equal(editor.document.getText(), onDisk);
    assert.ok(onDisk.includes(ANSWERS.objective) && onDisk.includes(ANSWERS.done), onDisk);
    assert.doesNotMatch(onDisk, /\$\{input:/);

    // "No finding" proves nothing until the server has looked: add a vague word, see it reported, take it out again.
    await setText(editor.document, `${onDisk}\nAdd some tests where appropriate.\n`);
    await waitForRule(uri, 'vague-language');
    await setText(editor.document, onDisk);
    const diagnostics = await waitForOurs(uri, (ds) => !ds.some((d) => ruleOf(d) === 'vague-language'));
    const direction = diagnostics.filter((d) => DIRECTION.has(ruleOf(d)));
    assert.deepEqual(direction.map((d) => `${ruleOf(d)}: ${d.message}`), []);
  });

  it('keeps an existing file: writes name-2 next to it, or replaces its text only when asked', async () => {
    const existing = '.github/prompts/kept.prompt.md';
    scratch.push(existing, '.github/prompts/kept-2.prompt.md');
    await writeFile(existing, '# Kept\n\nWrite the changelog entry for the release.\n');
    const args = { templateId: 'task-prompt', answers: { ...ANSWERS, name: 'kept' } };
    const second = await vscode.commands.executeCommand<vscode.Uri>('promptcoach.newFromTemplate', args);
    assert.equal(second.toString(), workspaceFile('.github/prompts/kept-2.prompt.md').toString());
    assert.equal(await readFile(existing), '# Kept\n\nWrite the changelog entry for the release.\n');
    const replaced = await vscode.commands.executeCommand<vscode.Uri>('promptcoach.newFromTemplate', { ...args, overwrite: true });
    assert.equal(replaced.toString(), workspaceFile(existing).toString());
    assert.ok((await readFile(existing)).includes(ANSWERS.objective));
  });

  it('refuses an unknown template and a file name that leaves the folder', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('promptcoach.newFromTemplate', { templateId: 'no-such-template', answers: {} })),
      /Unknown template 'no-such-template', expected one of: task-prompt, /,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('promptcoach.newFromTemplate', { templateId: 'task-prompt', answers: { ...ANSWERS, name: '../escape' } })),
      /Unexpected file name '\.\.\/escape' for input 'name'/,
    );
  });
});
