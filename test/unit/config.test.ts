import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kindOf } from '../../src/core/analyze';
import { DEFAULT_FILES } from '../../src/core/kinds';
import { ConfigResolver } from '../../src/core/config/load';
import { isIgnored } from '../../src/core/config/merge';
import { preset } from '../../src/core/config/presets';
import type { ConfigProblem } from '../../src/core/config/types';
import { nodeHost, rangeOf, removeTree, tempTree, TEST_RULES, writeTree } from './config-helpers';

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('config: resolving and merging', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const resolver = (options: { configFile?: string; trusted?: boolean; rootDir?: string } = {}) =>
    new ConfigResolver({ host: nodeHost(), rootDir: options.rootDir ?? root, rules: TEST_RULES, ...options });

  it('uses promptcoach:recommended at the lint root when there is no config anywhere', () => {
    root = tempTree({ 'prompts/a.prompt.md': '# A' });
    const config = resolver().forFile(path.join(root, 'prompts/a.prompt.md'));
    assert.equal(config.root, root);
    assert.deepEqual(config.files, { ...DEFAULT_FILES });
    assert.deepEqual(config.ignore, []);
    assert.equal(config.rules['vague-language']?.severity, 'warning');
    assert.deepEqual(config.rules['vague-language']?.options, { max: 3, words: [] }, 'default options applied');
    assert.equal(config.rules['noisy-rule']?.severity, 'off');
    assert.equal(config.requireSuppressionReason, false);
    assert.equal(config.reportUnusedSuppressions, true);
    assert.deepEqual(config.customRules, []);
  });

  it('merges an extends chain: relative file over a preset, the config over both', () => {
    root = tempTree({
      '.promptcoach.json': `// team config\n${json({
        extends: './shared/base.json',
        rules: { 'secret-in-prompt': 'warning', 'vague-language': 'error' },
      })}`,
      'shared/base.json': json({
        extends: ['promptcoach:strict'],
        rules: { 'vague-language': ['warning', { max: 5 }], 'missing-output-format': 'off' },
        reportUnusedSuppressions: false,
      }),
    });
    const r = resolver();
    const config = r.forFile(path.join(root, 'a.prompt.md'));
    assert.deepEqual(r.problems(), []);
    assert.equal(config.root, root);
    assert.equal(config.rules['noisy-rule']?.severity, 'warning', 'strict turns off rules on');
    assert.equal(config.rules['missing-output-format']?.severity, 'off', 'base wins over the preset');
    assert.equal(config.rules['secret-in-prompt']?.severity, 'warning', 'the config wins over its extends');
    assert.deepEqual(config.rules['vague-language'], { severity: 'error', options: { max: 5, words: [] } }, 'a severity alone keeps options');
    assert.equal(config.requireSuppressionReason, true, 'from promptcoach:strict');
    assert.equal(config.reportUnusedSuppressions, false, 'from the base');
    assert.deepEqual(config.sources, ['promptcoach:strict', path.join(root, 'shared/base.json'), path.join(root, '.promptcoach.json')]);
  });

  it('lets the nearer config win over the ones in parent folders', () => {
    root = tempTree({
      '.promptcoach.json': json({ rules: { 'vague-language': 'error', 'noisy-rule': 'info' } }),
      'team/.promptcoach.json': json({ rules: { 'vague-language': 'off' } }),
    });
    const r = resolver();
    const inner = r.forFile(path.join(root, 'team/deep/x.prompt.md'));
    const outer = r.forFile(path.join(root, 'y.prompt.md'));
    assert.equal(inner.rules['vague-language']?.severity, 'off');
    assert.equal(inner.rules['noisy-rule']?.severity, 'info', 'parent settings still apply');
    assert.equal(inner.root, root, 'one root: the outermost config folder');
    assert.equal(outer.rules['vague-language']?.severity, 'error');
  });

  it('stops looking in parent folders at a config with root: true', () => {
    root = tempTree({
      '.promptcoach.json': json({ rules: { 'vague-language': 'off' }, files: { 'x/**': 'skill' } }),
      'project/.promptcoach.json': json({ root: true, rules: { 'noisy-rule': 'error' } }),
    });
    const config = resolver().forFile(path.join(root, 'project/a.md'));
    assert.equal(config.root, path.join(root, 'project'));
    assert.equal(config.rules['vague-language']?.severity, 'warning', 'the outer config is not read');
    assert.equal(config.rules['noisy-rule']?.severity, 'error');
    assert.ok(!('x/**' in config.files));
  });

  it('applies overrides that match the file, after the base and in order', () => {
    root = tempTree({
      '.promptcoach.json': json({
        rules: { 'vague-language': 'error' },
        overrides: [
          { files: 'prompts/**', excludedFiles: 'prompts/keep/**', rules: { 'vague-language': 'off' }, kind: 'agent' },
          { files: ['prompts/late/*.md'], rules: { 'vague-language': ['info', { max: 9 }] } },
        ],
      }),
    });
    const r = resolver();
    const matched = r.forFile(path.join(root, 'prompts/a.md'));
    assert.equal(matched.rules['vague-language']?.severity, 'off');
    assert.equal(matched.kind, 'agent');
    assert.equal(kindOf(path.join(root, 'prompts/a.md'), matched), 'agent', 'kindOf agrees with the override');
    const excluded = r.forFile(path.join(root, 'prompts/keep/a.md'));
    assert.equal(excluded.rules['vague-language']?.severity, 'error');
    assert.equal(excluded.kind, undefined);
    const both = r.forFile(path.join(root, 'prompts/late/b.md'));
    assert.deepEqual(both.rules['vague-language'], { severity: 'info', options: { max: 9, words: [] } });
    const none = r.forFile(path.join(root, 'other.md'));
    assert.equal(none.rules['vague-language']?.severity, 'error');
    assert.equal(r.forFile(path.join(root, 'other2.md')), none, 'files with the same config share one object');
  });

  it('rebases globs of nested configs onto the outermost root, with kinds for files in subfolders', () => {
    root = tempTree({
      '.promptcoach.json': json({ files: { 'docs/**/*.md': 'context' }, ignore: ['drafts'] }),
      'sub/.promptcoach.json': json({
        files: { 'notes/*.md': 'instructions', './top.txt': 'prompt' },
        ignore: ['scratch/**'],
        overrides: [{ files: 'notes/special.md', rules: { 'secret-in-prompt': 'off' } }],
      }),
    });
    const r = resolver();
    const file = path.join(root, 'sub/notes/a.md');
    const config = r.forFile(file);
    assert.equal(config.root, root);
    assert.equal(config.files['sub/notes/*.md'], 'instructions');
    assert.equal(config.files['sub/top.txt'], 'prompt');
    assert.equal(config.files['docs/**/*.md'], 'context');
    assert.deepEqual(Object.keys(config.files).slice(0, 3), ['sub/notes/*.md', 'sub/top.txt', 'docs/**/*.md'], 'nearer globs first');
    assert.equal(kindOf(file, config), 'instructions');
    assert.equal(kindOf(path.join(root, 'sub/top.txt'), config), 'prompt');
    assert.equal(kindOf(path.join(root, 'docs/x/y.md'), config), 'context');
    assert.equal(kindOf(path.join(root, 'notes/a.md'), config), undefined, 'the nested glob does not leak to the root');
    assert.equal(kindOf(path.join(root, 'sub/AGENTS.md'), config), 'context', 'defaults stay in force');
    assert.deepEqual(config.ignore, ['drafts', 'sub/scratch/**']);
    assert.ok(isIgnored(path.join(root, 'drafts/a.md'), config));
    assert.ok(isIgnored(path.join(root, 'sub/scratch/a.md'), config));
    assert.ok(!isIgnored(path.join(root, 'scratch/a.md'), config));
    assert.equal(r.forFile(path.join(root, 'sub/notes/special.md')).rules['secret-in-prompt']?.severity, 'off');
    assert.equal(config.rules['secret-in-prompt']?.severity, 'error');
  });

  it('with an explicit config file uses only it (and its extends) for every file, globs relative to rootDir', () => {
    root = tempTree({
      '.promptcoach.json': json({ rules: { 'vague-language': 'off' } }),
      'configs/ci.json': json({ extends: './base.json', files: { 'docs/*.md': 'context' } }),
      'configs/base.json': json({ rules: { 'noisy-rule': 'error' } }),
    });
    const r = resolver({ configFile: 'configs/ci.json' });
    const config = r.forFile(path.join(root, 'docs/a.md'));
    assert.equal(config.root, root);
    assert.equal(config.rules['vague-language']?.severity, 'warning', 'the workspace config is not used');
    assert.equal(config.rules['noisy-rule']?.severity, 'error');
    assert.equal(kindOf(path.join(root, 'docs/a.md'), config), 'context');
    assert.deepEqual(r.problems(), []);
  });

  it('computes the presets from the rule list', () => {
    const strict = preset('promptcoach:strict', TEST_RULES);
    assert.deepEqual(
      Object.fromEntries(Object.entries(strict.rules).map(([id, s]) => [id, s.severity])),
      { 'vague-language': 'warning', 'missing-output-format': 'warning', 'secret-in-prompt': 'error', 'noisy-rule': 'warning' },
    );
    assert.equal(strict.requireSuppressionReason, true);
    const recommended = preset('promptcoach:recommended', TEST_RULES);
    assert.equal(recommended.rules['noisy-rule']?.severity, 'off');
    assert.deepEqual(recommended.files, { ...DEFAULT_FILES });
  });
});

