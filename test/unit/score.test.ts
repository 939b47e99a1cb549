import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../src/core/rules';
import { DEFAULT_SCORING, scoreFile, scoringModel, summarize, type FileScore } from '../../src/core/score';
import type { Category, Finding, Severity } from '../../src/core/types';

const CLI = path.resolve(__dirname, '../../dist/cli.cjs');
const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const finding = (ruleId: string, severity: Severity): Finding => ({ ruleId, severity, message: 'm', range: at, path: '/w/a.prompt.md' });
const CATEGORY: Record<string, Category> = { vague: 'direction', secret: 'safety', budget: 'context', heading: 'format' };
const categoryOf = (id: string) => CATEGORY[id];
const score = (findings: Finding[], tokens = 200, model = DEFAULT_SCORING) =>
  scoreFile({ path: 'a.prompt.md', kind: 'prompt', tokens, findings }, categoryOf, model);

describe('score model', () => {
  it('is 100 with no findings, 81.9 with one warning, 54.9 with one error', () => {
    assert.equal(score([]).score, 100);
    assert.equal(score([finding('vague', 'warning')]).score, 81.9);
    assert.equal(score([finding('secret', 'error')]).score, 54.9);
    assert.equal(score([finding('vague', 'info')]).score, 96.1);
  });

  it('charges a rule that fires n times 1 + ln n times its weight, not n times', () => {
    const tenOfOne = score(Array.from({ length: 10 }, () => finding('vague', 'warning'))).score;
    const two = score([finding('vague', 'warning'), finding('heading', 'warning')]).score;
    // 10 × the same rule: 5 × (1 + ln 10) = 16.5 points; two different rules: 10 points.
    assert.equal(tenOfOne, Math.round(1000 * Math.exp(-(5 * (1 + Math.log(10))) / 25)) / 10);
    assert.ok(tenOfOne < two && tenOfOne > 40, `${tenOfOne} vs ${two}`);
  });

  it('does not punish a long file for length alone', () => {
    const findings = [finding('vague', 'warning'), finding('vague', 'warning')];
    const short = score(findings, 800).score;
    const long = score(findings, 16_000).score;
    assert.ok(long > short, `${long} > ${short}`);
    // √(16 000 ÷ 1 000) = 4: the same two findings in a file 16 times the reference length count a quarter.
    assert.equal(long, Math.round(1000 * Math.exp(-(5 * (1 + Math.log(2))) / 4 / 25)) / 10);
  });

  it('scores each category from its own findings, and ignores the engine findings', () => {
    const s = score([finding('secret', 'error'), finding('internal-error', 'error'), finding('config-error', 'error')]);
    assert.deepEqual(s.categories, { direction: 100, context: 100, safety: 54.9, format: 100 });
    assert.deepEqual(s.counts, { error: 1, warning: 0, info: 0 });
  });

  it('takes weights, scale and reference length from the config, the rest from the defaults', () => {
    const model = scoringModel({ weights: { warning: 10 }, scale: 50 });
    assert.deepEqual(model, { weights: { error: 15, warning: 10, info: 1 }, scale: 50, referenceTokens: 1000 });
    assert.equal(score([finding('vague', 'warning')], 200, model).score, 81.9);
  });

  it('summarizes a workspace: mean, median, distribution, by kind and by folder', () => {
    const file = (p: string, kind: FileScore['kind'], s: number): FileScore => ({
      path: p,
      kind,
      tokens: 10,
      score: s,
      categories: { direction: s, context: 100, safety: 100, format: 100 },
      counts: { error: 0, warning: 0, info: 0 },
    });
    const w = summarize(
      [file('a/x.prompt.md', 'prompt', 40), file('a/y.prompt.md', 'prompt', 80), file('AGENTS.md', 'context', 95)],
      (p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '.'),
    );
    assert.equal(w.mean, 71.7);
    assert.equal(w.median, 80);
    assert.deepEqual(w.distribution, { good: 1, fair: 1, poor: 0, bad: 1 });
    assert.deepEqual(Object.keys(w.byKind), ['context', 'prompt']);
    assert.equal(w.byKind['prompt']?.mean, 60);
    assert.equal(w.byFolder['a']?.files, 2);
    assert.equal(w.byFolder['.']?.mean, 95);
  });
});

describe('prompt-coach score', () => {
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-score-')));
    const rules = Object.fromEntries(RULES.map((r) => [r.meta.id, 'off']));
    rules['unresolved-placeholder'] = 'warning';
    fs.writeFileSync(path.join(dir, '.promptcoach.json'), JSON.stringify({ rules, scoring: { weights: { warning: 10 } } }));
    fs.mkdirSync(path.join(dir, 'prompts'));
    fs.writeFileSync(path.join(dir, 'prompts/clean.md'), 'Summarize the incident in five bullet points.\n');
    fs.writeFileSync(path.join(dir, 'prompts/todo.md'), 'Summarize [INSERT INCIDENT] in five bullet points.\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => spawnSync(process.execPath, [CLI, 'score', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('prints each file, worst first, and the workspace by kind and folder', () => {
    const r = run([]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0] ?? '', /^SCORE +DIR +CTX +SAFE +FMT +E\/W\/I +KIND +FILE$/);
    // The config's warning weight of 10: 100 × e^(−10/25) = 67.
    assert.match(lines[1] ?? '', /^67 +67 +100 +100 +100 +0\/1\/0 +prompt +prompts\/todo\.md$/);
    assert.match(lines[2] ?? '', /^100 .* prompts\/clean\.md$/);
    assert.match(r.stdout, /^folder prompts +2 +83\.5 +83\.5 +1\/0\/1\/0$/m);
    assert.match(r.stdout, /Workspace score 83\.5 \(mean of 2 files\)/);
  });

  it('writes the same as JSON', () => {
    const r = run(['--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { workspace: { mean: number; byKind: Record<string, { files: number }> }; files: { path: string; score: number }[] };
    assert.equal(report.workspace.mean, 83.5);
    assert.equal(report.workspace.byKind['prompt']?.files, 2);
    assert.deepEqual(report.files.map((f) => [f.path, f.score]), [['prompts/clean.md', 100], ['prompts/todo.md', 67]]);
  });

  it('rejects an unknown format with a suggestion', () => {
    const r = run(['--format', 'jsno']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown format 'jsno'.*json/);
  });
});
