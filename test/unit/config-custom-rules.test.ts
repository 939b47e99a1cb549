import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { compileCustomRule, compilePattern } from '../../src/core/config/custom-rules';
import { ConfigResolver } from '../../src/core/config/load';
import type { EffectiveConfig } from '../../src/core/config/types';
import { applyFixes } from '../../src/core/fix';
import type { Finding } from '../../src/core/types';
import { nodeHost, rangeOf, removeTree, tempTree } from './config-helpers';

const CUSTOM_RULES = [
  {
    id: 'no-hedging',
    type: 'existence',
    tokens: ['maybe', 'if possible'],
    ignoreCase: true,
    message: "Unexpected hedge '{match}', expected a direct instruction",
  },
  { id: 'no-todo-marker', type: 'existence', pattern: 'XX+', scope: 'text', severity: 'error' },
  { id: 'plain-words', type: 'substitution', swap: { 'utili[sz]e': 'use', 'in order to': 'to' }, ignoreCase: true },
  { id: 'has-sections', type: 'required-section', sections: ['^Goal$', 'Output( format)?', 'Examples'] },
  { id: 'has-frontmatter', type: 'required-frontmatter', fields: ['description', 'model', 'mode'], kinds: ['prompt'] },
  { id: 'budget', type: 'max-tokens', max: 20, severity: 'info' },
  { id: 'agents-only', type: 'existence', tokens: ['Goal'], kinds: ['agent'] },
];

describe('config: custom rules produce findings through analyze()', () => {
  let root: string;
  let config: EffectiveConfig;
  before(() => {
    root = tempTree({
      '.promptcoach.json': JSON.stringify({
        customRules: CUSTOM_RULES,
        rules: { 'has-sections': 'error', 'objective-missing': 'off', 'output-format-missing': 'off' },
      }),
    });
    const resolver = new ConfigResolver({ host: nodeHost(), rootDir: root });
    config = resolver.forFile(path.join(root, 'prompts/review.prompt.md'));
    assert.deepEqual(resolver.problems(), []);
  });
  after(() => removeTree(root));

  const text = [
    '---',
    'description: Review a diff',
    'model:',
    '---',
    '# Goal',
    '',
    'Maybe review the diff. Utilize the checklist in order to be thorough, if possible.',
    'Do not flag maybelline or `maybe` in code. XXX marks a gap.',
    '',
    '## Output format',
    '',
    'A list.',
    '',
  ].join('\n');

  const run = async (): Promise<Finding[]> => {
    const { findings } = await analyze({ path: path.join(root, 'prompts/review.prompt.md'), text }, config, nodeHost());
    return findings.filter((f) => CUSTOM_RULES.some((r) => r.id === f.ruleId));
  };

  it('existence with tokens: whole words, ignoring case, prose only, with {match}', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'no-hedging');
    assert.deepEqual(
      found.map((f) => [f.message, f.range, f.severity]),
      [
        ["Unexpected hedge 'Maybe', expected a direct instruction", rangeOf(text, 'Maybe'), 'warning'],
        ["Unexpected hedge 'if possible', expected a direct instruction", rangeOf(text, 'if possible'), 'warning'],
      ],
    );
  });

  it('existence with a pattern over the whole text, at its own severity', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'no-todo-marker');
    assert.deepEqual(found.map((f) => [f.message, f.range, f.severity]), [["Unexpected 'XXX'", rangeOf(text, 'XXX'), 'error']]);
  });

  it('substitution, with a fix that keeps the capital', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'plain-words');
    assert.deepEqual(
      found.map((f) => [f.message, f.range]),
      [
        ["Unexpected 'Utilize', expected 'Use'", rangeOf(text, 'Utilize')],
        ["Unexpected 'in order to', expected 'to'", rangeOf(text, 'in order to')],
      ],
    );
    assert.equal(found[0]?.fixes?.[0]?.title, "Replace 'Utilize' with 'Use'");
    const fixed = applyFixes(text, found).text;
    assert.match(fixed, /Maybe review the diff\. Use the checklist to be thorough, if possible\./);
  });

  it('required-section: a severity set in rules, each missing section once', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'has-sections');
    assert.deepEqual(
      found.map((f) => [f.message, f.severity, f.range]),
      [["Missing section 'Examples', expected a heading that matches it", 'error', rangeOf(text, '# Goal')]],
    );
  });

  it('required-frontmatter: missing and empty fields', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'has-frontmatter');
    assert.deepEqual(
      found.map((f) => [f.message, f.range.start.line]),
      [
        ["Missing frontmatter field 'mode'", 0],
        ["Missing frontmatter field 'model'", 2],
      ],
    );
  });

  it('max-tokens', async () => {
    const found = (await run()).filter((f) => f.ruleId === 'budget');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.severity, 'info');
    assert.match(found[0]?.message ?? '', /^Unexpected size of about \d+ tokens, expected at most 20$/);
  });

  it('respects kinds', async () => {
    assert.deepEqual((await run()).filter((f) => f.ruleId === 'agents-only'), []);
  });

  it('can be suppressed like any rule', async () => {
    const suppressed = `<!-- promptcoach-disable-next-line no-hedging -- quoted on purpose -->\nMaybe.\n`;
    const { findings } = await analyze({ path: path.join(root, 'prompts/s.prompt.md'), text: suppressed }, config, nodeHost());
    assert.deepEqual(findings.filter((f) => f.ruleId === 'no-hedging' || f.ruleId === 'unused-suppression'), []);
  });
});

describe('config: custom rule patterns run in linear time', () => {
  it('rejects backreferences and lookarounds with a reason', () => {
    const back = compilePattern('(a+)+\\1');
    assert.ok(!back.ok && /backreferences/.test(back.reason));
    const ahead = compilePattern('(?=x)');
    assert.ok(!ahead.ok && /lookarounds/.test(ahead.reason));
    const compiled = compileCustomRule({ id: 'x', type: 'existence', pattern: '(?!x)' });
    assert.equal(compiled.rule, undefined);
    assert.deepEqual(compiled.errors.map((e) => e.path), [['pattern']]);
  });

  it("'(a|aa)+$' over 50,000 'a's and a 'b' completes", async () => {
    const root = tempTree({
      '.promptcoach.json': JSON.stringify({ customRules: [{ id: 'evil', type: 'existence', pattern: '(a|aa)+$', scope: 'text' }] }),
    });
    try {
      const resolver = new ConfigResolver({ host: nodeHost(), rootDir: root });
      const file = path.join(root, 'prompts/big.prompt.md');
      const text = `${'a'.repeat(50_000)}b`;
      const { findings } = await analyze({ path: file, text }, resolver.forFile(file), nodeHost());
      assert.deepEqual(findings.filter((f) => f.ruleId === 'evil'), []);
      const endsInA = await analyze({ path: file, text: 'a'.repeat(50_000) }, resolver.forFile(file), nodeHost());
      assert.equal(endsInA.findings.filter((f) => f.ruleId === 'evil').length, 1);
    } finally {
      removeTree(root);
    }
  });
});
