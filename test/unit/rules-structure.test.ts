/**
 * Focused tests for the structure rules: `frontmatter-invalid`, `glob-matches-nothing` (on a real
 * temporary workspace through the Node host) and `heading-structure`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import { suggestKey } from '../../src/core/rules/frontmatter-invalid';
import type { Finding, Host } from '../../src/core/types';
import { createNodeHost } from '../../src/node/host';
import { configWith, memoryHost } from '../helpers/config';

async function lint(ruleId: string, root: string, rel: string, text: string, host: Host = memoryHost({})): Promise<Finding[]> {
  const { findings } = await analyze({ path: path.join(root, rel), text }, configWith(root, { [ruleId]: undefined }), host);
  return findings.filter((f) => f.ruleId === ruleId);
}

const at = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}`;

describe('glob-matches-nothing on a real workspace', () => {
  let root: string;
  const write = (rel: string, text = '') => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const instructions = (applyTo: string) => `---\ndescription: Test\napplyTo: '${applyTo}'\n---\nBody.\n`;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-globs-'));
    write('packages/web/src/App.tsx');
    write('packages/web/src/index.ts');
    write('.github/workflows/ci.yml');
    write('docs/Architecture.MD');
    write('node_modules/left-pad/index.js');
    write('Dockerfile');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('matches as VS Code does: `**/` before a relative pattern, any case, dot folders, braces', async () => {
    const text = instructions('src/**/*.{ts,tsx}, **/*.md, .github/workflows/*.yml, dockerfile');
    assert.deepEqual(await lint('glob-matches-nothing', root, '.github/instructions/web.instructions.md', text, createNodeHost()), []);
  });

  it('reports each pattern that matches no file, at the pattern', async () => {
    const text = instructions('**/*.py, src/**/*.ts, scr/**/*.tsx');
    const findings = await lint('glob-matches-nothing', root, '.github/instructions/mixed.instructions.md', text, createNodeHost());
    assert.deepEqual(findings.map(at), ['3:11', '3:33']);
    assert.match(findings[0]?.message ?? '', /'\*\*\/\*\.py' that matches no file/);
    assert.match(findings[1]?.message ?? '', /'scr\/\*\*\/\*\.tsx'/);
  });

  it('suggests `folder/**` for a folder written as a file name', async () => {
    const [finding] = await lint('glob-matches-nothing', root, '.github/instructions/web.instructions.md', instructions('packages/web'), createNodeHost());
    assert.match(finding?.message ?? '', /expected 'packages\/web\/\*\*' for the files in that folder/);
  });

  it('reads Cursor globs written unquoted, from the root, anywhere, or as a folder', async () => {
    const ok = '---\nglobs: **/*.tsx, packages/web, *.ts\n---\nBody.\n';
    assert.deepEqual(await lint('glob-matches-nothing', root, '.cursor/rules/web.mdc', ok, createNodeHost()), []);
    const missing = '---\nglobs: **/*.vue, packages/api/**\n---\nBody.\n';
    const findings = await lint('glob-matches-nothing', root, '.cursor/rules/api.mdc', missing, createNodeHost());
    assert.deepEqual(findings.map((f) => /pattern '([^']+)'/.exec(f.message)?.[1]), ['**/*.vue', 'packages/api/**']);
  });

  it('leaves alone what the listing cannot see and what a template fills in', async () => {
    const text = instructions('node_modules/**/*.js, dist/**, {{pattern}}, **/${input:glob}, **');
    assert.deepEqual(await lint('glob-matches-nothing', root, '.github/instructions/skip.instructions.md', text, createNodeHost()), []);
  });

  it('lists the workspace once per lint, however many patterns', async () => {
    const node = createNodeHost();
    let calls = 0;
    const host: Host = { ...node, listFiles: (r) => (calls++, node.listFiles?.(r)) };
    await lint('glob-matches-nothing', root, '.github/instructions/a.instructions.md', instructions('**/*.py, **/*.rb, **/*.go, **/*.rs'), host);
    assert.equal(calls, 1);
  });

  it('reports nothing when the host cannot list files', async () => {
    const text = instructions('**/*.py');
    assert.deepEqual(await lint('glob-matches-nothing', root, '.github/instructions/py.instructions.md', text, memoryHost({})), []);
    const unlisted: Host = { ...memoryHost({}), listFiles: () => undefined };
    assert.deepEqual(await lint('glob-matches-nothing', root, '.github/instructions/py.instructions.md', text, unlisted), []);
  });
});