describe('config: problems are located in the config file', () => {
  let root: string;
  afterEach(() => removeTree(root));

  /** Writes `.promptcoach.json`, resolves a file and returns the problems. */
  const problemsFor = (text: string, extra: Record<string, string> = {}): ConfigProblem[] => {
    root = tempTree({ '.promptcoach.json': text, ...extra });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    r.forFile(path.join(root, 'a.prompt.md'));
    return r.problems();
  };
  const only = (problems: ConfigProblem[]): ConfigProblem => {
    assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
    return problems[0] as ConfigProblem;
  };

  it('a syntax error', () => {
    const text = '{\n  // comments are fine\n  "rules": {\n    "vague-language": "warning"\n    "noisy-rule": "error",\n  },\n}\n';
    const p = only(problemsFor(text));
    assert.equal(p.path, path.join(root, '.promptcoach.json'));
    assert.equal(p.severity, 'error');
    assert.deepEqual(p.range, rangeOf(text, '"noisy-rule"'));
    assert.equal(p.message, `Unexpected '"noisy-rule"', expected ','`);
  });

  it('a value of the wrong type', () => {
    const text = '{\n  "root": "yes",\n  "files": { "x/**": "script" }\n}\n';
    const problems = problemsFor(text);
    assert.equal(problems.length, 2);
    assert.deepEqual(problems[0]?.range, rangeOf(text, '"yes"'));
    assert.equal(problems[0]?.message, "Unexpected 'yes', expected true or false");
    assert.deepEqual(problems[1]?.range, rangeOf(text, '"script"'));
    assert.match(problems[1]?.message ?? '', /^Unexpected 'script', expected 'prompt', 'instructions', .* or 'skill'$/);
  });

  it('a bad severity', () => {
    const text = '{\n  "rules": {\n    "vague-language": "warn"\n  }\n}\n';
    const p = only(problemsFor(text));
    assert.deepEqual(p.range, rangeOf(text, '"warn"'));
    assert.match(p.message, /^Unexpected 'warn', expected a severity \('off', 'info', 'warning' or 'error'\) or \[severity, options\]$/);
  });

  it('an unknown rule id, with a did-you-mean', () => {
    const text = '{\n  "rules": {\n    "vague-languag": "warning",\n    "zzz": "off"\n  }\n}\n';
    const problems = problemsFor(text);
    assert.equal(problems.length, 2);
    assert.deepEqual(problems[0]?.range, rangeOf(text, '"vague-languag"'));
    assert.equal(problems[0]?.message, "Unknown rule 'vague-languag', did you mean 'vague-language'?");
    assert.equal(problems[0]?.severity, 'error');
    assert.equal(problems[1]?.message, "Unknown rule 'zzz'");
  });

  it('bad rule options, validated with the rule\'s own schema', () => {
    const text = '{\n  "rules": {\n    "vague-language": ["error", { "max": "ten" }],\n    "noisy-rule": ["error", { "x": 1 }]\n  }\n}\n';
    const r = (() => {
      root = tempTree({ '.promptcoach.json': text });
      return new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    })();
    const config = r.forFile(path.join(root, 'a.md'));
    const problems = r.problems();
    assert.equal(problems.length, 2);
    assert.deepEqual(problems[0]?.range, rangeOf(text, '"ten"'));
    assert.equal(problems[0]?.message, "Rule 'vague-language': Unexpected 'ten', expected a number; using its default options");
    assert.equal(problems[0]?.severity, 'error');
    assert.deepEqual(problems[1]?.range, rangeOf(text, '{ "x": 1 }'));
    assert.equal(problems[1]?.severity, 'warning');
    assert.deepEqual(config.rules['vague-language'], { severity: 'error', options: { max: 3, words: [] } }, 'severity kept, default options');
  });

  it('cyclic extends, naming the cycle', () => {
    const base = '{\n  "extends": "./.promptcoach.json"\n}\n';
    const problems = problemsFor(json({ extends: './base.json' }), { 'base.json': base });
    const p = only(problems);
    assert.equal(p.path, path.join(root, 'base.json'));
    assert.deepEqual(p.range, rangeOf(base, '"./.promptcoach.json"'));
    assert.equal(p.message, 'Circular extends: .promptcoach.json → base.json → .promptcoach.json');
  });

  it('a config extending itself', () => {
    const text = '{ "extends": ["promptcoach:recommended", "./.promptcoach.json"] }';
    const p = only(problemsFor(text));
    assert.deepEqual(p.range, rangeOf(text, '"./.promptcoach.json"'));
    assert.match(p.message, /^Circular extends: \.promptcoach\.json → \.promptcoach\.json$/);
  });

  it('missing extends targets and unknown presets', () => {
    const text = '{\n  "extends": ["./nope.json", "promptcoach:recomended", "not-installed-pkg"]\n}\n';
    const problems = problemsFor(text);
    assert.equal(problems.length, 3);
    assert.deepEqual(problems[0]?.range, rangeOf(text, '"./nope.json"'));
    assert.equal(problems[0]?.message, "Cannot find './nope.json' to extend: nope.json does not exist");
    assert.deepEqual(problems[1]?.range, rangeOf(text, '"promptcoach:recomended"'));
    assert.equal(problems[1]?.message, "Unknown preset 'promptcoach:recomended', expected 'promptcoach:recommended'");
    assert.deepEqual(problems[2]?.range, rangeOf(text, '"not-installed-pkg"'));
    assert.match(problems[2]?.message ?? '', /^Cannot find package 'not-installed-pkg' from /);
  });

  it('patterns RE2 rejects (backreferences, lookarounds), at the pattern', () => {
    const text = `{
  "customRules": [
    { "id": "no-repeat", "type": "existence", "pattern": "(a+)+\\\\1" },
    { "id": "no-ahead", "type": "substitution", "swap": { "ok": "fine", "(?=x)y": "z" } },
    { "id": "sections", "type": "required-section", "sections": ["Goal", "(?<!a)b"] }
  ]
}
`;
    const problems = problemsFor(text);
    assert.equal(problems.length, 3);
    assert.deepEqual(problems[0]?.range, rangeOf(text, '"(a+)+\\\\1"'));
    assert.match(problems[0]?.message ?? '', /^Unexpected pattern "\(a\+\)\+\\\\1": invalid escape sequence.*backreferences .* are not supported\. Patterns use RE2 syntax/);
    assert.deepEqual(problems[1]?.range, rangeOf(text, '"(?=x)y"'), 'a swap pattern is located at its key');
    assert.match(problems[1]?.message ?? '', /lookarounds .* are not supported/);
    assert.deepEqual(problems[2]?.range, rangeOf(text, '"(?<!a)b"'));
  });

  it('an unknown top-level key is a warning, and the rest of the config works', () => {
    const text = '{\n  "playbooks": {},\n  "rules": { "noisy-rule": "error" }\n}\n';
    root = tempTree({ '.promptcoach.json': text });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const config = r.forFile(path.join(root, 'a.md'));
    const p = only(r.problems());
    assert.equal(p.severity, 'warning');
    assert.deepEqual(p.range, rangeOf(text, '"playbooks"'));
    assert.equal(
      p.message,
      "Unexpected key 'playbooks', expected one of '$schema', 'extends', 'root', 'files', 'ignore', 'rules', 'overrides', 'customRules', 'requireSuppressionReason', 'reportUnusedSuppressions', 'checklists', 'inspection', 'scoring', 'trends', 'standard', 'templates' or 'coachingLevel'",
    );
    assert.equal(config.rules['noisy-rule']?.severity, 'error');
  });

  it('custom rule mistakes: missing key, built-in id, bad id, duplicate', () => {
    const text = `{
  "customRules": [
    { "type": "existence", "tokens": ["x"] },
    { "id": "vague-language", "type": "existence", "tokens": ["x"] },
    { "id": "Bad_Id", "type": "max-tokens", "max": 10 },
    { "id": "twice", "type": "max-tokens", "max": 10 },
    { "id": "twice", "type": "max-tokens", "max": 20 },
    { "id": "both", "type": "existence", "tokens": ["x"], "pattern": "y" },
    { "id": "kind", "type": "nope" }
  ]
}
`;
    const problems = problemsFor(text);
    const messages = problems.map((p) => `${p.range.start.line}:${p.range.start.character} ${p.message}`);
    assert.deepEqual(messages, [
      "2:4 Missing key 'id', expected a string",
      "3:12 Unexpected id 'vague-language': a built-in rule has it, expected a new id",
      "4:12 Unexpected id 'Bad_Id', expected kebab-case such as 'no-maybe'",
      "6:12 Duplicate custom rule id 'twice', expected each id once",
      "7:51 Unexpected 'tokens' next to 'pattern', expected one of them",
      "8:28 Unexpected type 'nope', expected 'existence', 'substitution', 'required-section', 'required-frontmatter' or 'max-tokens'",
    ]);
  });

  it('problems are deduplicated and sorted across files', () => {
    root = tempTree({
      '.promptcoach.json': '{ "rules": { "zz": "off" } }',
      'b/.promptcoach.json': '{ "rules": { "aa": "off" }, "oops": 1 }',
    });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    r.forFile(path.join(root, 'b/x.md'));
    r.forFile(path.join(root, 'b/y/z.md'));
    r.forFile(path.join(root, 'x.md'));
    const problems = r.problems();
    assert.deepEqual(
      problems.map((p) => [path.relative(root, p.path), p.message.replace(/, expected.*$/, '')]),
      [
        ['.promptcoach.json', "Unknown rule 'zz'"],
        [path.join('b', '.promptcoach.json'), "Unknown rule 'aa'"],
        [path.join('b', '.promptcoach.json'), "Unexpected key 'oops'"],
      ],
    );
  });
});

