import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, reanalyze, type RuleBudget } from '../../src/core/analyze';
import type { EffectiveConfig } from '../../src/core/config/types';
import { applyFixes } from '../../src/core/fix';
import { DEFAULT_FILES } from '../../src/core/kinds';
import { RULES } from '../../src/core/rules';
import { defineRule, INTERNAL_ERROR, type Finding, type Rule } from '../../src/core/types';
import { memoryHost, nodeHost } from '../helpers/config';

const SRC = path.resolve(__dirname, '../../src/core/rules');
const FIXTURES = path.resolve(__dirname, '../fixtures/rules');

interface Expected {
  line: number;
  column: number;
  message: string;
}

/** Every file under `dir`, relative and `/`-separated, dot folders included. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** A config with every rule off but `rule`, which runs at `warning` with the fixture's options. */
function configFor(rule: Rule<unknown>, root: string, fixtureDir: string): EffectiveConfig {
  const configFile = path.join(fixtureDir, 'config.json');
  const raw = fs.existsSync(configFile) ? (JSON.parse(fs.readFileSync(configFile, 'utf8')) as { options?: unknown }).options : undefined;
  const rules: EffectiveConfig['rules'] = {};
  for (const r of RULES) rules[r.meta.id] = { severity: 'off' };
  rules[rule.meta.id] = { severity: 'warning', options: rule.meta.options ? rule.meta.options.parse(raw) : undefined };
  return {
    root,
    files: { ...DEFAULT_FILES },
    ignore: [],
    rules,
    customRules: [],
    requireSuppressionReason: false,
    reportUnusedSuppressions: false,
  };
}

async function lint(rule: Rule<unknown>, root: string, rel: string, fixtureDir: string, text?: string): Promise<Finding[]> {
  const file = path.join(root, rel);
  const { findings } = await analyze({ path: file, text: text ?? fs.readFileSync(file, 'utf8') }, configFor(rule, root, fixtureDir), nodeHost);
  return findings;
}

const asExpected = (findings: Finding[]): Expected[] =>
  findings.map((f) => ({ line: f.range.start.line + 1, column: f.range.start.character + 1, message: f.message }));

