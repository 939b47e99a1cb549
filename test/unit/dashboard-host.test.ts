import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dashboardHtml, newNonce } from '../../src/extension/dashboard/html';
import { gitShow, gitShowArgs } from '../../src/extension/dashboard/git-show';
import { mayChangeReport, reportLinks } from '../../src/extension/dashboard/links';
import { folderOf, groups, headline, topRules } from '../../src/webview/dashboard/model';
import { FromWebviewMessage, PersistedPageState, sinceOf, type Report } from '../../src/webview/dashboard/protocol';
import { gitEnv } from '../helpers/inspection';
import { fixtureReport, historyRepo, type HistoryRepo } from './dashboard-fixture';

/**
 * The dashboard's host-side parts that need no VS Code: the validation of the page's messages,
 * the HTML shell, what the page may open, the page's derived numbers, and `git show` on a real
 * repository whose config tries to run programs. The page runs in Chromium
 * (dashboard-webview.test.ts), the request in the language server (dashboard-lsp.test.ts).
 */
const ROOT = path.resolve(__dirname, '../..');
const SHA = 'a'.repeat(40);

describe('dashboard: the messages of the page', () => {
  it('accepts the protocol', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'setRange', range: '30d' },
      { type: 'setRange', range: 'all' },
      { type: 'openFile', path: '.github/prompts/a.prompt.md' },
      { type: 'openCommit', sha: SHA },
      { type: 'openCommit', sha: 'b'.repeat(64) },
      { type: 'openRule', id: 'vague-language' },
    ]) {
      assert.ok(FromWebviewMessage.safeParse(m).success, JSON.stringify(m));
    }
  });

  it('refuses anything else: unknown types, extra fields, ranges, abbreviated or non-hex shas, empty paths', () => {
    for (const m of [
      { type: 'run', command: 'rm -rf /' },
      { type: 'ready', extra: 1 },
      { type: 'setRange', range: '7d' },
      { type: 'openCommit', sha: 'abc1234' },
      { type: 'openCommit', sha: `--output=/tmp/x${'a'.repeat(25)}` },
      { type: 'openCommit', sha: 'A'.repeat(40) },
      { type: 'openFile', path: '' },
      { type: 'openFile', path: 'x'.repeat(5000) },
      { type: 'openRule' },
      null,
      'ready',
    ]) {
      assert.equal(FromWebviewMessage.safeParse(m).success, false, JSON.stringify(m));
    }
  });

  it('reads the range back from a saved page state, and maps it to the server’s since', () => {
    assert.deepEqual(PersistedPageState.parse({ v: 1, range: '365d', report: null, loading: false }), { v: 1, range: '365d' });
    assert.equal(PersistedPageState.safeParse({ v: 2, range: '90d' }).success, false);
    assert.equal(sinceOf('90d'), '90d');
    assert.equal(sinceOf('all'), undefined);
  });
});

