// Workspace trust and `extends` naming an npm package. The runner runs the suite twice: trusted,
// then in restricted mode (`--untrusted`, grep "workspace trust"); each test here runs in the pass
// it is about and is skipped in the other. The package is made at run time in the scratch copy of
// the workspace (node_modules is git-ignored): it raises vague-language to error.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAllEditors,
  openDoc,
  ours,
  readFile,
  removeFile,
  ruleOf,
  waitForOurs,
  workspaceFile,
  writeFile,
} from './helpers';

const PACKAGE = 'promptcoach-config-team';
const CONFIG = '.promptcoach.json';
const PROMPT = '.github/prompts/write-tests.prompt.md';

const TEAM_CONFIG = `{
  "extends": ["promptcoach:recommended", "${PACKAGE}"],
  "requireSuppressionReason": true
}
`;

const vague = (severity: vscode.DiagnosticSeverity) => (ds: vscode.Diagnostic[]) =>
  ds.some((d) => ruleOf(d) === 'vague-language') && ds.filter((d) => ruleOf(d) === 'vague-language').every((d) => d.severity === severity);

describe('workspace trust and npm extends', () => {
  let original: string;
  let prompt: vscode.TextDocument;

  before(async () => {
    original = await readFile(CONFIG);
    await writeFile(`node_modules/${PACKAGE}/package.json`, JSON.stringify({ name: PACKAGE, version: '1.0.0', main: 'promptcoach.json' }, null, 2));
    await writeFile(`node_modules/${PACKAGE}/promptcoach.json`, JSON.stringify({ rules: { 'vague-language': 'error' } }, null, 2));
    prompt = await openDoc(PROMPT);
    // Before: the sample config in force (vague-language a warning).
    await waitForOurs(prompt.uri, vague(vscode.DiagnosticSeverity.Warning));
    await writeFile(CONFIG, TEAM_CONFIG);
  });

  after(async () => {
    await writeFile(CONFIG, original);
    await waitForOurs(prompt.uri, vague(vscode.DiagnosticSeverity.Warning));
    await waitForOurs(workspaceFile(CONFIG), (ds) => ds.length === 0);
    await removeFile('node_modules');
    await closeAllEditors();
  });

  it('trusted: the package named in extends applies', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    await waitForOurs(prompt.uri, vague(vscode.DiagnosticSeverity.Error));
    const problems = ours(vscode.languages.getDiagnostics(workspaceFile(CONFIG)));
    assert.deepEqual(problems.map((d) => d.message), []);
  });

  it('untrusted: the package is not loaded, and .promptcoach.json says so', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const configUri = workspaceFile(CONFIG);
    const problems = await waitForOurs(configUri, (ds) => ds.length > 0);
    assert.equal(problems.length, 1, JSON.stringify(problems.map((d) => d.message)));
    const [problem] = problems as [vscode.Diagnostic];
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(problem.message, new RegExp(`'${PACKAGE}' is not loaded in an untrusted workspace`));
    assert.equal(problem.range.start.line, 1, 'expected on the extends line');
    // The rest of the config is in force: vague-language at its default (info), not the package's error.
    await waitForOurs(prompt.uri, vague(vscode.DiagnosticSeverity.Information));
  });
});
