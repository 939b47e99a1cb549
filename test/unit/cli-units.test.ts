import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mapLimit } from '../../src/cli/concurrency';
import { defaultEnv } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { collectFiles, isTextPromptFile, type ConfigSource } from '../../src/node/files';
import { runRules } from '../../src/cli/rules';
import { suggest } from '../../src/cli/suggest';
import { editDistance } from '../../src/core/edit-distance';
import type { EffectiveConfig } from '../../src/core/config/types';
import { DEFAULT_FILES } from '../../src/core/kinds';
import { RULES } from '../../src/core/rules';
import type { RuleMeta } from '../../src/core/types';

/** The CLI's building blocks in-process; the end-to-end behaviour is in cli.test.ts. */
describe('CLI building blocks', () => {
  describe('mapLimit', () => {
    it('keeps order and never runs more than the limit at once', async () => {
      let inFlight = 0;
      let most = 0;
      const out = await mapLimit([5, 1, 4, 2, 3, 0, 6, 7, 8, 9], 3, async (n) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, n));
        inFlight--;
        return n * 2;
      });
      assert.deepEqual(out, [10, 2, 8, 4, 6, 0, 12, 14, 16, 18]);
      assert.equal(most, 3);
      assert.deepEqual(await mapLimit([], 8, async () => 1), []);
    });
  });

  describe('suggest', () => {
    it('finds close ids, best first', () => {
      assert.equal(editDistance('kitten', 'sitting'), 3);
      assert.equal(editDistance('descripiton', 'description'), 1, 'a swap of two neighbours is one edit');
      assert.equal(editDistance('kitten', 'sitting', 1), 2, 'past max it answers max + 1');
      assert.deepEqual(suggest('unused-supression', ['unused-suppression', 'config-error']), ['unused-suppression']);
      assert.deepEqual(suggest('lnt', ['lint', 'rules', 'explain', 'init']), ['lint', 'init']);
      assert.deepEqual(suggest('completely-different', ['lint']), []);
    });
  });

  describe('collectFiles', () => {
    let dir: string;
    const config = (over: Partial<EffectiveConfig> = {}): EffectiveConfig => ({
      root: dir,
      files: { ...DEFAULT_FILES },
      ignore: [],
      rules: {},
      customRules: [],
      requireSuppressionReason: false,
      reportUnusedSuppressions: true,
      ...over,
    });
    const source = (over: Partial<EffectiveConfig> = {}): ConfigSource => ({ forFile: () => config(over) });
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

    beforeEach(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-files-')));
      const files: Record<string, string> = {
        '.git/HEAD': 'ref: refs/heads/main\n',
        '.gitignore': 'build/\n',
        'AGENTS.md': '',
        'README.md': '',
        'build/x.prompt.md': '',
        'node_modules/p/AGENTS.md': '',
        'prompts/a.md': '',
        'prompts/b.txt': '',
        'docs/guide.md': '',
        'docs/.gitignore': 'old/\n',
        'docs/old/z.prompt.md': '',
        'docs/new/y.prompt.md': '',
        'rules/.cursorrules': '',
        'src/code.ts': '',
      };
      for (const [p, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      }
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('takes files of a known kind, honouring .gitignore files and skipping node_modules and .git', () => {
      const { files, missing } = collectFiles([], { cwd: dir, configs: source(), allFiles: false });
      assert.deepEqual(missing, []);
      assert.deepEqual(rel(files), ['AGENTS.md', 'docs/new/y.prompt.md', 'prompts/a.md', 'prompts/b.txt', 'rules/.cursorrules']);
    });

    it('applies .gitignore files above a folder given as argument, up to the repository root', () => {
      const { files } = collectFiles(['../docs'], { cwd: path.join(dir, 'prompts'), configs: source(), allFiles: false });
      assert.deepEqual(rel(files), ['docs/new/y.prompt.md']);
      fs.writeFileSync(path.join(dir, '.gitignore'), 'new/\n');
      assert.deepEqual(collectFiles(['docs'], { cwd: dir, configs: source(), allFiles: false }).files, []);
    });

    it('with --all-files adds prompt-like files of no kind', () => {
      const { files } = collectFiles(['.'], { cwd: dir, configs: source(), allFiles: true });
      assert.deepEqual(rel(files), ['AGENTS.md', 'README.md', 'docs/guide.md', 'docs/new/y.prompt.md', 'prompts/a.md', 'prompts/b.txt', 'rules/.cursorrules']);
      assert.ok(isTextPromptFile('/x/.windsurfrules'));
      assert.ok(isTextPromptFile('/x/a.J2'));
      assert.ok(!isTextPromptFile('/x/a.ts'));
    });

    it('honours the config ignore globs for folders and files', () => {
      const { files } = collectFiles(['.'], { cwd: dir, configs: source({ ignore: ['docs', 'prompts/*.txt'] }), allFiles: false });
      assert.deepEqual(rel(files), ['AGENTS.md', 'prompts/a.md', 'rules/.cursorrules']);
    });

    it('always takes explicit files, dedupes, and reports missing arguments', () => {
      const { files, missing } = collectFiles(['src/code.ts', 'build/x.prompt.md', 'AGENTS.md', '.', 'nope.md'], {
        cwd: dir,
        configs: source(),
        allFiles: false,
      });
      assert.deepEqual(rel(files), ['AGENTS.md', 'build/x.prompt.md', 'docs/new/y.prompt.md', 'prompts/a.md', 'prompts/b.txt', 'rules/.cursorrules', 'src/code.ts']);
      assert.deepEqual(missing, ['nope.md']);
    });
  });

  describe('rules table', () => {
    it('aligns columns and counts the rules', () => {
      const meta = (id: string, fixable: boolean): RuleMeta => ({
        id,
        category: 'direction',
        defaultSeverity: 'warning',
        kinds: ['prompt'],
        fixable,
        docs: {
          summary: `Checks ${id}.`,
          rationale: '',
          bad: '',
          good: '',
          precision: fixable ? { right: 19, judged: 20, note: '' } : { right: 0, judged: 0, note: 'Checked on fixtures.' },
        },
      });
      const r = runRules({ format: 'table' }, [meta('a', true), meta('longer-rule', false)]);
      assert.equal(
        r.output,
        'RULE         CATEGORY   DEFAULT  FIXABLE  JUDGED  KINDS   SUMMARY\n' +
          'a            direction  warning  yes      19/20   prompt  Checks a.\n' +
          'longer-rule  direction  warning           -       prompt  Checks longer-rule.\n' +
          "\n2 rules. JUDGED: findings judged right of those sampled on a real-world corpus ('-': none there to judge). " +
          "'prompt-coach explain <rule>' shows why a rule matters and how to configure it.\n",
      );
    });
  });

  describe('run (in-process)', () => {
    it('lints an injected cwd and returns the exit code and the report', async () => {
      const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-run-')));
      try {
        const rules = Object.fromEntries(RULES.map((r) => [r.meta.id, 'off']));
        const customRules = [{ id: 'precise-words', type: 'existence', message: "Unexpected 'foo'", tokens: ['foo'], severity: 'error' }];
        fs.writeFileSync(path.join(dir, '.promptcoach.json'), JSON.stringify({ rules, customRules }));
        fs.writeFileSync(path.join(dir, 'AGENTS.md'), 'Use foo.\n');
        const r = await run(['lint', '--format', 'json'], defaultEnv({ cwd: dir }));
        assert.equal(r.exitCode, 1);
        assert.equal(r.stderr, '');
        assert.deepEqual(JSON.parse(r.output), [
          {
            path: 'AGENTS.md',
            findings: [{ ruleId: 'precise-words', severity: 'error', message: "Unexpected 'foo'", line: 1, column: 5, endLine: 1, endColumn: 8, fixable: false }],
          },
        ]);
        const usage = await run(['lint', '--max-warnings', '-1'], defaultEnv({ cwd: dir }));
        assert.equal(usage.exitCode, 2);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