describe('dashboard: the HTML shell', () => {
  const res = { cspSource: 'https://x.vscode-cdn.net', scriptUri: 'https://x.vscode-cdn.net/dist/webview/dashboard.js', styleUri: 'https://x.vscode-cdn.net/media/dashboard.css', nonce: newNonce() };

  it('has the inspection panel’s CSP: nothing inline, only our one script by nonce', () => {
    const html = dashboardHtml(res, { range: '90d' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(csp, `default-src 'none'; style-src ${res.cspSource}; script-src 'nonce-${res.nonce}'; img-src ${res.cspSource} data:; font-src ${res.cspSource}`);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${res.nonce.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}" src="${res.scriptUri}">`));
    assert.ok(!/style=/.test(html));
    assert.match(html, /data-state="\{&#34;range&#34;:&#34;90d&#34;\}"/);
  });

  it('makes a new nonce for every render', () => {
    assert.notEqual(newNonce(), newNonce());
  });
});

describe('dashboard: a real report, and what the page may open', function () {
  this.timeout(60_000);
  let repo: HistoryRepo;
  let report: Report;

  before(async () => {
    repo = historyRepo({ hostile: true });
    report = await fixtureReport(repo.dir);
  });

  after(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  it('may open the report’s files, commits and rules, nothing else', () => {
    const links = reportLinks(report);
    for (const f of report.files) assert.ok(links.paths.has(f.path), f.path);
    assert.ok(!links.paths.has('../outside.md'));
    assert.ok(!links.paths.has('/etc/passwd'));
    // Every commit that changed a prompt file, with the prompt files it changed (not src/billing/invoice.ts).
    assert.deepEqual([...links.commits.keys()].sort(), report.snapshots.map((s) => s.sha).sort());
    assert.deepEqual(links.commits.get(repo.shas[0] as string)?.sort(), ['AGENTS.md', 'CLAUDE.md']);
    assert.ok(!links.commits.has(''), 'the working tree is no commit');
    for (const a of report.alerts) for (const m of a.movers) assert.ok(links.commits.has(m.sha));
    assert.ok(links.rules.has('vague-language'));
    assert.ok(!links.rules.has('not-a-rule'));
  });

  it('rebuilds on the save of a file of the report, a config, or a new prompt file; not of code', () => {
    const links = reportLinks(report);
    assert.equal(mayChangeReport('CLAUDE.md', 'plaintext', links), true);
    assert.equal(mayChangeReport('sub/.promptcoach.json', 'jsonc', links), true);
    assert.equal(mayChangeReport('.github/prompts/new.prompt.md', 'prompt', links), true);
    assert.equal(mayChangeReport('.cursorrules', 'plaintext', undefined), true);
    assert.equal(mayChangeReport('src/billing/invoice.ts', 'typescript', links), false);
    assert.equal(mayChangeReport('package.json', 'json', links), false);
  });

  it('derives the headline, the groups and the top rules', () => {
    const h = headline(report);
    assert.equal(h.now, report.workingTree, 'the uncommitted edit is the workspace now');
    assert.equal(h.start, report.snapshots[0]);
    assert.equal(h.change, Math.round(((report.workingTree?.score ?? 0) - (report.snapshots[0]?.score ?? 0)) * 10) / 10);
    assert.equal(h.uncommitted, 1);
    const { byKind, byFolder } = groups(report);
    assert.deepEqual(byKind.map((r) => r.name).sort(), Object.keys(report.workingTree?.byKind ?? {}).sort());
    assert.equal(byKind.reduce((n, r) => n + r.files, 0), report.files.length);
    assert.deepEqual(byFolder.map((r) => [r.name, r.files]).sort(), [['.', 2], ['.github', report.files.length - 2]]);
    assert.ok(byKind.every((r, i) => i === 0 || (byKind[i - 1] as { score: number }).score <= r.score), 'lowest first');
    assert.equal(folderOf('AGENTS.md'), '.');
    assert.equal(folderOf('.github/prompts/a.md'), '.github');
    assert.deepEqual(topRules({ a: 1, b: 3, c: 0, d: 3 }, 2), [['b', 3], ['d', 3]]);
  });

  it('shows a commit’s patch to its prompt files, and runs nothing the repository configures', async () => {
    const dir = repo.dir;
    const pwned = (name: string) => path.join(dir, name);
    const node = JSON.stringify(process.execPath);
    const touch = (name: string) => `${node} -e "require('fs').writeFileSync(process.argv[1], 'ran')" ${JSON.stringify(pwned(name))}`;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8' });
    git('config', 'diff.external', touch('external-diff-ran'));
    git('config', 'core.pager', touch('pager-ran'));
    git('config', 'core.fsmonitor', touch('fsmonitor-ran'));
    git('config', 'diff.evil.textconv', touch('textconv-ran'));
    git('config', 'log.showSignature', 'true');
    git('config', 'gpg.program', touch('gpg-ran'));
    fs.writeFileSync(path.join(dir, '.gitattributes'), '*.md diff=evil\n');
    try {
      const sha = report.snapshots.find((s) => s.subject === 'Shorten the test prompt')?.sha as string;
      const text = await gitShow(dir, sha, reportLinks(report).commits.get(sha) ?? []);
      assert.match(text, /^commit [0-9a-f]{40}/);
      assert.match(text, /Shorten the test prompt/);
      assert.match(text, / \.github\/prompts\/write-tests\.prompt\.md \| \d+ [+-]+/, 'the stat');
      assert.match(text, /^\+Write some tests for \[INSERT module name\]/m, 'the patch');
      for (const name of ['external-diff-ran', 'pager-ran', 'fsmonitor-ran', 'textconv-ran', 'gpg-ran']) {
        assert.equal(fs.existsSync(pwned(name)), false, `${name}: git ran a program from the repository's config`);
      }
      // Paths are literal: a file named like a glob or pathspec magic shows only itself.
      const all = await gitShow(dir, repo.shas[0] as string, [':(glob)**', '*']);
      assert.doesNotMatch(all, /diff --git/, 'no file is literally named so');
    } finally {
      for (const key of ['diff.external', 'core.pager', 'core.fsmonitor', 'diff.evil.textconv', 'log.showSignature', 'gpg.program']) git('config', '--unset', key);
      fs.rmSync(path.join(dir, '.gitattributes'));
    }
  });

  it('refuses a commit id that is not a full hexadecimal id', () => {
    assert.throws(() => gitShowArgs('HEAD', []), /Unexpected commit 'HEAD'/);
    assert.throws(() => gitShowArgs('--output=/tmp/x', []), /Unexpected commit/);
    const args = gitShowArgs(SHA, ['a.md']);
    for (const flag of ['--no-pager', '--no-ext-diff', '--no-textconv', '--literal-pathspecs', 'core.fsmonitor=false']) assert.ok(args.includes(flag), flag);
    assert.deepEqual(args.slice(-3), [SHA, '--', 'a.md']);
  });
});

describe('dashboard: package.json', () => {
  it('contributes the command (category Prompt Coach), its palette entry and the activation event; esbuild builds the page', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const command = pkg.contributes.commands.find((c: { command: string }) => c.command === 'promptcoach.showDashboard');
    assert.deepEqual({ title: command?.title, category: command?.category }, { title: 'Show Quality Dashboard', category: 'Prompt Coach' });
    assert.ok(pkg.contributes.menus.commandPalette.some((m: { command: string }) => m.command === 'promptcoach.showDashboard'));
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:promptcoach.dashboard'));
    const config = fs.readFileSync(path.join(ROOT, 'esbuild.config.mjs'), 'utf8');
    assert.match(config, /entryPoints: \['src\/webview\/dashboard\/main\.ts'\],\s*outfile: 'dist\/webview\/dashboard\.js'/);
  });
});
