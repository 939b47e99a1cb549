import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { version } from '../../package.json';
import { RULES } from '../../src/core/rules';

/**
 * The built CLI (`dist/cli.cjs`) as a user runs it, on temporary folders. The tests lean on
 * behaviour that does not move while rules are added: every built-in rule is turned off and the
 * findings come from custom rules in the config, and from the engine's own suppression checks.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.cjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmpDirs: string[] = [];

/** A fresh folder holding `files` (path → content). */
function project(files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-cli-')));
  tmpDirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** Every built-in rule off, so only the custom rules below report. */
const allBuiltInsOff = () => Object.fromEntries(RULES.map((r) => [r.meta.id, 'off']));

// Ids differ from their tokens, so a suppression comment naming the rule does not match it.
const NO_FOO = { id: 'precise-words', type: 'existence', message: "Unexpected 'foo', expected a precise word", tokens: ['foo'], severity: 'error' };
const NO_BAR = { id: 'no-hedging', type: 'existence', message: "Unexpected 'bar'", tokens: ['bar'], severity: 'warning' };

function config(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ rules: allBuiltInsOff(), customRules: [NO_FOO, NO_BAR], ...extra }, null, 2) + '\n';
}

const CLEAN = '# Review\n\nReview the diff for security issues.\n';
const FOO = '# Review\n\nReview the foo carefully.\n';
const BAR = '# Review\n\nReview the bar carefully.\n';

