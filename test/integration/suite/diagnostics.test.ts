// Diagnostics on the sample workspace: each flawed file gets the findings it was written to show,
// and each file that meets the standard gets none.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, openDoc, ruleOf, setText, SOURCE, waitForOurs, waitForRule } from './helpers';

/** File → rules it must have findings of (it may have more). */
const BAD: Record<string, string[]> = {
  '.github/prompts/write-tests.prompt.md': ['unresolved-placeholder', 'broken-reference', 'vague-language', 'frontmatter-required'],
  'CLAUDE.md': ['broken-reference', 'vague-language', 'unresolved-placeholder'],
  'skills/changelog-helper/SKILL.md': ['frontmatter-required'],
  '.github/instructions/testing.instructions.md': ['frontmatter-required', 'vague-language'],
  'prompts/onboarding.txt': ['unresolved-placeholder', 'success-criteria-missing'],
};

const GOOD = [
  '.github/prompts/review-pr.prompt.md',
  'AGENTS.md',
  '.github/agents/planner.agent.md',
  'skills/release-notes/SKILL.md',
  'prompts/summarize-incident.md',
  '.github/instructions/typescript.instructions.md',
  '.cursor/rules/react.mdc',
];

describe('diagnostics', () => {
  after(closeAllEditors);

  for (const [file, rules] of Object.entries(BAD)) {
    it(`reports ${rules.join(', ')} in ${file}`, async () => {
      const doc = await openDoc(file);
      const diagnostics = await waitForOurs(doc.uri, (ds) => rules.every((r) => ds.some((d) => ruleOf(d) === r)));
      for (const d of diagnostics) {
        assert.ok(d.range.end.line < doc.lineCount, `${ruleOf(d)} is past the end of ${file}: ${JSON.stringify(d.range)}`);
        assert.ok(d.message.length > 0);
      }
    });
  }

  it('carries source "Prompt Coach" and a code linking to the rule docs', async () => {
    const doc = await openDoc('.github/prompts/write-tests.prompt.md');
    const diagnostics = await waitForOurs(doc.uri, (ds) => ds.length > 0);
    for (const d of diagnostics) {
      assert.equal(d.source, SOURCE);
      assert.ok(typeof d.code === 'object' && d.code !== null, `code is not {value, target}: ${JSON.stringify(d.code)}`);
      const { value, target } = d.code as { value: string | number; target: vscode.Uri };
      assert.match(String(value), /^[a-z][a-z0-9-]*$/);
      assert.equal(target.scheme, 'promptcoach-docs');
      assert.equal(target.path, `/rules/${value}.md`);
    }
  });

  it('points broken-reference at the missing file only', async () => {
    const doc = await openDoc('CLAUDE.md');
    const diagnostics = await waitForOurs(doc.uri, (ds) => ds.some((d) => ruleOf(d) === 'broken-reference'));
    const broken = diagnostics.filter((d) => ruleOf(d) === 'broken-reference');
    assert.equal(broken.length, 1, JSON.stringify(broken.map((d) => d.message)));
    const [d] = broken as [vscode.Diagnostic];
    assert.match(d.message, /docs\/runbook\.md/);
    assert.match(doc.getText(d.range), /docs\/runbook\.md/);
    assert.equal(d.range.start.line, 2);
  });

  for (const file of GOOD) {
    it(`reports nothing in ${file}`, async () => {
      const doc = await openDoc(file);
      const original = doc.getText();
      // "No diagnostics" must not be "not checked (yet)": first prove the server checks this file
      // by adding a flaw and seeing it reported, then take it out and see the server publish nothing.
      await setText(doc, `${original.replace(/\n?$/, '\n')}\nTODO: marker for the test\n`);
      await waitForRule(doc.uri, 'unresolved-placeholder');
      await setText(doc, original);
      const diagnostics = await waitForOurs(doc.uri, (ds) => !ds.some((d) => d.message.includes("'TODO'")));
      assert.deepEqual(
        diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)}: ${d.message}`),
        [],
      );
    });
  }
});
