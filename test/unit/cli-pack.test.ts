import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FORMATTERS, type LintResult } from '../../src/core/format';
import type { Finding } from '../../src/core/types';

/**
 * Packs from the command line, with the built CLI (`dist/cli.cjs`) on real folders: `pack check`
 * on the acme fixture (test/fixtures/packs/acme) and on broken packs, `init --pack` from a folder,
 * a preset and an npm package packed with `npm pack` and installed from its tarball, and the
 * clause a finding cites in every report format.
 */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.cjs');
const ACME = path.join(ROOT, 'test', 'fixtures', 'packs', 'acme');
const ACME_1 = "Team standard ACME-1: Deadlines are dates or conditions, never 'ASAP'.";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmpDirs: string[] = [];

/** A fresh folder holding `files` (path → content). */
function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-pack-')));
  tmpDirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** A prompt that passes the recommended direction rules, but for its 'ASAP'. */
const ASAP_PROMPT = [
  '---',
  "description: 'Fix the login timeout that customers report'",
  '---',
  '# Fix the login timeout',
  '',
  '## Objective',
  '',
  'Fix the login timeout that customers report, ASAP.',
  '',
  '## Output format',
  '',
  'A pull request with a summary of the change and the tests that cover it.',
  '',
  '## Success criteria',
  '',
  'The login tests pass. Stop when they do, and say how you checked it.',
  '',
].join('\n');

