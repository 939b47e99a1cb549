import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { ConfigResolver } from '../../src/core/config/load';
import { preset, recommendedPack } from '../../src/core/config/presets';
import { RULES } from '../../src/core/rules';
import { instantiateTemplate, snippetBody, templateInputs, templateText } from '../../src/core/templates';
import { nodeHost } from '../../src/node/host';

/** Answers a careful operator would give each built-in template's inputs. */
const ANSWERS: Record<string, string> = {
  name: 'release-notes',
  objective: 'Write release notes for the changes merged since the last tag, for our customers.',
  context: 'Our changelog follows Keep a Changelog, and customers read it on the website.',
  output: 'A Markdown list of at most ten bullet points, grouped under Added, Changed and Fixed.',
  done: 'Every merged pull request appears once, in words a customer understands.',
  applyTo: 'src/billing/**/*.ts',
  purpose: 'The billing module computes invoices from usage records.',
  rule: 'Round amounts only when an invoice is rendered, with the rules of its currency.',
  project: 'A web service that sends invoices to customers, written in TypeScript.',
  setup: 'npm ci',
  build: 'npm run build',
  test: 'npm test',
  when: 'When asked to write or update the release notes.',
  steps: 'Read CHANGELOG.md and list the pull requests merged since the last tag.',
};

