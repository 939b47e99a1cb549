/**
 * constraints-missing, examples-missing and stop-condition-missing: what counts as the section being
 * there, which files are exempt, and where the fix puts the skeleton. Real inputs through `analyze`.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import { RULES } from '../../src/core/rules';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

const ROOT = '/ws';

/** What `id` finds in `text` saved at `rel`, with `options` (raw, as in a config file) or the defaults. */
async function lint(id: string, rel: string, text: string, options?: unknown): Promise<Finding[]> {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule, `no rule ${id}`);
  const parsed = rule.meta.options ? rule.meta.options.parse(options) : undefined;
  const path = `${ROOT}/${rel}`;
  const { findings } = await analyze({ path, text }, configWith(ROOT, { [id]: parsed }), memoryHost({ [path]: text }));
  return findings;
}

/** The text after applying the first finding's fix. */
function fixed(text: string, findings: Finding[]): string {
  assert.ok(findings[0]?.fixes?.length, 'expected a fix');
  return applyFixes(text, findings.slice(0, 1)).text;
}

const TASK =
  'Refactor the payment module for readability. Split the long functions into smaller ones, give the variables clear names, ' +
  'and explain each change in the pull request description.';

describe('constraints-missing', () => {
  it('reports a task with no limit at the top line, and its fix appends a Constraints skeleton', async () => {
    const text = `${TASK}\n`;
    const findings = await lint('constraints-missing', 'refactor.prompt.md', text);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]?.range.start, { line: 0, character: 0 });
    assert.match(findings[0]?.message ?? '', /^Unexpected prompt without constraints, expected /);
    const after = fixed(text, findings);
    assert.equal(after, `${text}\n## Constraints\n\n- Only [ADD the files, tools or topics in scope].\n- Do not [ADD what it must never do].\n`);
    assert.deepEqual(await lint('constraints-missing', 'refactor.prompt.md', after), []);
  });

  it('accepts a limit however it is phrased', async () => {
    for (const limit of [
      'Do not touch the public API.',
      'Only change files under src/payment.',
      'Never add a dependency.',
      'Keep the diff under 200 lines.',
      'Answer in under 100 words.',
      'Follow the team style guide.',
      'Leave the tests alone unless one of them is wrong.',
      '<constraints>Stay inside the payment module.</constraints>',
    ]) {
      assert.deepEqual(await lint('constraints-missing', 'refactor.prompt.md', `${TASK} ${limit}\n`), [], limit);
    }
    for (const heading of ['Guardrails', 'Scope', 'Out of scope', "Do's and don'ts", 'Exclusions']) {
      const text = `${TASK}\n\n## ${heading}\n\nThe payment module, and the code that calls it.\n`;
      assert.deepEqual(await lint('constraints-missing', 'refactor.prompt.md', text), [], heading);
    }
  });

  it('reads a limit written after an escaped line break, as CSV exports of prompts have them', async () => {
    const text = `${TASK}\\n\\nRules:\\n- Stay inside the payment module.\n`;
    assert.deepEqual(await lint('constraints-missing', 'refactor.prompt.md', text), []);
  });

  it('counts a bounding frontmatter key (a workflow’s permissions) as a limit', async () => {
    const text = `---\npermissions:\n  contents: read\n---\n${TASK}\n`;
    assert.deepEqual(await lint('constraints-missing', 'refactor.prompt.md', text), []);
  });

  it('leaves stubs, short questions and files that are not tasks alone', async () => {
    // A test fixture: the role labels and the variable are not words of the task.
    assert.deepEqual(await lint('constraints-missing', 'chat.prompt.md', 'system:\nYou are a helpful assistant.\n\nuser:\n{{question}}\n'), []);
    const question =
      'How do I turn a draft pull request into one that is ready for review, so that my team can review it before it is merged into main?\n';
    assert.deepEqual(await lint('constraints-missing', 'draft.prompt.md', question), []);
    for (const rel of ['AGENTS.md', 'style.instructions.md', '.cursor/rules/style.mdc', 'skills/refactor/SKILL.md']) {
      assert.deepEqual(await lint('constraints-missing', rel, `${TASK}\n`), [], rel);
    }
  });

  it('puts the skeleton before a last section that holds the input, in the file’s line breaks', async () => {
    const text = `${TASK}\r\n\r\n## Input\r\n\r\n{{diff}}\r\n`;
    const after = fixed(text, await lint('constraints-missing', 'refactor.prompt.md', text));
    assert.equal(
      after,
      `${TASK}\r\n\r\n## Constraints\r\n\r\n- Only [ADD the files, tools or topics in scope].\r\n- Do not [ADD what it must never do].\r\n\r\n## Input\r\n\r\n{{diff}}\r\n`,
    );
  });

  it('appends after a file that does not end in a line break', async () => {
    const after = fixed(TASK, await lint('constraints-missing', 'refactor.prompt.md', TASK));
    assert.ok(after.startsWith(`${TASK}\n\n## Constraints\n\n`));
  });
});

