// The team config in the editor: its problems are diagnostics on .promptcoach.json, a broken
// config leaves the last good one in force, and editing it (unsaved) re-checks the open files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  openDoc,
  ours,
  ruleOf,
  setText,
  waitForNoRule,
  waitForOurs,
  waitForRule,
} from './helpers';

const CONFIG = '.promptcoach.json';
const PROMPT = '.github/prompts/write-tests.prompt.md';

/** Line index of the first line containing `part`. */
function lineOf(doc: vscode.TextDocument, part: string): number {
  const line = doc.getText().split('\n').findIndex((l) => l.includes(part));
  assert.ok(line >= 0, `no line with ${JSON.stringify(part)} in ${doc.uri.path}`);
  return line;
}

const isVagueWarning = (d: vscode.Diagnostic) => ruleOf(d) === 'vague-language' && d.severity === vscode.DiagnosticSeverity.Warning;

describe('config file', () => {
  let prompt: vscode.TextDocument;
  let config: vscode.TextDocument;
  let original: string;

  beforeEach(async () => {
    prompt = await openDoc(PROMPT);
    // The sample config raises vague-language from its default (info) to warning.
    await waitForOurs(prompt.uri, (ds) => ds.some(isVagueWarning));
    config = await openDoc(CONFIG);
    original = config.getText();
  });

  afterEach(async () => {
    // Back to the file on disk, and wait until it is in force again for the next test.
    if (config.getText() !== original) await setText(config, original);
    await config.save();
    await waitForOurs(config.uri, (ds) => ds.length === 0);
    await waitForOurs(prompt.uri, (ds) => ds.some(isVagueWarning));
    await closeAllEditors();
  });

  it('reports a syntax error at its line, and the last good config stays in force', async () => {
    const broken = original.replace('"success-criteria-missing": "warning"', '"success-criteria-missing" "warning"'); // no colon
    assert.notEqual(broken, original, 'the sample config changed; update this test');
    await setText(config, broken);

    const problems = await waitForOurs(config.uri, (ds) => ds.length > 0);
    assert.equal(problems.length, 1, JSON.stringify(problems.map((d) => d.message)));
    const [problem] = problems as [vscode.Diagnostic];
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problem.range.start.line, lineOf(config, '"success-criteria-missing"'));
    assert.equal(config.isDirty, true, 'the server must read the unsaved buffer');

    // The config problems are published after the open files were re-checked under it.
    const diagnostics = ours(vscode.languages.getDiagnostics(prompt.uri));
    assert.ok(diagnostics.some(isVagueWarning), `vague-language is no longer a warning: ${JSON.stringify(diagnostics.map((d) => [ruleOf(d), d.severity]))}`);
    assert.ok(diagnostics.some((d) => ruleOf(d) === 'unresolved-placeholder'));
  });

  it('reports an unknown rule id on its key', async () => {
    await setText(config, original.replace('"vague-language": "warning"', '"vague-langauge": "warning"'));
    const problems = await waitForOurs(config.uri, (ds) => ds.length > 0);
    const problem = problems.find((d) => /vague-langauge/.test(d.message));
    assert.ok(problem, JSON.stringify(problems.map((d) => d.message)));
    assert.equal(problem.range.start.line, lineOf(config, '"vague-langauge"'));
    assert.match(problem.message, /vague-language/, 'expected a did-you-mean suggestion');
  });

  it('re-checks open files when a rule is turned off, and again when it is restored', async () => {
    await setText(config, original.replace('"vague-language": "warning"', '"vague-language": "off"'));
    const after = await waitForNoRule(prompt.uri, 'vague-language');
    assert.ok(after.some((d) => ruleOf(d) === 'unresolved-placeholder'), 'other rules must keep reporting');

    await setText(config, original);
    await waitForRule(prompt.uri, 'vague-language');
  });
});