describe('built-in rules', () => {
  it('have unique ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const rule of RULES as Rule<unknown>[]) {
    const { id, docs, fixable } = rule.meta;
    const dir = path.join(FIXTURES, id);
    const validDir = path.join(dir, 'valid');
    const invalidDir = path.join(dir, 'invalid');
    const fixedDir = path.join(dir, 'fixed');
    /** Files that expect findings; other files under invalid/ are there to be referred to. */
    const invalid = filesUnder(invalidDir).filter((f) => fs.existsSync(path.join(invalidDir, `${f}.expected.json`)));

    describe(id, () => {
      it('has a kebab-case id, its own file and complete docs', () => {
        assert.match(id, /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
        assert.ok(fs.existsSync(path.join(SRC, `${id}.ts`)), `src/core/rules/${id}.ts is missing`);
        for (const field of ['summary', 'rationale', 'bad', 'good'] as const) assert.ok(docs[field].trim(), `docs.${field} is empty`);
        if (rule.meta.kinds !== 'all') assert.ok(docs.kindsNote?.trim(), 'docs.kindsNote is empty for a rule limited to some kinds');
        if (rule.meta.options) assert.ok(docs.options?.trim(), 'docs.options is empty for a rule with options');
        assert.ok(docs.precision, 'docs.precision is missing: judge sampled corpus findings (npm run corpus:sample)');
        const { right, judged, note } = docs.precision;
        assert.ok(Number.isInteger(right) && Number.isInteger(judged) && right >= 0 && right <= judged, 'docs.precision counts are off');
        assert.ok(judged === 0 || judged >= 20 || note.trim(), 'fewer than 20 findings judged without a note saying why');
        assert.ok(judged > 0 || note.trim(), 'docs.precision.note must say how a rule with no corpus findings was checked');
      });

      it('has fixtures: valid/, invalid/ with expected findings, and fixed/ exactly when fixable', () => {
        assert.ok(filesUnder(validDir).length, `${validDir} has no files`);
        assert.ok(invalid.length, `${invalidDir} has no file with a .expected.json`);
        assert.equal(fs.existsSync(fixedDir), fixable, fixable ? 'fixed/ is missing' : 'fixed/ exists but the rule is not fixable');
        if (fixable) assert.deepEqual(filesUnder(fixedDir), invalid);
      });

      if (fixable) {
        it('offers a fix on some invalid fixture', async () => {
          const findings = (await Promise.all(invalid.map((rel) => lint(rule, invalidDir, rel, dir)))).flat();
          assert.ok(findings.some((f) => f.fixes?.length), 'a rule declared fixable never emitted a fix');
        });
      }

      for (const rel of filesUnder(validDir)) {
        it(`finds nothing in valid/${rel}`, async () => {
          assert.deepEqual(asExpected(await lint(rule, validDir, rel, dir)), []);
        });
      }

      for (const rel of invalid) {
        it(`finds what invalid/${rel}.expected.json lists`, async () => {
          const findings = await lint(rule, invalidDir, rel, dir);
          const expected = JSON.parse(fs.readFileSync(path.join(invalidDir, `${rel}.expected.json`), 'utf8')) as Expected[];
          assert.deepEqual(asExpected(findings), expected);
          assert.ok(findings.every((f) => f.ruleId === id));
          if (!fixable) assert.ok(findings.every((f) => !f.fixes), 'a rule not declared fixable emitted a fix');
        });

        if (fixable) {
          it(`fixes invalid/${rel} into fixed/${rel}`, async () => {
            let text = fs.readFileSync(path.join(invalidDir, rel), 'utf8');
            for (let pass = 0; pass < 10; pass++) {
              const result = applyFixes(text, await lint(rule, invalidDir, rel, dir, text));
              if (!result.applied) break;
              text = result.text;
            }
            assert.equal(text, fs.readFileSync(path.join(fixedDir, rel), 'utf8'));
          });
        }
      }
    });
  }
});

describe('secret-in-prompt', () => {
  it('leaves no performance marks behind (secretlint profiles every rule on every file)', async () => {
    const rule = RULES.find((r) => r.meta.id === 'secret-in-prompt') as Rule<unknown>;
    const config = configFor(rule, '/ws', '/ws');
    const before = performance.getEntriesByType('mark').length;
    for (let i = 0; i < 3; i++) await analyze({ path: '/ws/a.prompt.md', text: 'Deploy.\n' }, config, memoryHost({}));
    assert.equal(performance.getEntriesByType('mark').length, before);
  });
});

describe('a rule that throws', () => {
  const meta = { category: 'direction', defaultSeverity: 'warning', kinds: 'all', fixable: false } as const;
  const docs = { summary: 'test', rationale: 'test', bad: 'bad', good: 'good' };
  const broken = defineRule({
    meta: { ...meta, id: 'broken', docs },
    check() {
      throw new Error('boom');
    },
  }) as Rule<unknown>;
  const working = defineRule({
    meta: { ...meta, id: 'first-line', docs },
    check({ doc, report }) {
      report({ range: doc.range(0, 1), message: 'Unexpected first line.' });
    },
  }) as Rule<unknown>;

  it('loses only its own findings and leaves one internal error naming it', async () => {
    const config: EffectiveConfig = {
      root: '/ws',
      files: { ...DEFAULT_FILES },
      ignore: [],
      rules: Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: 'off' as const }])),
      customRules: [broken, working],
      requireSuppressionReason: false,
      reportUnusedSuppressions: false,
    };
    const { findings } = await analyze({ path: '/ws/a.prompt.md', text: 'Hello.\n' }, config, memoryHost({}));
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['first-line', INTERNAL_ERROR].sort());
    const internal = findings.find((f) => f.ruleId === INTERNAL_ERROR);
    assert.match(internal?.message ?? '', /'broken'.*boom/);
  });

  describe('with a time budget', () => {
    const slow = defineRule({
      meta: { ...meta, id: 'slow', docs },
      check({ doc, report }) {
        const until = performance.now() + 40;
        while (performance.now() < until);
        report({ range: doc.range(0, 1), message: 'Unexpected slowness.' });
      },
    }) as Rule<unknown>;
    const hanging = defineRule({
      meta: { ...meta, id: 'hanging', docs },
      check: () => new Promise<void>(() => undefined),
    }) as Rule<unknown>;
    const config: EffectiveConfig = {
      root: '/ws',
      files: { ...DEFAULT_FILES },
      ignore: [],
      rules: Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: 'off' as const }])),
      customRules: [slow, hanging, working],
      requireSuppressionReason: false,
      reportUnusedSuppressions: false,
    };
    const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId).sort();

    it('pauses a rule that went over it, on later runs, and gives up on a promise that does not settle in time', async () => {
      const budget: RuleBudget = { ms: 20, paused: new Map() };
      const host = memoryHost({});
      const first = await analyze({ path: '/ws/a.prompt.md', text: 'Hello.\nWorld.\n' }, config, host, { budget });
      // The slow rule finished: its findings stand this once. The hanging one is given up on at once.
      assert.deepEqual(ids(first.findings), ['first-line', 'slow', INTERNAL_ERROR].sort());
      assert.match(first.findings.find((f) => f.ruleId === INTERNAL_ERROR)?.message ?? '', /^Rule 'hanging' took \d+ ms on this file, over the 20 ms one rule may take, and is paused/);
      assert.deepEqual([...budget.paused.keys()].sort(), ['hanging', 'slow']);
      assert.ok((budget.paused.get('slow') as number) >= 40);

      // After an edit, both are paused: one internal finding each, and the working rule goes on.
      const second = await reanalyze(first, { path: '/ws/a.prompt.md', text: 'Hello.\nWorld!\n' }, config, host, { budget });
      assert.deepEqual(ids(second.findings), ['first-line', INTERNAL_ERROR, INTERNAL_ERROR].sort());
      assert.deepEqual(second.findings.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => /'(\w+)'/.exec(f.message)?.[1]).sort(), ['hanging', 'slow']);

      // Without a budget (the command line) every rule runs to the end.
      const unbounded = await analyze({ path: '/ws/a.prompt.md', text: 'Hello.\n' }, { ...config, customRules: [slow, working] }, host);
      assert.deepEqual(ids(unbounded.findings), ['first-line', 'slow']);
    });
  });
});