const JANITOR_BODY = 'Remove unused functions, imports and dependencies, simplify nested conditionals, and run the tests after each change.\n';
const agent = (frontmatter: string, body = JANITOR_BODY) => `---\n${frontmatter}\n---\n${body}`;

describe('stop-condition-missing', () => {
  it('reports an agent that changes things with tools and never says when to stop', async () => {
    const text = agent("description: Clean up dead code in the repository\ntools: ['edit/editFiles', 'execute/runInTerminal']");
    const findings = await lint('stop-condition-missing', '.github/agents/janitor.agent.md', text);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Unexpected agent without a stop condition, expected /);
    const after = fixed(text, findings);
    assert.match(after, /\n\n## When to stop\n\n- Stop and report back when \[ADD what done looks like\]\.\n/);
    assert.deepEqual(await lint('stop-condition-missing', '.github/agents/janitor.agent.md', after), []);
  });

  it('checks an agent without a tools key (it gets every tool), and a Claude subagent with Bash', async () => {
    assert.equal((await lint('stop-condition-missing', '.github/agents/janitor.agent.md', agent('description: Clean up dead code'))).length, 1);
    const subagent = agent('name: janitor\ndescription: Removes dead code and unused dependencies\ntools: Read, Edit, Bash');
    assert.equal((await lint('stop-condition-missing', '.claude/agents/janitor.md', subagent)).length, 1);
  });

  it('leaves an agent alone whose tools only read, or that has none', async () => {
    for (const tools of ["['search', 'read/readFile', 'web/fetch', 'usages']", 'Read, Grep, Glob, WebSearch', '[]']) {
      const text = agent(`description: Clean up dead code in the repository\ntools: ${tools}`);
      assert.deepEqual(await lint('stop-condition-missing', '.github/agents/janitor.agent.md', text), [], tools);
    }
  });

  it('checks advisers only with agents: acting', async () => {
    const text = agent("description: Senior reviewer for naming and structure\ntools: ['edit', 'runCommands']", 'You are a senior reviewer. Comment on names and function length.\n');
    assert.deepEqual(await lint('stop-condition-missing', '.github/agents/reviewer.agent.md', text), []);
    assert.equal((await lint('stop-condition-missing', '.github/agents/reviewer.agent.md', text, { agents: 'acting' })).length, 1);
  });

  it('accepts a stop, a hand-back, a question to the user or a bound on attempts', async () => {
    for (const stop of [
      'Stop when the tests pass.',
      'Ask the user before deleting an exported function.',
      'If you are unsure whether code is used, leave it and list it.',
      'Keep going until the linter reports nothing unused.',
      'Hand off to the reviewer agent when you are done.',
      'Give up on a change after 3 failed attempts and report back.',
      'Never commit without explicit approval.',
    ]) {
      const text = agent('description: Clean up dead code in the repository', `${JANITOR_BODY}${stop}\n`);
      assert.deepEqual(await lint('stop-condition-missing', '.github/agents/janitor.agent.md', text), [], stop);
    }
    const handoffs = agent('description: Clean up dead code\nhandoffs:\n  - label: Review\n    agent: reviewer');
    assert.deepEqual(await lint('stop-condition-missing', '.github/agents/janitor.agent.md', handoffs), []);
    const section = agent('description: Clean up dead code', `${JANITOR_BODY}\n## Definition of done\n\nNo unused export is left.\n`);
    assert.deepEqual(await lint('stop-condition-missing', '.github/agents/janitor.agent.md', section), []);
  });

  it('runs on agents only', async () => {
    const text = agent('description: Clean up dead code in the repository');
    assert.deepEqual(await lint('stop-condition-missing', 'janitor.prompt.md', text), []);
    assert.deepEqual(await lint('stop-condition-missing', 'skills/janitor/SKILL.md', text), []);
  });
});

