import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../../src/core/config/load';
import { toChecklist } from '../../src/core/config/merge';
import { preset } from '../../src/core/config/presets';
import { ChecklistSchema, configJsonSchema } from '../../src/core/config/schema';
import type { Checklist } from '../../src/core/config/types';
import { canonicalJson, checklistHash, checklistsFor, isInspectionRequired } from '../../src/core/inspection/checklists';
import { OUTPUT_REVIEW } from '../../src/core/inspection/recommended';
import { RULES } from '../../src/core/rules';
import { nodeHost, rangeOf, removeTree, tempTree } from './config-helpers';

const json = (value: unknown) => JSON.stringify(value, null, 2);

const CODE_REVIEW = {
  id: 'code-review',
  title: 'Code review',
  version: 1,
  files: ['src/**'],
  items: [
    { id: 'tests-pass', text: 'Tests pass', help: 'Run them.', auto: { type: 'command', command: 'npm test', timeout: 60 } },
    { id: 'no-todo', text: 'Nothing left to do', required: false, auto: { type: 'no-placeholders' } },
  ],
};

describe('inspection: checklists in the config', () => {
  let root: string;
  afterEach(() => removeTree(root));
  const resolver = () => new ConfigResolver({ host: nodeHost(), rootDir: root });
  const ids = (list: readonly Checklist[]) => list.map((c) => c.id);

  describe('promptcoach:recommended', () => {
    it('ships output-review, valid against the schema, with help on every item and the automatic checks', () => {
      assert.ok(ChecklistSchema.safeParse(OUTPUT_REVIEW).success);
      root = tempTree({ 'src/a.ts': 'x' });
      const config = resolver().forFile(path.join(root, 'src/a.ts'));
      const [review] = checklistsFor(path.join(root, 'src/a.ts'), config);
      assert.equal(review?.id, 'output-review');
      assert.equal(review?.version, 1);
      assert.deepEqual(review?.files, []);
      assert.deepEqual(review?.kinds, [], 'every output');
      assert.deepEqual(review?.items.map((i) => i.id), ['objective-met', 'complete', 'facts-real', 'within-scope', 'format-as-asked', 'no-secrets', 'checks-pass']);
      for (const item of review?.items ?? []) {
        assert.ok((item.help ?? '').length > 200, `${item.id} teaches how to check it`);
        assert.equal(item.required, true);
      }
      assert.deepEqual(
        review?.items.filter((i) => i.auto).map((i) => [i.id, i.auto?.type]),
        [
          ['complete', 'no-placeholders'],
          ['facts-real', 'references-exist'],
          ['no-secrets', 'no-secrets'],
        ],
      );
      assert.deepEqual(preset('promptcoach:strict').checklists, [OUTPUT_REVIEW]);
    });
  });

  describe('scope and merging', () => {
    it('adds the config\'s checklists by glob (relative to its folder) and by kind', () => {
      root = tempTree({
        '.promptcoach.json': json({
          checklists: [CODE_REVIEW, { id: 'prompt-review', title: 'Prompts', version: 2, kinds: ['prompt'], excludedFiles: 'drafts/**', items: [{ id: 'ok', text: 'Fine' }] }],
        }),
        'pkg/.promptcoach.json': json({ checklists: [{ id: 'pkg-docs', title: 'Package docs', version: 1, files: '**/*.md', items: [{ id: 'ok', text: 'Fine' }] }] }),
      });
      const r = resolver();
      const applying = (rel: string) => ids(checklistsFor(path.join(root, rel), r.forFile(path.join(root, rel))));
      assert.deepEqual(r.problems(), []);
      assert.deepEqual(applying('src/a.ts'), ['output-review', 'code-review']);
      assert.deepEqual(applying('docs/guide.md'), ['output-review']);
      assert.deepEqual(applying('prompts/x.prompt.md'), ['output-review', 'prompt-review']);
      assert.deepEqual(applying('drafts/x.prompt.md'), ['output-review']);
      assert.deepEqual(applying('pkg/README.md'), ['output-review', 'pkg-docs']);
      assert.deepEqual(applying('README.md'), ['output-review'], "the nested config's glob is relative to its folder");
      const code = r.forFile(path.join(root, 'src/a.ts')).checklists?.find((c) => c.id === 'code-review');
      assert.deepEqual(code?.items[1], { id: 'no-todo', text: 'Nothing left to do', required: false, auto: { type: 'no-placeholders' } });
      assert.equal(code?.items[0]?.required, true, 'required by default');
      assert.equal(code?.source, path.join(root, '.promptcoach.json'));
    });

    it('a later checklist with the same id replaces the earlier: extends, nested configs, overrides', () => {
      const v = (version: number, text: string) => ({ id: 'output-review', title: `Review v${version}`, version, items: [{ id: 'ok', text }] });
      root = tempTree({
        'base.json': json({ checklists: [v(2, 'from base')] }),
        '.promptcoach.json': json({
          extends: './base.json',
          overrides: [{ files: 'legal/**', checklists: [v(4, 'legal'), { ...CODE_REVIEW, id: 'legal-review', files: undefined }] }],
        }),
        'team/.promptcoach.json': json({ checklists: [v(3, 'team')] }),
      });
      const r = resolver();
      const get = (rel: string) => r.forFile(path.join(root, rel)).checklists ?? [];
      assert.deepEqual(r.problems(), []);
      assert.deepEqual(get('a.md').map((c) => [c.id, c.version]), [['output-review', 2]], 'the extended config replaces the preset');
      assert.deepEqual(get('team/a.md').map((c) => [c.id, c.version]), [['output-review', 3]], 'the nearer config replaces');
      assert.deepEqual(
        get('legal/terms.md').map((c) => [c.id, c.version]),
        [
          ['output-review', 4],
          ['legal-review', 1],
        ],
        'an override adds and replaces for its files',
      );
      assert.deepEqual(ids(checklistsFor(path.join(root, 'legal/terms.md'), r.forFile(path.join(root, 'legal/terms.md')))), ['output-review', 'legal-review']);
    });

    it('inspection.required accumulates over configs, rebased, and !glob leaves files out', () => {
      root = tempTree({
        '.promptcoach.json': json({ inspection: { required: ['src/**', 'docs/**/*.md'] } }),
        'src/gen/.promptcoach.json': json({ inspection: { required: ['!**/*.generated.ts'] } }),
      });
      const r = resolver();
      const required = (rel: string) => isInspectionRequired(path.join(root, rel), r.forFile(path.join(root, rel)));
      assert.deepEqual(r.problems(), []);
      assert.equal(required('src/a.ts'), true);
      assert.equal(required('docs/guide/x.md'), true);
      assert.equal(required('docs/x.txt'), false);
      assert.equal(required('README.md'), false);
      assert.equal(required('src/gen/api.generated.ts'), false);
      assert.equal(required('src/gen/api.ts'), true);
      assert.equal(required('src/other.generated.ts'), true, "the nested config's negation is relative to its folder");
      assert.deepEqual(r.forFile(path.join(root, 'src/gen/x.ts')).inspectionRequired, ['src/**', 'docs/**/*.md', '!src/gen/**/*.generated.ts']);
    });
  });

  describe('problems, located in the config file', () => {
    it('reports each mistake in a checklist at its place, and keeps the last good version', () => {
      const text = `{
  "checklists": [
    { "id": "Review", "title": "", "version": 0, "items": [] },
    { "id": "ok-list", "title": "Fine", "version": 1, "items": [
      { "id": "a", "text": "A", "auto": { "type": "spellcheck" } },
      { "id": "a", "text": "B", "auto": { "type": "command" } },
      { "id": "c", "text": "C", "auto": { "type": "rules", "rules": ["vague-langauge"] } }
    ] }
  ],
  "inspection": { "required": "src/**" }
}
`;
      root = tempTree({ '.promptcoach.json': text });
      const problems = resolver().problems();
      const at = (needle: string, occurrence = 0) => problems.find((p) => JSON.stringify(p.range) === JSON.stringify(rangeOf(text, needle, occurrence)));
      assert.match(at('"Review"')?.message ?? '', /^Unexpected id 'Review', expected kebab-case such as 'output-review'/);
      assert.match(at('""')?.message ?? '', /^Unexpected empty text/);
      assert.match(at('0')?.message ?? '', /^Unexpected 0, expected a number > 0/);
      assert.match(at('[]')?.message ?? '', /^Unexpected empty list, expected at least 1 item/);
      assert.match(at('"spellcheck"')?.message ?? '', /^Unexpected type 'spellcheck', expected 'no-placeholders', 'references-exist', 'no-secrets', 'rules' or 'command'/);
      assert.match(at('{ "type": "command" }')?.message ?? '', /^Missing key 'command', expected a string/);
      assert.match(at('"src/**"')?.message ?? '', /^Unexpected 'src\/\*\*', expected an array/);
      assert.equal(problems.length, 7, JSON.stringify(problems));
      assert.ok(problems.every((p) => p.severity === 'error' && p.path.endsWith('.promptcoach.json')));

      // Fixed but for a duplicate item id: reported, and the last good version stays in force.
      const good = json({ checklists: [{ id: 'ok-list', title: 'Fine', version: 1, items: [{ id: 'a', text: 'A' }] }] });
      removeTree(root);
      root = tempTree({ '.promptcoach.json': good });
      const r = resolver();
      const file = path.join(root, 'x.md');
      assert.equal(r.forFile(file).checklists?.find((c) => c.id === 'ok-list')?.items.length, 1);
      const dup = json({ checklists: [{ id: 'ok-list', title: 'Fine', version: 2, items: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }] }] });
      fs.writeFileSync(path.join(root, '.promptcoach.json'), dup);
      r.invalidate();
      assert.deepEqual(r.problems().map((p) => [p.message, p.range]), [["Duplicate item id 'a', expected each id once in a checklist", rangeOf(dup, '"a"', 1)]]);
      assert.equal(r.forFile(file).checklists?.find((c) => c.id === 'ok-list')?.version, 1, 'the last good version is in force');
    });

    it('names unknown rules in a rules check, with a suggestion, also in overrides', () => {
      const text = json({
        customRules: [{ id: 'no-maybe', type: 'existence', tokens: ['maybe'] }],
        checklists: [{ id: 'x', title: 'X', version: 1, items: [{ id: 'r', text: 'R', auto: { type: 'rules', rules: ['vague-langauge', 'no-maybe'] } }] }],
        overrides: [{ files: 'a/**', checklists: [{ id: 'y', title: 'Y', version: 1, items: [{ id: 'r', text: 'R', auto: { type: 'rules', rules: ['no-mabye'] } }] }] }],
      });
      root = tempTree({ '.promptcoach.json': text });
      const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: RULES });
      r.forFile(path.join(root, 'a/b.md'));
      assert.deepEqual(
        r.problems().map((p) => [p.message, p.range]),
        [
          ["Unknown rule 'vague-langauge', did you mean 'vague-language'?", rangeOf(text, '"vague-langauge"')],
          ["Unknown rule 'no-mabye', did you mean 'no-maybe'?", rangeOf(text, '"no-mabye"')],
        ],
      );
    });

    it('reports a second checklist with the same id in one list', () => {
      const text = json({ checklists: [{ id: 'x', title: 'X', version: 1, items: [{ id: 'a', text: 'A' }] }, { id: 'x', title: 'X2', version: 1, items: [{ id: 'a', text: 'A' }] }] });
      root = tempTree({ '.promptcoach.json': text });
      const r = resolver();
      const config = r.forFile(path.join(root, 'a.md'));
      assert.deepEqual(r.problems().map((p) => [p.message, p.range]), [["Duplicate checklist id 'x', expected each id once in a list", rangeOf(text, '"x"', 1)]]);
      assert.equal(config.checklists?.find((c) => c.id === 'x')?.title, 'X', 'the first one is kept');
    });

    it('the JSON Schema describes checklists and inspection for the editor', () => {
      const schema = configJsonSchema() as { properties: Record<string, { description?: string; items?: { properties?: Record<string, unknown> } }> };
      assert.ok(schema.properties.checklists?.description);
      assert.ok(schema.properties.inspection?.description);
      assert.deepEqual(Object.keys(schema.properties.checklists?.items?.properties ?? {}), ['id', 'title', 'version', 'description', 'files', 'excludedFiles', 'kinds', 'items']);
    });
  });

  describe('the checklist hash', () => {
    const checklist = (def: Record<string, unknown>, source = 'a') => toChecklist({ checklist: ChecklistSchema.parse(def), ruleRefs: [] }, source);

    it('is the sha256 of the canonical JSON of what the reviewer works through', () => {
      const c = checklist(CODE_REVIEW);
      const expected = createHash('sha256')
        .update(
          canonicalJson({
            id: 'code-review',
            title: 'Code review',
            version: 1,
            items: [
              { id: 'tests-pass', text: 'Tests pass', help: 'Run them.', required: true, auto: { type: 'command', command: 'npm test', timeout: 60 } },
              { id: 'no-todo', text: 'Nothing left to do', required: false, auto: { type: 'no-placeholders' } },
            ],
          }),
        )
        .digest('hex');
      assert.equal(checklistHash(c), expected);
      assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }), '{"a":[{"d":2}],"b":1}');
    });

    it('ignores key order, defaults written out, scope and location; changes with the items', () => {
      const base = checklistHash(checklist(CODE_REVIEW));
      const reordered = { items: CODE_REVIEW.items, version: 1, title: 'Code review', id: 'code-review', files: ['other/**'], kinds: ['prompt'] };
      assert.equal(checklistHash(checklist(reordered, 'elsewhere')), base);
      const explicit = { ...CODE_REVIEW, items: [{ ...CODE_REVIEW.items[0], required: true }, CODE_REVIEW.items[1]] };
      assert.equal(checklistHash(checklist(explicit)), base);
      assert.notEqual(checklistHash(checklist({ ...CODE_REVIEW, items: [{ ...CODE_REVIEW.items[0], text: 'Tests pass on CI' }, CODE_REVIEW.items[1]] })), base);
      assert.notEqual(checklistHash(checklist({ ...CODE_REVIEW, version: 2 })), base);
    });
  });
});