describe('the recommended pack', () => {
  it('is a valid pack whose clauses cite only rules and items that exist', () => {
    const pack = recommendedPack();
    assert.equal(pack.name, 'promptcoach:recommended');
    const ids = new Set(RULES.map((r) => r.meta.id));
    const cited = new Set<string>();
    for (const clause of pack.standard?.clauses ?? []) {
      for (const id of clause.rules ?? []) {
        assert.ok(ids.has(id), `${clause.id} cites unknown rule ${id}`);
        cited.add(id);
      }
      const items = new Set(preset('promptcoach:recommended').checklists.flatMap((c) => c.items.map((i) => `${c.id}/${i.id}`)));
      for (const item of clause.items ?? []) assert.ok(items.has(item), `${clause.id} cites unknown item ${item}`);
    }
    assert.deepEqual([...ids].filter((id) => !cited.has(id)), [], 'every built-in rule is cited by a clause of the standard');
  });

  for (const template of preset('promptcoach:recommended').templates) {
    it(`template '${template.id}' makes a file with no direction finding, even under promptcoach:strict`, async () => {
      const text = templateText(template, nodeHost);
      assert.ok(text);
      const inputs = templateInputs(template, text);
      const missing = inputs.filter((i) => ANSWERS[i.id] === undefined).map((i) => i.id);
      assert.deepEqual(missing, [], 'the test answers every input');
      const made = instantiateTemplate(template, text, ANSWERS);
      assert.doesNotMatch(made.text, /\$\{input:/);
      const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-template-')));
      try {
        fs.writeFileSync(path.join(dir, '.promptcoach.json'), JSON.stringify({ extends: 'promptcoach:strict' }));
        const file = path.join(dir, made.path);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, made.text);
        const config = new ConfigResolver({ host: nodeHost, rootDir: dir }).forFile(file);
        const { document, findings } = await analyze({ path: file, text: made.text }, config, nodeHost);
        assert.equal(document.kind, template.kind, `${made.path} is a ${template.kind} file`);
        const direction = new Set(RULES.filter((r) => r.meta.category === 'direction' || r.meta.category === 'format').map((r) => r.meta.id));
        assert.deepEqual(
          findings.filter((f) => direction.has(f.ruleId)).map((f) => `${f.ruleId} ${f.range.start.line + 1}: ${f.message}`),
          [],
          made.text,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('turns a template into a snippet with numbered stops, the same input the same stop', () => {
    const text = '# ${input:name}\n\nCost: $5 for ${input:name:the name} and ${input:what}.\n';
    const inputs = templateInputs({ inputs: [{ id: 'what', description: 'What?', default: 'the thing' }], fileName: '${input:name}.md' }, text);
    assert.deepEqual(inputs.map((i) => [i.id, i.description]), [['what', 'What?'], ['name', 'the name']]);
    assert.deepEqual(snippetBody(text, inputs), ['# ${2:name}', '', 'Cost: \\$5 for $2 and ${1:the thing}.']);
  });

  it('refuses a file name that leaves the workspace folder', () => {
    const t = { id: 't', inputs: [], fileName: '${input:name}.md', folder: 'prompts' };
    assert.equal(instantiateTemplate(t, 'x', { name: 'a' }).path, 'prompts/a.md');
    for (const name of ['../evil', '/abs', 'a/b', '']) {
      assert.throws(() => instantiateTemplate(t, 'x', { name }), /Unexpected file name .* expected a .*path inside the workspace folder/, name);
    }
  });
});

describe('a pack in extends', () => {
  let dir = '';
  const write = (files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  };
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-pack-')));
    write({
      'packs/acme/promptcoach-pack.json': JSON.stringify({
        name: '@acme/prompt-standard',
        version: '2.1.0',
        description: 'How Acme directs its agents.',
        rules: { 'vague-language': 'warning', 'success-criteria-missing': 'warning' },
        standard: {
          title: 'Acme standard',
          clauses: [
            { id: 'ACME-1', text: 'Say exactly what you mean: no filler words.', rules: ['vague-language'] },
            { id: 'DIR-2', text: 'Acme: every prompt says how a reviewer checks it.', rules: ['success-criteria-missing'], items: ['output-review/complete'] },
          ],
        },
        templates: [{ id: 'bug-report', title: 'Bug report', description: 'Ask an agent to fix a bug.', kind: 'prompt', file: 'templates/bug.prompt.md', fileName: '${input:name}.prompt.md' }],
        coachingLevel: 'learn',
      }),
      'packs/acme/templates/bug.prompt.md': 'Fix ${input:bug}.\n',
      '.promptcoach.json': JSON.stringify({ extends: ['./packs/acme'] }),
      'prompts/a.prompt.md': 'Summarize the various incidents in the log.\n',
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('brings its standard, templates, level and name; findings cite its clauses', async () => {
    const file = path.join(dir, 'prompts/a.prompt.md');
    const config = new ConfigResolver({ host: nodeHost, rootDir: dir }).forFile(file);
    assert.deepEqual(config.packs?.map((p) => [p.name, p.version]), [['promptcoach:recommended', '1.0.0'], ['@acme/prompt-standard', '2.1.0']]);
    assert.equal(config.standard?.title, 'Acme standard');
    // The pack's DIR-2 replaces the recommended one in its place; ACME-1 comes after the built-in clauses.
    const ids = config.standard?.clauses.map((c) => c.id) ?? [];
    assert.equal(ids.indexOf('DIR-2'), 1);
    assert.equal(ids[ids.length - 1], 'ACME-1');
    assert.equal(config.standard?.clauses[1]?.text, 'Acme: every prompt says how a reviewer checks it.');
    const bug = config.templates?.find((t) => t.id === 'bug-report');
    assert.equal(bug?.file, path.join(dir, 'packs/acme/templates/bug.prompt.md'));
    assert.equal(templateText(bug ?? { file: '' }, nodeHost), 'Fix ${input:bug}.\n');
    assert.equal(config.coachingLevel, 'learn');
    const item = config.checklists?.find((c) => c.id === 'output-review')?.items.find((i) => i.id === 'complete');
    assert.deepEqual(item?.standard, { id: 'DIR-2', text: 'Acme: every prompt says how a reviewer checks it.' });

    const { findings } = await analyze({ path: file, text: fs.readFileSync(file, 'utf8') }, config, nodeHost);
    const vague = findings.find((f) => f.ruleId === 'vague-language');
    // The nearest clause that names the rule wins (ACME-1 over the built-in DIR-5).
    assert.deepEqual(vague?.standard, { id: 'ACME-1', text: 'Say exactly what you mean: no filler words.' });
    assert.match(vague?.message ?? '', /\nWhy: /, 'learn adds the why');
  });

  it('coaching levels: learn turns default-off rules into hints, strict raises warnings to errors', async () => {
    write({ '.promptcoach.json': JSON.stringify({ rules: { 'vague-language': 'warning' } }) });
    const file = path.join(dir, 'prompts/a.prompt.md');
    const base = new ConfigResolver({ host: nodeHost, rootDir: dir }).forFile(file);
    const text = fs.readFileSync(file, 'utf8');
    const run = async (level?: 'learn' | 'standard' | 'strict') =>
      (await analyze({ path: file, text }, level ? { ...base, coachingLevel: level } : base, nodeHost)).findings.map((f) => `${f.ruleId}:${f.severity}`);
    const standard = await run();
    assert.ok(standard.includes('vague-language:warning'));
    assert.ok(!standard.some((f) => f.startsWith('success-criteria-missing')), 'off by default');
    assert.deepEqual(await run('standard'), standard);
    const learn = await run('learn');
    assert.ok(learn.includes('success-criteria-missing:info'), learn.join(' '));
    assert.ok(learn.includes('vague-language:warning'));
    const strict = await run('strict');
    assert.ok(strict.includes('vague-language:error'));
    assert.ok(!strict.some((f) => f.startsWith('success-criteria-missing')), 'strict level does not turn rules on');
  });

  it('reports a pack without its name, version or description at its place, and the last good pack stays', () => {
    const manifest = path.join(dir, 'packs/acme/promptcoach-pack.json');
    const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir });
    const file = path.join(dir, 'prompts/a.prompt.md');
    assert.equal(resolver.forFile(file).standard?.title, 'Acme standard');
    fs.writeFileSync(manifest, '{\n  "name": "Acme Standard",\n  "description": "x",\n  "standard": { "title": "Broken", "clauses": [] }\n}\n');
    resolver.invalidate();
    const problems = resolver.problems().filter((p) => p.path === manifest);
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.message]),
      [
        [0, "Missing key 'version', expected a string"],
        [1, "Unexpected pack name 'Acme Standard', expected an npm-style name such as 'acme-prompt-standard' or '@acme/prompt-standard'"],
      ],
    );
    assert.equal(resolver.forFile(file).standard?.title, 'Acme standard', 'the last good pack keeps working');
  });
});

describe('a clause citing a rule that does not exist', () => {
  it('is a warning at the id in the config, and the rest of the standard stands', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-clause-')));
    try {
      const text = '{\n  "standard": { "clauses": [\n    { "id": "T-1", "text": "Be exact.", "rules": ["vague-languag", "weak-instruction"] }\n  ] }\n}\n';
      fs.writeFileSync(path.join(dir, '.promptcoach.json'), text);
      const resolver = new ConfigResolver({ host: nodeHost, rootDir: dir });
      const config = resolver.forFile(path.join(dir, 'a.prompt.md'));
      assert.deepEqual(
        resolver.problems().map((p) => [p.severity, p.range.start.line, p.range.start.character, p.message]),
        [['warning', 2, 50, "Unknown rule 'vague-languag' cited by clause T-1, did you mean 'vague-language'?"]],
      );
      assert.equal(config.standard?.clauses.find((c) => c.id === 'T-1')?.text, 'Be exact.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