describe('config: the last good config keeps working', () => {
  let root: string;
  afterEach(() => removeTree(root));

  it('keeps the last good version while the file is broken, and reports the error', () => {
    root = tempTree({ '.promptcoach.json': json({ rules: { 'vague-language': 'off' } }) });
    const configPath = path.join(root, '.promptcoach.json');
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const file = path.join(root, 'a.prompt.md');
    assert.equal(r.forFile(file).rules['vague-language']?.severity, 'off');

    const broken = '{ "rules": { "vague-language": "error", }\n';
    fs.writeFileSync(configPath, broken);
    r.invalidate(configPath);
    assert.equal(r.forFile(file).rules['vague-language']?.severity, 'off', 'still the good rules');
    const problems = r.problems();
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.message, "Unexpected end of file, expected '}'");
    assert.equal(problems[0]?.range.start.line, 1);

    fs.writeFileSync(configPath, '{ "rules": { "vague-language": 42 } }');
    r.invalidate(configPath);
    assert.equal(r.forFile(file).rules['vague-language']?.severity, 'off', 'a schema error keeps the last good too');
    assert.equal(r.problems().length, 1);

    fs.writeFileSync(configPath, json({ rules: { 'vague-language': 'error' } }));
    r.invalidate(configPath);
    assert.equal(r.forFile(file).rules['vague-language']?.severity, 'error', 'the fixed file is read');
    assert.deepEqual(r.problems(), []);
  });

  it('uses the valid parts when a file has never been good', () => {
    root = tempTree({
      '.promptcoach.json': '{ "rules": { "vague-language": "off", "noisy-rule": "sometimes" }, "requireSuppressionReason": true, "root": 1 }',
    });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const config = r.forFile(path.join(root, 'a.md'));
    assert.equal(config.rules['vague-language']?.severity, 'off');
    assert.equal(config.rules['noisy-rule']?.severity, 'off', 'the bad entry falls back to the default');
    assert.equal(config.requireSuppressionReason, true);
    assert.equal(r.problems().length, 2);
  });

  it('falls back to the preset for a file that is not even JSON', () => {
    root = tempTree({ '.promptcoach.json': 'rules: vague-language: off' });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const config = r.forFile(path.join(root, 'a.md'));
    assert.equal(config.rules['vague-language']?.severity, 'warning');
    assert.ok(r.problems().length >= 1);
    assert.ok(r.problems().every((p) => p.path === path.join(root, '.promptcoach.json')));
  });

  it('sees new and deleted config files after invalidate()', () => {
    root = tempTree({ 'sub/a.md': '' });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const file = path.join(root, 'sub/a.md');
    assert.equal(r.forFile(file).rules['noisy-rule']?.severity, 'off');
    writeTree(root, { 'sub/.promptcoach.json': json({ rules: { 'noisy-rule': 'error' } }) });
    assert.equal(r.forFile(file).rules['noisy-rule']?.severity, 'off', 'cached until invalidated');
    r.invalidate(path.join(root, 'sub/.promptcoach.json'));
    const config = r.forFile(file);
    assert.equal(config.rules['noisy-rule']?.severity, 'error');
    assert.equal(config.root, path.join(root, 'sub'));
    fs.rmSync(path.join(root, 'sub/.promptcoach.json'));
    r.invalidate();
    assert.equal(r.forFile(file).rules['noisy-rule']?.severity, 'off');
  });
});

