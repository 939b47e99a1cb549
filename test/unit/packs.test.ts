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
