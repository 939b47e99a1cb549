/**
 * The context rules' tricky parts, through `analyze` on in-memory workspaces: where a reference leaves
 * the repository, how the token budget is estimated and explained, which files' sections count, and
 * which copy of a paragraph is reported.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import { estimateModelTokens } from '../../src/core/tokens';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

async function lint(id: string, files: Record<string, string>, file: string, options?: unknown, root = '/ws'): Promise<Finding[]> {
  const text = files[file];
  assert.ok(text !== undefined, `${file} is not in the workspace`);
  const { findings } = await analyze({ path: file, text }, configWith(root, { [id]: options }), memoryHost(files));
  return findings.filter((f) => f.ruleId === id);
}

const lines = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}: ${f.message}`);

describe('reference-outside-workspace', () => {
  const id = 'reference-outside-workspace';

  it('bounds relative paths by the repository, not by the workspace folder', async () => {
    const files = {
      '/ws/shop/.git/HEAD': 'ref: refs/heads/main\n',
      '/ws/shop/AGENTS.md': 'See [the API notes](../api/NOTES.md) and [the readme](docs/../README.md).\n',
      '/ws/shop/README.md': '# Shop\n',
      '/ws/api/NOTES.md': '# API\n',
    };
    // The workspace holds two repositories: a teammate who clones `shop` has no `api` next to it.
    const found = await lint(id, files, '/ws/shop/AGENTS.md');
    assert.deepEqual(lines(found), [
      "1: Unexpected reference outside the repository '../api/NOTES.md', expected a file inside it: teammates and CI do not have this one",
    ]);
  });

  it('allows `../` up to the repository root when the workspace is a folder inside it', async () => {
    const files = {
      '/repo/.git/HEAD': 'ref: refs/heads/main\n',
      '/repo/README.md': '# Repo\n',
      '/repo/packages/app/AGENTS.md': 'Read [the root readme](../../README.md) first.\n',
    };
    assert.deepEqual(await lint(id, files, '/repo/packages/app/AGENTS.md', undefined, '/repo/packages/app'), []);
  });

  it('uses the workspace root when there is no repository, and checks nothing relative for a file outside both', async () => {
    const files = { '/ws/a/AGENTS.md': 'See [notes](../../elsewhere/notes.md).\n', '/other/AGENTS.md': 'See [notes](../../x/notes.md).\n' };
    assert.equal((await lint(id, files, '/ws/a/AGENTS.md')).length, 1);
    assert.deepEqual(await lint(id, files, '/other/AGENTS.md'), []);
  });

  it("leaves Claude Code's personal `@~/` imports in a context file alone, not in a prompt", async () => {
    const text = 'Personal notes: @~/.claude/shop-instructions.md\n';
    const files = { '/ws/CLAUDE.md': text, '/ws/.claude/commands/release.md': `Cut the release.\n\n${text}` };
    assert.deepEqual(await lint(id, files, '/ws/CLAUDE.md'), []);
    assert.deepEqual(lines(await lint(id, files, '/ws/.claude/commands/release.md')), [
      "3: Unexpected home-folder path '~/.claude/shop-instructions.md', expected a file inside the repository, relative to this file: teammates and CI do not have this one",
    ]);
  });

  it('leaves site-root links alone and turns an absolute path into the workspace into a relative one', async () => {
    const files = {
      '/ws/docs/setup.md': '# Setup\n',
      '/ws/.github/copilot-instructions.md':
        'See [setup](/docs/setup.md), [the logo](/favicon.png), [about](/home/about) and [setup again](/ws/docs/setup.md).\n',
    };
    const found = await lint(id, files, '/ws/.github/copilot-instructions.md');
    assert.deepEqual(lines(found), [
      "1: Unexpected absolute path '/ws/docs/setup.md', expected '../docs/setup.md', relative to this file: the absolute path exists only on one machine",
    ]);
    const fixed = applyFixes(files['/ws/.github/copilot-instructions.md'], found).text;
    assert.match(fixed, /\[setup again\]\(\.\.\/docs\/setup\.md\)/);
  });

  it('finds the file a `file:` URL from another machine names, by its tail inside the workspace', async () => {
    const files = {
      '/ws/docs/evals/README.md': '# Evals\n',
      '/ws/skills/evals/SKILL.md': 'Read [the evals guide](file:///Users/ana/code/project/docs/evals/README.md).\n',
    };
    const [finding] = await lint(id, files, '/ws/skills/evals/SKILL.md');
    assert.match(finding?.message ?? '', /^Unexpected home-folder path 'file:\/\/\/Users\/ana\/.*', expected '\.\.\/\.\.\/docs\/evals\/README\.md'/);
    assert.equal(finding?.fixes?.[0]?.edits[0]?.newText, '../../docs/evals/README.md');
  });

  it('reads Windows drive paths, which the document parser takes for URLs', async () => {
    const files = { '/ws/AGENTS.md': 'Settings: [config](C:\\Users\\ana\\shop\\config.json), [shared](D:/shared/rules.md).\n' };
    assert.deepEqual(
      (await lint(id, files, '/ws/AGENTS.md')).map((f) => f.message.split(',')[0]),
      ["Unexpected home-folder path 'C:\\Users\\ana\\shop\\config.json'", "Unexpected absolute path 'D:/shared/rules.md'"],
    );
  });
});

describe('context-budget', () => {
  const id = 'context-budget';

  it('estimates tokens from character classes: CJK text costs far more than characters ÷ 4', () => {
    const english = 'Run the tests before you commit, and keep each pull request small enough to review. '.repeat(20);
    const chinese = '在提交之前运行测试，并保持每个拉取请求足够小以便审查。'.repeat(20);
    // o200k_base gives 17 tokens a sentence for the English and about 19 for the Chinese one.
    assert.ok(Math.abs(estimateModelTokens(english) - 340) <= 34, `English: ${estimateModelTokens(english)}`);
    assert.ok(Math.abs(estimateModelTokens(chinese) - 380) <= 76, `Chinese: ${estimateModelTokens(chinese)}`);
    assert.ok(estimateModelTokens(chinese) > 3 * Math.ceil(chinese.length / 4));
  });

  it('says at which line the budget runs out and names sub-sections, not the title over the whole file', async () => {
    const section = (name: string, n: number) => `## ${name}\n\n${'- Keep the handlers small and typed, and test every branch.\n'.repeat(n)}\n`;
    const text = `# Shop\n\n${section('Architecture', 12)}${section('API', 6)}${section('Commands', 1)}`;
    const files = { '/ws/AGENTS.md': text };
    const [finding] = await lint(id, files, '/ws/AGENTS.md', { budgets: { context: 150 } });
    const message = finding?.message ?? '';
    assert.match(message, /^Unexpected ≈\d+ tokens in this context file, expected at most 150: the budget runs out at line (\d+); trim or move out the largest sections, 'Architecture' \(≈\d+\) and 'API' \(≈\d+\)$/);
    const line = Number(/line (\d+)/.exec(message)?.[1]);
    const upTo = (n: number) => estimateModelTokens(text.split('\n').slice(0, n).join('\n'));
    assert.ok(upTo(line - 1) <= 150 && upTo(line) > 150, `the budget runs out at line ${line}`);
  });

  it('counts the files a CLAUDE.md imports, except other context files, which are judged on their own', async () => {
    const big = `# Architecture\n\n${'- `src/module/` handles one part of the checkout flow.\n'.repeat(40)}`;
    const files = {
      '/ws/AGENTS.md': big,
      '/ws/docs/architecture.md': big,
      '/ws/CLAUDE.md': '@AGENTS.md\n',
      '/ws/packages/a/CLAUDE.md': 'Before you change a module: @../../docs/architecture.md\n',
    };
    const options = { budgets: { context: 200 } };
    assert.deepEqual(await lint(id, files, '/ws/CLAUDE.md', options), []);
    const [finding] = await lint(id, files, '/ws/packages/a/CLAUDE.md', options);
    assert.match(finding?.message ?? '', /with the file it imports, expected at most 200; trim or move out the largest parts, @\.\.\/\.\.\/docs\/architecture\.md \(≈\d+\)$/);
  });

  it('reports a CLAUDE.md with the text of the AGENTS.md beside it (a symbolic link) only once, on AGENTS.md', async () => {
    const text = `# Shop\n\n${'Keep the handlers small and typed, and test every branch of them.\n'.repeat(30)}`;
    const files = { '/ws/AGENTS.md': text, '/ws/CLAUDE.md': text };
    const options = { budgets: { context: 100 } };
    assert.equal((await lint(id, files, '/ws/AGENTS.md', options)).length, 1);
    assert.deepEqual(await lint(id, files, '/ws/CLAUDE.md', options), []);
  });

  it('gives prompts no budget unless one is configured', async () => {
    const files = { '/ws/summary.prompt.md': `Summarize this report.\n\n${'The service failed for 14 minutes after the deploy.\n'.repeat(600)}` };
    assert.deepEqual(await lint(id, files, '/ws/summary.prompt.md'), []);
    assert.equal((await lint(id, files, '/ws/summary.prompt.md', { budgets: { prompt: 2000 } })).length, 1);
  });
});

describe('required-sections', () => {
  const id = 'required-sections';
  const missing = (findings: Finding[]) => findings.map((f) => /'([^']+)' section/.exec(f.message)?.[1]);

  it('counts the sections of the context files in the folders above', async () => {
    const files = {
      '/ws/AGENTS.md': '# Shop\n\nA TypeScript monorepo.\n\n## Setup\n\n`pnpm install`\n\n## Build\n\n`pnpm build`\n',
      '/ws/packages/api/AGENTS.md': '# API\n\nThe REST API, in TypeScript. Keep handlers thin.\n',
    };
    assert.deepEqual(missing(await lint(id, files, '/ws/packages/api/AGENTS.md')), ['Test']);
  });

  it('counts commands in code and plain statements, and heading words only from the start of a word', async () => {
    const files = {
      '/ws/AGENTS.md':
        '# Engine\n\nA Rust game engine.\n\n## Contest rules\n\nEntries are judged weekly.\n\n```sh\ncargo build --release\n```\n\nInstall the dependencies with `rustup` first.\n',
    };
    // `cargo build` is the Build command, "Install the dependencies" the setup; "Contest" is not "test".
    assert.deepEqual(missing(await lint(id, files, '/ws/AGENTS.md')), ['Test']);
  });

  it('leaves alone a short file that hands over to another one, and a context file that describes no software', async () => {
    const files = {
      '/ws/CLAUDE.md': 'Read AGENTS.md before proceeding.\n',
      '/ws/office/CLAUDE.md': '# Chief of staff\n\n## Company\n\nA 40-person startup selling accounting services to dentists.\n\n## Priorities\n\nHire two sales leads this quarter.\n',
    };
    assert.deepEqual(await lint(id, files, '/ws/CLAUDE.md'), []);
    assert.deepEqual(await lint(id, files, '/ws/office/CLAUDE.md'), []);
  });

  it('takes sections and commands from the config, per kind, replacing the default', async () => {
    const options = { sections: { context: [{ name: 'Verify', match: ['verification'], commands: ['just verify'] }] } };
    const files = {
      '/ws/AGENTS.md': '# Shop\n\nA TypeScript app.\n\nBefore you finish, run `just   verify`.\n',
      '/ws/lib/AGENTS.md': '# Lib\n\nA TypeScript library.\n',
    };
    assert.deepEqual(await lint(id, files, '/ws/AGENTS.md', options), []);
    const [finding] = await lint(id, files, '/ws/lib/AGENTS.md', { sections: { context: [{ name: 'Verify', match: ['verification'] }] } });
    assert.equal(finding?.message, "Unexpected context file without a 'Verify' section, expected a 'Verify' heading");
  });

  it('appends the missing section under a heading of the level the file uses', async () => {
    const files = { '/ws/AGENTS.md': '# Shop\n\nA TypeScript app.\n\n## Setup\n\n`pnpm install`\n\n## Testing\n\n`pnpm test`\n' };
    const fixed = applyFixes(files['/ws/AGENTS.md'], await lint(id, files, '/ws/AGENTS.md')).text;
    assert.equal(fixed.slice(files['/ws/AGENTS.md'].length), '\n## Build\n\nTODO: The command that builds the project, or runs it when there is nothing to build (for example `npm run build`).\n');
  });
});

describe('duplicate-context', () => {
  const id = 'duplicate-context';
  const testing = 'Run `pnpm test` before you commit; CI rejects a pull request with failing tests or lower coverage.';
  const style = 'Keep React components under 200 lines and move data fetching into server actions under `src/actions/`.';

  it('reports a copy once, in the later file: CLAUDE.md, not AGENTS.md', async () => {
    const files = { '/ws/AGENTS.md': `# Shop\n\n${testing}\n`, '/ws/CLAUDE.md': `# Shop\n\n${testing}\n\nUse the MCP tools.\n` };
    assert.deepEqual(await lint(id, files, '/ws/AGENTS.md'), []);
    assert.deepEqual(lines(await lint(id, files, '/ws/CLAUDE.md')), [
      "3: Unexpected copy of a paragraph from AGENTS.md (line 3), expected one source: keep it in AGENTS.md and import that file here with '@AGENTS.md'",
    ]);
  });

  it('compares nothing when the files are identical (a symbolic link) and ignores a difference in tool names only', async () => {
    const intro = (tool: string) => `This file provides guidance to ${tool} when working with code in this repository.`;
    const same = `# Shop\n\n${testing}\n`;
    const files = {
      '/ws/AGENTS.md': same,
      '/ws/GEMINI.md': same,
      '/ws/a/AGENTS.md': `${intro('AI coding agents')}\n`,
      '/ws/a/CLAUDE.md': `${intro('Claude Code (claude.ai/code)')}\n`,
    };
    assert.deepEqual(await lint(id, files, '/ws/GEMINI.md'), []);
    assert.deepEqual(await lint(id, files, '/ws/a/CLAUDE.md'), []);
  });

  it('shows how a drifted copy differs', async () => {
    const files = { '/ws/AGENTS.md': `${testing}\n`, '/ws/.cursorrules': `${testing.replace('pnpm test', 'npm run test')}\n` };
    assert.deepEqual(lines(await lint(id, files, '/ws/.cursorrules')), [
      "1: Unexpected drifted copy of AGENTS.md line 1 ('npm run' here, 'pnpm' in AGENTS.md), expected one source: keep it in AGENTS.md only (Cursor reads AGENTS.md too)",
    ]);
  });

  it('reports a file that is mostly a copy once, with a fix that imports AGENTS.md in place of the copies', async () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Rule ${i + 1}: ${style}`);
    const agents = `# Shop\n\n${paragraphs.join('\n\n')}\n`;
    const claude = `# Shop\n\n${paragraphs.slice(0, 3).join('\n\n')}\n\nClaude only: use the MCP tools for the database schema, not the migrations.\n\n${paragraphs.slice(3).join('\n\n')}\n`;
    const files = { '/ws/AGENTS.md': agents, '/ws/CLAUDE.md': claude };
    const found = await lint(id, files, '/ws/CLAUDE.md');
    assert.deepEqual(lines(found), [
      "1: Unexpected copy of AGENTS.md: 6 of this file's 7 paragraphs are also there, expected one source: keep it in AGENTS.md and import that file here with '@AGENTS.md'",
    ]);
    assert.equal(
      applyFixes(claude, found).text,
      '# Shop\n\n@AGENTS.md\n\nClaude only: use the MCP tools for the database schema, not the migrations.\n\n',
    );
  });

  it('compares a nested file with the context files at the workspace root', async () => {
    const files = { '/ws/AGENTS.md': `# Shop\n\n${style}\n`, '/ws/packages/web/AGENTS.md': `# Web\n\n${style}\n` };
    assert.deepEqual(lines(await lint(id, files, '/ws/packages/web/AGENTS.md')), [
      '3: Unexpected copy of a paragraph from AGENTS.md at the workspace root (line 3), expected one source: keep it at the root only (agents read the root file too)',
    ]);
  });

  it('sees a sibling change: parsed siblings are cached by content, not by path alone', async () => {
    const files: Record<string, string> = { '/ws/AGENTS.md': `${style}\n`, '/ws/CLAUDE.md': `${style}\n\nMore.\n` };
    assert.equal((await lint(id, files, '/ws/CLAUDE.md')).length, 1);
    files['/ws/AGENTS.md'] = '# Shop\n\nNothing in common.\n';
    assert.deepEqual(await lint(id, files, '/ws/CLAUDE.md'), []);
  });
});