describe('frontmatter-invalid', () => {
  it('suggests the key a misspelling stands for, and leaves metadata alone', () => {
    const vscodeAgent = ['name', 'description', 'tools', 'model', 'handoffs', 'target', 'agents'];
    assert.equal(suggestKey('applyto', ['applyTo', 'description']), 'applyTo');
    assert.equal(suggestKey('allowed_tools', ['name', 'allowed-tools']), 'allowed-tools');
    assert.equal(suggestKey('descripton', ['description', 'name']), 'description');
    assert.equal(suggestKey('tool', vscodeAgent), 'tools');
    assert.equal(suggestKey('modle', vscodeAgent), 'model');
    // `mode` is another tool's key (OpenCode, old VS Code prompts), not a typo of `model`.
    assert.equal(suggestKey('mode', vscodeAgent), undefined);
    for (const key of ['version', 'author', 'tags', 'title', 'color']) assert.equal(suggestKey(key, vscodeAgent), undefined, key);
  });

  it('reads a Cursor rule line by line, as Cursor does, and still checks its globs', async () => {
    const ok = '---\ndescription: React: hooks and props\nglobs: **/*.{ts,tsx}, src/**\nalwaysApply: false\n---\nBody.\n';
    assert.deepEqual(await lint('frontmatter-invalid', '/ws', '.cursor/rules/react.mdc', ok), []);
    const broken = '---\nglobs: **/*.{ts,tsx, src/**\n---\nBody.\n';
    const findings = await lint('frontmatter-invalid', '/ws', '.cursor/rules/react.mdc', broken);
    assert.deepEqual(findings.map((f) => [at(f), f.message.slice(0, 40)]), [['2:8', "Unexpected unbalanced '{' in glob '**/*."]]);
  });

  it('reports the same unquoted line as a YAML error where the tool parses YAML, with a quoting fix', async () => {
    const text = '---\nname: reviewer\ndescription: Use after edits: reviews the diff\n---\nReview.\n';
    const findings = await lint('frontmatter-invalid', '/ws', '.claude/agents/reviewer.md', text);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Unexpected ': ' inside an unquoted value of 'description'/);
    assert.equal(applyFixes(text, findings).text, "---\nname: reviewer\ndescription: 'Use after edits: reviews the diff'\n---\nReview.\n");
  });

  it('fixes a misspelt required key once: frontmatter-required renames it, as frontmatter-invalid does', async () => {
    const text = '---\ndescripton: Write the tests\nmode: agent\n---\nWrite unit tests for src/a.ts.\n';
    const required = await lint('frontmatter-required', '/ws', '.github/prompts/t.prompt.md', text);
    assert.deepEqual(required.map((f) => [at(f), f.message]), [
      ['2:1', "Unexpected prompt without frontmatter key 'description' ('descripton' looks like it misspelt), expected a line that says what it does and when to use it"],
    ]);
    const invalid = await lint('frontmatter-invalid', '/ws', '.github/prompts/t.prompt.md', text);
    assert.equal(applyFixes(text, [...required, ...invalid]).text, '---\ndescription: Write the tests\nmode: agent\n---\nWrite unit tests for src/a.ts.\n');
    // A known key one letter from a required one is not a misspelling ('model' is not 'mode').
    const model = await lint('frontmatter-required', '/ws', '.github/chatmodes/a.chatmode.md', '---\nmodel: GPT-5\n---\nBody.\n');
    assert.ok(model.every((f) => !/misspelt/.test(f.message)), model.map((f) => f.message).join('\n'));
  });

  it('checks keys only in the tool format they belong to', async () => {
    const text = '---\napplyto: x\ndescripton: y\n---\nBody.\n';
    assert.equal((await lint('frontmatter-invalid', '/ws', '.github/instructions/a.instructions.md', text)).length, 2);
    // A prompt collection's free-form frontmatter, and a context file nobody parses.
    assert.deepEqual(await lint('frontmatter-invalid', '/ws', 'prompts/a.md', text), []);
    assert.deepEqual(await lint('frontmatter-invalid', '/ws', 'AGENTS.md', text), []);
  });

  it('rewrites an `applyTo` block list as one string, keeping the next key on its line', async () => {
    const text = "---\napplyTo:\n  - '**/*.java'\n  - pom.xml\ndescription: Java\n---\nBody.\n";
    const findings = await lint('frontmatter-invalid', '/ws', '.github/instructions/java.instructions.md', text);
    assert.equal(applyFixes(text, findings).text, "---\napplyTo: '**/*.java, pom.xml'\ndescription: Java\n---\nBody.\n");
  });

  it("leaves another tool's key alone when the file also has its own", async () => {
    const text = "---\napplyTo: '**/*.go'\nglobs: '**/*.go'\n---\nBody.\n";
    assert.deepEqual(await lint('frontmatter-invalid', '/ws', '.github/instructions/go.instructions.md', text), []);
  });
});

describe('heading-structure', () => {
  it('moves a skipped heading up together with its sub-headings', async () => {
    const text = '# A\n\n### B\n\n#### B1\n\n### C\n\n## D\n';
    const findings = await lint('heading-structure', '/ws', 'AGENTS.md', text);
    assert.deepEqual(findings.map(at), ['3:1']);
    assert.equal(applyFixes(text, findings).text, '# A\n\n## B\n\n### B1\n\n## C\n\n## D\n');
  });

  it('leaves alone `#` comment blocks, code outside a fence and deliberate setext headings', async () => {
    const text = [
      '# My prompt',
      '# Author: someone',
      '# Version: 2',
      '',
      '## Steps',
      '',
      '### Load',
      '',
      '# read the config first',
      '',
      '### Run',
      '',
      'Setup',
      '-----',
      '',
      'Run it.',
    ].join('\n');
    assert.deepEqual(await lint('heading-structure', '/ws', 'run.prompt.md', text), []);
  });

  it('takes a smaller heading straight under the title, before the first section, for a tagline', async () => {
    const tagline = '# Outreach generator\n### *Messages from a LinkedIn profile*\n\n---\n\n## Instructions\n\nWrite.\n';
    assert.deepEqual(await lint('heading-structure', '/ws', 'outreach.prompt.md', tagline), []);
    const section = '# Outreach generator\n\n### Instructions\n\nWrite.\n';
    assert.deepEqual((await lint('heading-structure', '/ws', 'outreach.prompt.md', section)).map(at), ['3:1']);
  });

  it('turns an accidental setext heading back into a paragraph', async () => {
    const text = '# Role\nYou are a careful reviewer of pull requests.\n---\n\n# Task\n\nReview.\n';
    const findings = await lint('heading-structure', '/ws', 'review.prompt.md', text);
    assert.deepEqual(findings.map(at), ['2:1']);
    assert.equal(applyFixes(text, findings).text, '# Role\nYou are a careful reviewer of pull requests.\n\n---\n\n# Task\n\nReview.\n');
  });
});