describe('prompt-coach packs (built CLI)', function () {
  this.timeout(180_000);

  before(() => {
    execFileSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(fs.existsSync(CLI), 'dist/cli.cjs was built');
  });

  after(() => {
    for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('pack check', () => {
    it('passes the acme fixture pack, from its folder or named, in text and json', () => {
      const named = cli(['pack', 'check', 'test/fixtures/packs/acme'], ROOT);
      assert.equal(named.code, 0, named.stdout + named.stderr);
      assert.equal(named.stdout, '✔ @acme/prompt-standard 1.2.0 is ready to publish: 2 clauses, 1 template, 1 custom rule, 1 checklist.\n');
      assert.equal(cli(['pack', 'check'], ACME).stdout, named.stdout, 'the folder defaults to the current one');

      const json = cli(['pack', 'check', 'test/fixtures/packs/acme', '--format', 'json'], ROOT);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.stdout), {
        pack: {
          name: '@acme/prompt-standard',
          version: '1.2.0',
          description: 'How Acme directs its agents: every task names its deadline plainly and says exactly what it means.',
        },
        manifest: 'test/fixtures/packs/acme/promptcoach-pack.json',
        errors: 0,
        warnings: 0,
        counts: { clauses: 2, templates: 1, customRules: 1, checklists: 1 },
        problems: [],
      });
    });

    it('passes the built-in recommended pack', () => {
      const r = cli(['pack', 'check', 'src/packs/recommended'], ROOT);
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^✔ promptcoach:recommended \d+\.\d+\.\d+ is ready to publish: 15 clauses, 4 templates/);
    });

    it('rejects bad JSON with the syntax error located', () => {
      const dir = project({ 'pack/promptcoach-pack.json': '{\n  "name": "@acme/x",\n  "version": "1.0.0"\n  "description": "A pack."\n}\n' });
      const r = cli(['pack', 'check', 'pack'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, `pack/promptcoach-pack.json:4:3  error  Unexpected '"description"', expected ','\n\n✖ 1 problem (1 error, 0 warnings) in @acme/x 1.0.0\n`);
    });

    it('rejects a missing version, an unknown rule in a clause and a missing template, each located', () => {
      const manifest = {
        name: '@acme/broken',
        description: 'A pack with mistakes.',
        standard: { clauses: [{ id: 'B-1', text: 'Say exactly what you mean.', rules: ['vague-langauge', 'no-such-rule-at-all'], items: ['output-review/facts-rael', 'acme/x'] }] },
        templates: [
          { id: 'bug-fix', title: 'Bug fix', description: 'Ask an agent to fix one bug.', kind: 'prompt', file: 'templates/bug-fix.prompt.md', fileName: '${input:name}.prompt.md' },
        ],
      };
      const dir = project({ 'promptcoach-pack.json': JSON.stringify(manifest, null, 2) + '\n' });
      const r = cli(['pack', 'check'], dir);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(
        r.stdout,
        [
          "promptcoach-pack.json:1:1    error  Missing key 'version', expected a string",
          "promptcoach-pack.json:10:11  error  Unknown rule 'vague-langauge', did you mean 'vague-language'?",
          "promptcoach-pack.json:11:11  error  Unknown rule 'no-such-rule-at-all', expected a built-in rule id or the id of one of the pack's customRules",
          "promptcoach-pack.json:14:11  error  Unknown item 'facts-rael' in checklist 'output-review', did you mean 'output-review/facts-real'?",
          "promptcoach-pack.json:15:11  error  Unknown checklist 'acme', expected 'output-review'",
          "promptcoach-pack.json:26:15  error  Cannot find template file 'templates/bug-fix.prompt.md', expected it next to the manifest",
          "promptcoach-pack.json:27:19  error  Unexpected undeclared input 'name' in fileName, expected it in the template's inputs with a question that says what makes a good file name",
          '',
          '✖ 7 problems (7 errors, 0 warnings) in .',
          '',
        ].join('\n').replace(/ in \.\n$/, ` in ${path.basename(dir)}\n`),
      );
      const json = JSON.parse(cli(['pack', 'check', '--format', 'json'], dir).stdout);
      assert.equal(json.pack, null, 'no valid name, version and description');
      assert.equal(json.errors, 7);
      assert.deepEqual(json.problems[1], {
        path: 'promptcoach-pack.json',
        line: 10,
        column: 11,
        endLine: 10,
        endColumn: 27,
        severity: 'error',
        message: "Unknown rule 'vague-langauge', did you mean 'vague-language'?",
      });
    });

    it('warns, and exits 0, on a template with a direction finding and a package.json that would not publish the pack', () => {
      const manifest = {
        name: '@acme/hedging',
        version: '1.0.0',
        description: 'A pack whose template hedges.',
        templates: [
          {
            id: 'review',
            title: 'Review',
            description: 'Ask an agent to review a change.',
            kind: 'prompt',
            file: 'templates/review.prompt.md',
            fileName: '${input:name}.prompt.md',
            folder: '.github/prompts',
            inputs: [
              { id: 'name', description: 'File name, without .prompt.md' },
              { id: 'owner', description: 'Who owns the change?' },
            ],
          },
        ],
      };
      const template = [
        '---',
        "description: 'Review the staged change for ${input:name}'",
        '---',
        '# Review ${input:name}',
        '',
        'Review the change for ${input:name}. Maybe check the tests.',
        '',
        '## Output format',
        '',
        'A list of problems, each with its file and line.',
        '',
        '## Success criteria',
        '',
        'Every changed file was read. Stop when the list is complete.',
        '',
      ].join('\n');
      const dir = project({
        'promptcoach-pack.json': JSON.stringify(manifest, null, 2) + '\n',
        'templates/review.prompt.md': template,
        'package.json': '{\n  "name": "@acme/hedge",\n  "version": "1.0.1",\n  "files": ["templates/"]\n}\n',
      });
      const r = cli(['pack', 'check'], dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(
        r.stdout,
        [
          "package.json:2:11                warning  Unexpected package name '@acme/hedge', expected '@acme/hedging', the pack's name: workspaces extend the pack by the package's name",
          "package.json:3:14                warning  Unexpected package version '1.0.1', expected '1.0.0', the pack's version",
          `package.json:4:3                 warning  Unexpected "files" without 'promptcoach-pack.json', expected it listed so npm publishes the pack's manifest`,
          "promptcoach-pack.json:20:17      warning  Unexpected input 'owner' that the template never uses, expected ${input:owner} in its text, fileName or folder",
          // The column is the template's: the answer before it on the line maps back to its placeholder.
          "templates/review.prompt.md:6:38  warning  Unexpected hedge 'maybe', expected a direct instruction, or the condition under which it applies (weak-instruction in the file template 'review' makes); a template should already pass the standard's direction rules",
          '',
          '✖ 5 problems (0 errors, 5 warnings) in @acme/hedging 1.0.0',
          '  Warnings only: the pack can be published, but read them first.',
          '',
        ].join('\n'),
      );
    });

    it('exits 2 when the folder holds no pack, or does not exist', () => {
      const dir = project({ 'README.md': '# Not a pack\n' });
      const none = cli(['pack', 'check'], dir);
      assert.equal(none.code, 2);
      assert.equal(none.stdout, '');
      assert.match(none.stderr, /^prompt-coach: no promptcoach-pack\.json in '\.', expected a pack's manifest there/);
      const missing = cli(['pack', 'check', 'nowhere'], dir);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^prompt-coach: no such folder: 'nowhere'/);
      assert.equal(cli(['pack'], dir).code, 2);
      assert.match(cli(['pack', 'chek'], dir).stderr, /unknown subcommand 'chek', expected check\. Did you mean 'check'\?/);
      assert.match(cli(['pack', 'check', '--format', 'xml'], dir).stderr, /unknown format 'xml', expected text or json/);
      assert.match(cli(['help', 'pack'], dir).stdout, /^Usage: prompt-coach pack check \[dir\]/);
    });
  });

  describe('init --pack', () => {
    it('sets a workspace up from a pack folder and says what it now follows', () => {
      const dir = project({ 'prompts/fix.prompt.md': ASAP_PROMPT });
      fs.cpSync(ACME, path.join(dir, 'packs', 'acme'), { recursive: true });
      const r = cli(['init', '--pack', './packs/acme'], dir);
      assert.equal(r.code, 0, r.stderr);
      const written = fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8');
      assert.match(written, /\{\n {2}"extends": \["\.\/packs\/acme"\]\n\}\n$/);
      assert.doesNotMatch(written, /\$schema/, "the extension validates with the schema it ships");
      assert.match(r.stdout, /^Wrote \.promptcoach\.json: this workspace now follows @acme\/prompt-standard 1\.2\.0\.\n {2}How Acme directs its agents: /);
      assert.match(r.stdout, /\nAcme prompt standard \(17 clauses\):\n/);
      assert.match(r.stdout, /\n {2}ACME-1 {2}Deadlines are dates or conditions, never 'ASAP'\.\n {2}ACME-2 {2}Say exactly what you mean: no filler words\.\n/);
      assert.match(r.stdout, /\n {2}Ticket prompt +makes \.github\/prompts\/<name>\.prompt\.md\n/);
      assert.match(r.stdout, /\nNext steps:\n {2}prompt-coach lint .*\n {2}In VS Code, "Prompt Coach: New Prompt from Template…"/);

      const lint = cli(['lint', '--format', 'json'], dir);
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      const findings = (JSON.parse(lint.stdout) as { findings: { ruleId: string; standard?: { id: string } }[] }[]).flatMap((f) => f.findings);
      assert.deepEqual(findings.map((f) => [f.ruleId, f.standard?.id]), [['no-asap', 'ACME-1']]);

      const again = cli(['init', '--pack', './packs/acme'], dir);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /\.promptcoach\.json already exists in .*; use --force to overwrite it\./);
      assert.equal(fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8'), written);
      assert.equal(cli(['init', '--pack', 'packs/acme', '--force'], dir).code, 0, 'a folder named without ./');
      assert.equal(fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8'), written, 'is written with ./, so extends reads it as a folder');
    });

    it('sets a workspace up from promptcoach:recommended and prints its clauses', () => {
      const dir = project({});
      const r = cli(['init', '--pack', 'promptcoach:recommended'], dir);
      assert.equal(r.code, 0, r.stderr);
      assert.match(fs.readFileSync(path.join(dir, '.promptcoach.json'), 'utf8'), /"extends": \["promptcoach:recommended"\]/);
      assert.match(r.stdout, /^Wrote \.promptcoach\.json: this workspace now follows promptcoach:recommended \d+\.\d+\.\d+\.\n/);
      assert.match(r.stdout, /\nPrompt Coach recommended standard \(15 clauses\):\n {2}DIR-1 {3}Every task prompt states its objective/);
      assert.match(r.stdout, /\n {2}Task prompt +makes \.github\/prompts\/<name>\.prompt\.md\n/);
    });

    it('writes nothing when the pack cannot be resolved, and says why', () => {
      const dir = project({});
      for (const [name, message] of [
        ['./packs/nope', "Cannot find './packs/nope' to extend: packs/nope does not exist"],
        ['promptcoach:strct', "Unknown preset 'promptcoach:strct', expected 'promptcoach:strict'"],
        ['@acme/not-installed', "Cannot find package '@acme/not-installed' from "],
      ] as const) {
        const r = cli(['init', '--pack', name], dir);
        assert.equal(r.code, 2, name);
        assert.ok(r.stderr.startsWith(`prompt-coach: cannot set up from '${name}': ${message}`), r.stderr);
        assert.match(r.stderr, /\nNothing was written\.\n$/);
        assert.equal(fs.existsSync(path.join(dir, '.promptcoach.json')), false, name);
      }
    });

    it('sets a workspace up from an npm package installed from its tarball; lint cites the pack\'s clause', () => {
      // A real package: `npm pack` of a copy of the fixture, installed offline from the tarball.
      const src = project({});
      fs.cpSync(ACME, src, { recursive: true });
      const out = project({});
      const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
      const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out], { cwd: src, encoding: 'utf8', env: npmEnv, timeout: 120_000 });
      assert.equal(packed.status, 0, `npm pack failed: ${packed.stderr}`);
      const tarball = path.join(out, 'acme-prompt-standard-1.2.0.tgz');
      assert.ok(fs.existsSync(tarball), packed.stdout);

      const ws = project({ 'package.json': '{ "name": "workspace", "private": true }\n', '.github/prompts/fix.prompt.md': ASAP_PROMPT });
      const installed = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: ws, encoding: 'utf8', env: npmEnv, timeout: 120_000 });
      assert.equal(installed.status, 0, `npm refused to install the local tarball offline: ${installed.stderr}`);
      assert.ok(fs.existsSync(path.join(ws, 'node_modules', '@acme', 'prompt-standard', 'promptcoach-pack.json')));

      const init = cli(['init', '--pack', '@acme/prompt-standard'], ws);
      assert.equal(init.code, 0, init.stderr);
      assert.match(fs.readFileSync(path.join(ws, '.promptcoach.json'), 'utf8'), /"extends": \["@acme\/prompt-standard"\]/);
      assert.match(init.stdout, /^Wrote \.promptcoach\.json: this workspace now follows @acme\/prompt-standard 1\.2\.0\./);
      assert.match(init.stdout, /\n {2}ACME-1 {2}Deadlines are dates or conditions, never 'ASAP'\.\n/);
      assert.equal(cli(['pack', 'check', 'node_modules/@acme/prompt-standard'], ws).code, 0, 'the published pack checks clean');

      const stylish = cli(['lint'], ws);
      assert.equal(stylish.code, 0, stylish.stdout + stylish.stderr);
      assert.equal(
        stylish.stdout,
        [
          '',
          '.github/prompts/fix.prompt.md',
          "  8:46  warning  Unexpected 'ASAP', expected a date or a condition (ACME-1)  no-asap",
          '',
          ACME_1,
          '',
          '✖ 1 problem (0 errors, 1 warning, 0 infos)',
          '',
          '',
        ].join('\n'),
      );
      const json = JSON.parse(cli(['lint', '--format', 'json'], ws).stdout) as { findings: Record<string, unknown>[] }[];
      assert.deepEqual(json[0]?.findings[0]?.standard, { id: 'ACME-1', text: "Deadlines are dates or conditions, never 'ASAP'." });
    });
  });

  describe('a finding\'s clause in every format', () => {
    const cwd = path.resolve('/work/project');
    const finding = (over: Partial<Finding>): Finding => ({
      ruleId: 'no-asap',
      severity: 'warning',
      message: "Unexpected 'ASAP', expected a date or a condition",
      range: { start: { line: 7, character: 45 }, end: { line: 7, character: 49 } },
      path: path.join(cwd, 'prompts', 'fix.prompt.md'),
      ...over,
    });
    const standard = { id: 'ACME-1', text: "Deadlines are dates or conditions, never 'ASAP'." };
    const results: LintResult[] = [
      {
        path: path.join(cwd, 'prompts', 'fix.prompt.md'),
        findings: [
          finding({ standard }),
          finding({ ruleId: 'precise-words', message: "Unexpected 'foo'", range: { start: { line: 9, character: 0 }, end: { line: 9, character: 3 } } }),
          finding({ standard, range: { start: { line: 11, character: 0 }, end: { line: 11, character: 4 } } }),
        ],
      },
    ];
    const ctx = { cwd, rules: [], version: '1.0.0' };

    it('stylish: the clause id after the message, each clause written out once', () => {
      assert.equal(
        FORMATTERS.stylish(results, ctx),
        [
          '',
          'prompts/fix.prompt.md',
          "  8:46  warning  Unexpected 'ASAP', expected a date or a condition (ACME-1)  no-asap",
          "  10:1  warning  Unexpected 'foo'                                            precise-words",
          "  12:1  warning  Unexpected 'ASAP', expected a date or a condition (ACME-1)  no-asap",
          '',
          ACME_1,
          '',
          '✖ 3 problems (0 errors, 3 warnings, 0 infos)',
          '',
          '',
        ].join('\n'),
      );
    });

    it('json: a standard object, only on the findings a clause cites', () => {
      const report = JSON.parse(FORMATTERS.json(results, ctx)) as { findings: { standard?: unknown }[] }[];
      assert.deepEqual(report[0]?.findings.map((f) => f.standard), [standard, undefined, standard]);
    });

    it('sarif: the clause in the message and in properties', () => {
      const log = JSON.parse(FORMATTERS.sarif(results, ctx));
      const [first, second] = log.runs[0].results;
      assert.equal(first.message.text, `Unexpected 'ASAP', expected a date or a condition\n${ACME_1}`);
      assert.deepEqual(first.properties, { standard });
      assert.equal(second.message.text, "Unexpected 'foo'");
      assert.equal(second.properties, undefined);
    });

    it('github and junit: the clause on a line of its own', () => {
      const gh = FORMATTERS.github(results, ctx).split('\n');
      assert.equal(gh[0], `::warning file=prompts/fix.prompt.md,line=8,col=46,endLine=8,endColumn=50,title=no-asap::Unexpected 'ASAP', expected a date or a condition%0A${ACME_1}`);
      assert.equal(gh[1], "::warning file=prompts/fix.prompt.md,line=10,col=1,endLine=10,endColumn=4,title=precise-words::Unexpected 'foo'");
      const junit = FORMATTERS.junit(results, ctx);
      assert.ok(junit.includes(`at prompts/fix.prompt.md:8:46\n  Team standard ACME-1: Deadlines are dates or conditions, never &apos;ASAP&apos;.</failure>`), junit);
    });
  });
});