describe('config: npm packages in extends', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const withPackages = () =>
    tempTree({
      '.promptcoach.json': json({ extends: ['@team/promptcoach-config', 'plain-pack'] }),
      'node_modules/@team/promptcoach-config/package.json': json({ name: '@team/promptcoach-config', main: 'config.json' }),
      'node_modules/@team/promptcoach-config/config.json': json({ rules: { 'vague-language': 'off' } }),
      'node_modules/plain-pack/package.json': json({ name: 'plain-pack', version: '1.0.0' }),
      'node_modules/plain-pack/promptcoach.json': json({ extends: './more.json' }),
      'node_modules/plain-pack/more.json': json({ rules: { 'noisy-rule': 'info' } }),
    });

  it('loads a package (main JSON file, or promptcoach.json) in a trusted workspace', () => {
    root = withPackages();
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES });
    const config = r.forFile(path.join(root, 'a.md'));
    assert.deepEqual(r.problems(), []);
    assert.equal(config.rules['vague-language']?.severity, 'off');
    assert.equal(config.rules['noisy-rule']?.severity, 'info', "the package's own relative extends works");
  });

  it('does not load packages in an untrusted workspace', () => {
    root = withPackages();
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES, trusted: false });
    const config = r.forFile(path.join(root, 'a.md'));
    assert.equal(config.rules['vague-language']?.severity, 'warning');
    assert.equal(config.rules['noisy-rule']?.severity, 'off');
    const problems = r.problems();
    assert.equal(problems.length, 2);
    assert.ok(problems.every((p) => p.severity === 'warning' && /is not loaded in an untrusted workspace/.test(p.message)));
  });

  it('does not load absolute paths in an untrusted workspace, but does load relative files', () => {
    root = tempTree({ 'base.json': json({ rules: { 'noisy-rule': 'error' } }), 'abs.json': json({ rules: { 'vague-language': 'off' } }) });
    writeTree(root, { '.promptcoach.json': json({ extends: ['./base.json', path.join(root, 'abs.json')] }) });
    const r = new ConfigResolver({ host: nodeHost(), rootDir: root, rules: TEST_RULES, trusted: false });
    const config = r.forFile(path.join(root, 'a.md'));
    assert.equal(config.rules['noisy-rule']?.severity, 'error');
    assert.equal(config.rules['vague-language']?.severity, 'warning');
    assert.deepEqual(r.problems().map((p) => p.severity), ['warning']);
  });

  it('reports a host that cannot resolve packages', () => {
    root = withPackages();
    const { resolvePackage: _unused, ...host } = nodeHost();
    const r = new ConfigResolver({ host, rootDir: root, rules: TEST_RULES });
    r.forFile(path.join(root, 'a.md'));
    assert.ok(r.problems().some((p) => /this host does not resolve npm packages/.test(p.message)));
  });
});

describe('config: the example fixture', () => {
  it('loads without problems', () => {
    const dir = path.resolve(__dirname, '../fixtures/config/example');
    const r = new ConfigResolver({ host: nodeHost(), rootDir: dir, rules: TEST_RULES });
    const config = r.forFile(path.join(dir, 'prompts/review.prompt.md'));
    assert.deepEqual(r.problems(), []);
    assert.ok(config.customRules.length >= 5);
  });
});