describe('prompt-coach CLI (built)', function () {
  this.timeout(120_000);

  before(() => {
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(fs.existsSync(CLI), 'dist/cli.cjs was built');
  });

  after(() => {
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('general', () => {
    it('prints the version', () => {
      const r = cli(['--version'], ROOT);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${version}\n`);
    });

    it('prints help, and help per command', () => {
      const main = cli(['--help'], ROOT);
      assert.equal(main.code, 0);
      assert.match(main.stdout, /Usage: prompt-coach <command>/);
      for (const cmd of ['lint', 'rules', 'explain', 'init']) {
        const r = cli([cmd, '--help'], ROOT);
        assert.equal(r.code, 0, cmd);
        assert.match(r.stdout, new RegExp(`Usage: prompt-coach ${cmd}`));
        assert.equal(cli(['help', cmd], ROOT).stdout, r.stdout);
      }
    });

    it('exits 2 with usage on an unknown command or flag, or no command', () => {
      const cmd = cli(['lnt'], ROOT);
      assert.equal(cmd.code, 2);
      assert.match(cmd.stderr, /unknown command 'lnt'\. Did you mean 'lint'/);
      assert.match(cmd.stderr, /Usage: prompt-coach <command>/);
      const flag = cli(['lint', '--fixx'], ROOT);
      assert.equal(flag.code, 2);
      assert.match(flag.stderr, /unknown option '--fixx'/);
      assert.match(flag.stderr, /Usage: prompt-coach lint/);
      assert.equal(cli([], ROOT).code, 2);
      assert.equal(cli(['lint', '--format', 'xml'], ROOT).code, 2);
      assert.equal(cli(['lint', '--max-warnings', 'many'], ROOT).code, 2);
    });
  });

  describe('lint', () => {
    it('exits 0 on clean files and 1 on an error finding', () => {
      const clean = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': CLEAN });
      const ok = cli(['lint'], clean);
      assert.equal(ok.code, 0, ok.stdout + ok.stderr);
      assert.equal(ok.stdout, '');

      const dirty = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': CLEAN, 'prompts/b.prompt.md': FOO });
      const bad = cli(['lint'], dirty);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /^\nprompts\/b\.prompt\.md\n {2}3:12 {2}error {2}Unexpected 'foo', expected a precise word {2}precise-words\n/);
      assert.match(bad.stdout, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)/);
    });

    it('exits 2 when a path does not exist', () => {
      const dir = project({ '.promptcoach.json': config() });
      const r = cli(['lint', 'nope.prompt.md'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no such file or folder: 'nope\.prompt\.md'/);
    });

    it('--max-warnings turns too many warnings into exit 1', () => {
      const dir = project({ '.promptcoach.json': config(), 'AGENTS.md': BAR });
      assert.equal(cli(['lint'], dir).code, 0);
      assert.equal(cli(['lint', '--max-warnings', '1'], dir).code, 0);
      const over = cli(['lint', '--max-warnings', '0'], dir);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /too many warnings \(1\)/);
    });

    it('--quiet reports errors only', () => {
      const dir = project({ '.promptcoach.json': config(), 'AGENTS.md': BAR, 'CLAUDE.md': FOO });
      const loud = cli(['lint'], dir);
      assert.match(loud.stdout, /no-hedging/);
      const quiet = cli(['lint', '--quiet'], dir);
      assert.equal(quiet.code, 1);
      assert.doesNotMatch(quiet.stdout, /no-hedging|AGENTS\.md/);
      assert.match(quiet.stdout, /precise-words/);
      assert.equal(cli(['lint', '--quiet', '--max-warnings', '0', 'AGENTS.md'], dir).code, 0);
    });

    it('--fix rewrites the file, which then lints clean of that finding', () => {
      const text = `# Review\n\n<!-- promptcoach-disable-next-line precise-words -->\nReview the diff.\n`;
      const dir = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': text });
      const before = cli(['lint', '--format', 'json'], dir);
      assert.equal(before.code, 0);
      const findings = JSON.parse(before.stdout)[0].findings;
      assert.deepEqual(
        findings.map((f: { ruleId: string; fixable: boolean }) => [f.ruleId, f.fixable]),
        [['unused-suppression', true]],
      );

      const fixed = cli(['lint', '--fix', '--format', 'json'], dir);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.deepEqual(JSON.parse(fixed.stdout)[0].findings, []);
      assert.equal(fs.readFileSync(path.join(dir, 'prompts/a.prompt.md'), 'utf8'), '# Review\n\nReview the diff.\n');
      assert.deepEqual(JSON.parse(cli(['lint', '--format', 'json'], dir).stdout)[0].findings, []);
    });

    it('--fix leaves files without fixes untouched and reports what remains', () => {
      const dir = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': FOO });
      const mtime = fs.statSync(path.join(dir, 'prompts/a.prompt.md')).mtimeMs;
      const r = cli(['lint', '--fix'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /precise-words/);
      assert.equal(fs.readFileSync(path.join(dir, 'prompts/a.prompt.md'), 'utf8'), FOO);
      assert.equal(fs.statSync(path.join(dir, 'prompts/a.prompt.md')).mtimeMs, mtime);
    });

    it('honours .gitignore files, nested ones in their folder, and skips node_modules', () => {
      const dir = project({
        '.promptcoach.json': config(),
        '.gitignore': 'ignored/\n*.local.prompt.md\n',
        'ignored/a.prompt.md': FOO,
        'prompts/b.local.prompt.md': FOO,
        'prompts/keep.prompt.md': FOO,
        'sub/.gitignore': 'secret.prompt.md\n!c.local.prompt.md\n',
        'sub/secret.prompt.md': FOO,
        'sub/c.local.prompt.md': FOO,
        'other/secret.prompt.md': FOO,
        'node_modules/pkg/AGENTS.md': FOO,
      });
      const r = cli(['lint', '--format', 'json'], dir);
      assert.deepEqual(
        JSON.parse(r.stdout).map((f: { path: string }) => f.path),
        ['other/secret.prompt.md', 'prompts/keep.prompt.md', 'sub/c.local.prompt.md'],
      );
    });

    it('honours the config ignore globs, but always lints files named explicitly', () => {
      const dir = project({ '.promptcoach.json': config({ ignore: ['drafts/**'] }), 'drafts/a.prompt.md': FOO, 'notes.txt': FOO });
      const walked = cli(['lint'], dir);
      assert.equal(walked.code, 0, walked.stdout);
      const explicit = cli(['lint', '--format', 'json', 'drafts/a.prompt.md', 'notes.txt'], dir);
      assert.equal(explicit.code, 1);
      assert.deepEqual(
        JSON.parse(explicit.stdout).map((f: { path: string; findings: unknown[] }) => [f.path, f.findings.length]),
        [
          ['drafts/a.prompt.md', 1],
          ['notes.txt', 1],
        ],
      );
    });

    it('--all-files adds prompt-like files of no kind; binary, non-UTF-8 and large files are skipped with an info', () => {
      const dir = project({
        '.promptcoach.json': config(),
        'docs/guide.md': FOO,
        'docs/blob.md': Buffer.from([0x23, 0x20, 0x00, 0x01, 0x66, 0x6f, 0x6f]),
        // "# Café foo" saved as Latin-1: é is the lone byte 0xE9.
        'docs/latin1.md': Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x20, 0x66, 0x6f, 0x6f, 0x0a]),
        'docs/big.txt': 'x'.repeat(2000),
        'src/code.ts': 'const foo = 1;\n',
      });
      assert.equal(cli(['lint'], dir).code, 0);
      const r = cli(['lint', '--all-files', '--max-file-size', '1000', '--format', 'json'], dir);
      assert.equal(r.code, 1);
      const byPath = Object.fromEntries(JSON.parse(r.stdout).map((f: { path: string; findings: { ruleId: string; severity: string; message: string }[] }) => [f.path, f.findings]));
      assert.deepEqual(Object.keys(byPath), ['docs/big.txt', 'docs/blob.md', 'docs/guide.md', 'docs/latin1.md']);
      assert.deepEqual(byPath['docs/latin1.md'].map((f: { ruleId: string }) => f.ruleId), ['file-skipped']);
      assert.match(byPath['docs/latin1.md'][0].message, /not valid UTF-8 \(first bad byte at offset 5\)/);
      assert.equal(byPath['docs/guide.md'][0].ruleId, 'precise-words');
      assert.equal(byPath['docs/blob.md'][0].ruleId, 'file-skipped');
      assert.equal(byPath['docs/blob.md'][0].severity, 'info');
      assert.match(byPath['docs/blob.md'][0].message, /binary/);
      assert.match(byPath['docs/big.txt'][0].message, /2000 bytes, over the 1000-byte limit/);
    });

    it('--config uses the given file instead of the nearest one', () => {
      const dir = project({
        'configs/team.json': config(),
        '.promptcoach.json': JSON.stringify({ rules: allBuiltInsOff() }),
        'prompts/a.prompt.md': FOO,
      });
      assert.equal(cli(['lint'], dir).code, 0);
      const r = cli(['lint', '--config', 'configs/team.json'], dir);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /precise-words/);
      const missing = cli(['lint', '--config', 'configs/nope.json'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /cannot read config file 'configs\/nope\.json'/);
    });

    it('exits 2 on a bad config and prints the problem located in the config file', () => {
      const bad = '{\n  "rules": {\n    "no-such-severity-here": "eror"\n  }\n}\n';
      const dir = project({ '.promptcoach.json': bad, 'prompts/a.prompt.md': CLEAN });
      const r = cli(['lint'], dir);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /\n\.promptcoach\.json\n {2}3:\d+ +error {2}.*'eror'.* {2}config-error\n/);
      const sarif = JSON.parse(cli(['lint', '--format', 'sarif'], dir).stdout);
      const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'config-error');
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, '.promptcoach.json');
      assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
    });

    it('writes SARIF that parses, with the tool and the results', () => {
      const dir = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': FOO });
      const r = cli(['lint', '--format', 'sarif'], dir);
      assert.equal(r.code, 1);
      const log = JSON.parse(r.stdout);
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'Prompt Coach');
      assert.equal(run.tool.driver.version, version);
      const ids = run.tool.driver.rules.map((x: { id: string }) => x.id);
      for (const rule of RULES) assert.ok(ids.includes(rule.meta.id), rule.meta.id);
      assert.ok(ids.includes('precise-words'));
      assert.equal(run.results.length, 1);
      assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, 'precise-words');
      assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'prompts/a.prompt.md');
    });

    it('writes junit and github formats', () => {
      const dir = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': FOO, 'AGENTS.md': CLEAN });
      const junit = cli(['lint', '--format', 'junit'], dir);
      assert.match(junit.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="Prompt Coach" tests="2" failures="1"/);
      const gh = cli(['lint', '--format', 'github'], dir);
      assert.equal(gh.stdout, "::error file=prompts/a.prompt.md,line=3,col=12,endLine=3,endColumn=15,title=precise-words::Unexpected 'foo', expected a precise word\n");
    });

    it('--output writes the report to a file', () => {
      const dir = project({ '.promptcoach.json': config(), 'prompts/a.prompt.md': FOO });
      const r = cli(['lint', '--format', 'json', '--output', 'reports/lint.json'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'reports/lint.json'), 'utf8'))[0].findings[0].ruleId, 'precise-words');
    });

    it('gives the same bytes for the same input', () => {
      const files: Record<string, string> = { '.promptcoach.json': config() };
      for (let i = 0; i < 30; i++) files[`prompts/p${String(i).padStart(2, '0')}.prompt.md`] = i % 3 ? FOO + BAR : CLEAN;
      const dir = project(files);
      for (const format of ['stylish', 'json', 'sarif', 'junit', 'github']) {
        const a = cli(['lint', '--format', format], dir);
        const b = cli(['lint', '--format', format], dir);
        assert.equal(a.stdout, b.stdout, format);
        assert.ok(a.stdout.length > 0, format);
      }
      const json = JSON.parse(cli(['lint', '--format', 'json'], dir).stdout) as { path: string }[];
      assert.deepEqual(
        json.map((f) => f.path),
        [...json.map((f) => f.path)].sort(),
      );
    });
  });

  describe('rules', () => {
    it('lists every built-in rule as JSON with its docs', () => {
      const r = cli(['rules', '--format', 'json'], ROOT);
      assert.equal(r.code, 0);
      const listed = JSON.parse(r.stdout) as { id: string; category: string; defaultSeverity: string; kinds: unknown; fixable: boolean; summary: string; docs: { rationale: string } }[];
      assert.deepEqual(
        listed.map((x) => x.id),
        RULES.map((rule) => rule.meta.id),
      );
      for (const [i, rule] of RULES.entries()) {
        const x = listed[i];
        assert.equal(x?.category, rule.meta.category);
        assert.equal(x?.defaultSeverity, rule.meta.defaultSeverity);
        assert.equal(x?.fixable, rule.meta.fixable);
        assert.equal(x?.summary, rule.meta.docs.summary);
        assert.equal(x?.docs.rationale, rule.meta.docs.rationale);
      }
    });

    it('prints a table by default', () => {
      const r = cli(['rules'], ROOT);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^RULE +CATEGORY +DEFAULT +FIXABLE +JUDGED +KINDS +SUMMARY\n/);
      for (const rule of RULES) assert.match(r.stdout, new RegExp(`^${rule.meta.id} `, 'm'));
    });
  });

  describe('explain', () => {
    it('explains a rule: summary, why, examples, how to configure', () => {
      const id = RULES[0]?.meta.id ?? 'unused-suppression';
      const r = cli(['explain', id], ROOT);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^${id}\n`));
      assert.match(r.stdout, /\nWhy it matters\n/);
      assert.match(r.stdout, /\nBad\n/);
      assert.match(r.stdout, /\nGood\n/);
      assert.match(r.stdout, new RegExp(`"rules": \\{\\n\\s+"${id}": `));
    });

    it('explains engine ids and custom rules of the config in the cwd', () => {
      assert.match(cli(['explain', 'unused-suppression'], ROOT).stdout, /cannot be turned off/);
      const dir = project({ '.promptcoach.json': config() });
      const r = cli(['explain', 'precise-words'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^precise-words\n/);
    });

    it('exits 2 on an unknown id, with a suggestion', () => {
      const r = cli(['explain', 'unused-supression'], ROOT);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown rule 'unused-supression'\. Did you mean 'unused-suppression'\?/);
      assert.equal(cli(['explain'], ROOT).code, 2);
    });
  });

  describe('init', () => {
    it('writes a starter config that loads cleanly, then refuses to overwrite it', () => {
      const dir = project({ 'prompts/a.prompt.md': CLEAN });
      const first = cli(['init'], dir);
      assert.equal(first.code, 0, first.stderr);
      const written = fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8');
      assert.match(written, /"extends": \["promptcoach:recommended"\]/);
      assert.match(written, /^\/\/ /);
      assert.match(written, /"customRules"/);
      assert.match(written, /"overrides"/);

      const lint = cli(['lint', '--format', 'json'], dir);
      assert.notEqual(lint.code, 2, lint.stdout + lint.stderr);
      assert.doesNotMatch(lint.stdout, /config-error/);

      fs.writeFileSync(path.join(dir, '.promptcoach.json'), '{}\n');
      const again = cli(['init'], dir);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists/);
      assert.equal(fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8'), '{}\n');

      assert.equal(cli(['init', '--force'], dir).code, 0);
      assert.equal(fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8'), written);
    });
  });
});