const TRIAGE = [
  'You triage bug reports for the mobile app team. Read the report, decide which product area it belongs to, how severe it is,',
  'and whether it can be reproduced from what the reporter wrote. Severity has four levels. Critical means data loss, a crash on',
  'start, or a security problem. High means a main feature does not work and there is no workaround. Medium means a feature works',
  'badly or a workaround exists. Low covers cosmetic problems and typos. The product areas are login, payments, the feed,',
  'messaging, settings and notifications. When a report touches two areas, pick the one where the user first saw the problem.',
  'Reports about the web app belong to another team. Keep the summary to one sentence that a developer can read without opening',
  'the report, and name the app version and the device when the reporter gave them.',
].join(' ');
const JSON_ASK = 'Answer with a JSON object with the fields area, severity, reproducible and summary.';

describe('examples-missing', () => {
  it('reports a long prompt that asks for structured output and shows none, and counts its words', async () => {
    const findings = await lint('examples-missing', 'triage.prompt.md', `${TRIAGE} ${JSON_ASK}\n`);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Unexpected prompt of 1\d\d words that asks for structured output without an example, expected /);
    const after = fixed(`${TRIAGE} ${JSON_ASK}\n`, findings);
    assert.ok(after.endsWith('\n\n## Example\n\nInput: [ADD a typical input]\n\nOutput: [ADD the output expected for it]\n'));
  });

  it('asks nothing of a long prompt whose output is not structured, or of a short one', async () => {
    assert.deepEqual(await lint('examples-missing', 'triage.prompt.md', `${TRIAGE}\n`), []);
    assert.deepEqual(await lint('examples-missing', 'triage.prompt.md', `Triage the bug report. ${JSON_ASK}\n`), []);
    assert.equal((await lint('examples-missing', 'triage.prompt.md', `Triage the bug report. ${JSON_ASK}\n`, { minWords: 10 })).length, 1);
  });

  it('accepts an example in any of its usual forms', async () => {
    for (const example of [
      '```json\n{ "area": "feed", "severity": "low", "reproducible": true, "summary": "Typo on the feed." }\n```',
      '<example>A crash on start in 4.2 is critical.</example>',
      '## Examples\n\nA typo on the feed is low.',
      'For example, a crash on start is critical.',
      'Summary: [one sentence naming the version and the device]',
    ]) {
      assert.deepEqual(await lint('examples-missing', 'triage.prompt.md', `${TRIAGE} ${JSON_ASK}\n\n${example}\n`), [], example);
    }
  });

  it('runs on prompts and agents, not on standing guidance', async () => {
    const text = `${TRIAGE} ${JSON_ASK}\n`;
    assert.equal((await lint('examples-missing', '.github/agents/triage.agent.md', text)).length, 1);
    for (const rel of ['AGENTS.md', 'triage.instructions.md', 'skills/triage/SKILL.md']) {
      assert.deepEqual(await lint('examples-missing', rel, text), [], rel);
    }
  });
});
