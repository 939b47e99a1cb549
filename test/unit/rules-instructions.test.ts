/**
 * The instruction rules on real inputs through `analyze`: conflicting-instructions,
 * negative-only-instruction and duplicate-instruction, and the sentence units they share.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { parsePromptDocument } from '../../src/core/document';
import { applyFixes } from '../../src/core/fix';
import { RULES } from '../../src/core/rules';
import { instructionBreaks, unitsOf } from '../../src/core/rules/instruction-units';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

const ROOT = '/ws';

async function lint(id: string, text: string, file = 'task.prompt.md'): Promise<Finding[]> {
  const { findings } = await analyze({ path: `${ROOT}/${file}`, text }, configWith(ROOT, { [id]: undefined }), memoryHost({}));
  return findings.filter((f) => f.ruleId === id);
}

/** `line:column message`, 1-based, for compact assertions. */
const brief = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
const lines = (findings: Finding[]) => findings.map((f) => f.range.start.line + 1);
const docsOf = (id: string) => {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule, id);
  return rule.meta.docs;
};

describe('instruction units', () => {
  const units = (text: string) => unitsOf(parsePromptDocument({ path: '/ws/a.prompt.md', text })).map((u) => u.text);

  it('splits lines that are one instruction each, and keeps inline code', () => {
    assert.deepEqual(units('Always use `const`\nNever use `var`\nKeep functions short, and\nname them well.\n'), [
      'Always use const',
      'Never use var',
      'Keep functions short, and name them well.',
    ]);
  });

  it('drops list numbers the sentence splitter cut off and tags CommonMark left as text', () => {
    assert.deepEqual(units('If it is a question:\n    1. Answer it\n    2. Do not comment\n\n<use_tools>\nRead the file.\n</use_tools>\n'), [
      'If it is a question:',
      'Answer it',
      'Do not comment',
      'Read the file.',
    ]);
  });

  it('leaves headings, tables and code out', () => {
    assert.deepEqual(units('# Use tabs\n\n| Use tabs |\n| --- |\n| Use tabs |\n\n```\nUse tabs.\n```\n\nUse spaces.\n'), ['Use spaces.']);
  });

  it('breaks lines where the lookbehind expression it replaced did, in linear time', () => {
    // The expression the line splitting was first written as: right, but quadratic in a line's blanks.
    const lookbehind =
      /(?<!(?:[,;(\-–—&/]|\b(?:a|an|the|and|or|but|nor|of|to|in|on|at|by|for|from|with|as|than|that|which|who|is|are|be|your|our|its|their))[ \t]*\r?)\n(?=[ \t>]*(?:[-*+•]\s|\d+[.)]\s|\p{Lu}))/gu;
    const piece = fc.constantFrom('\n', '\r\n', ' ', '\t', '>', '-', '*', '•', '1.', '12)', ',', '—', '/', 'a', 'an', 'the', 'their', 'bathe', '_the', 'Use', 'x', 'É', '`');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const raw = pieces.join('');
        assert.deepEqual(instructionBreaks(raw), [...raw.matchAll(lookbehind)].map((m) => m.index + 1), JSON.stringify(raw));
      }),
      { numRuns: 3000 },
    );
    // Thousands of blanks on lines that end in a break: a few milliseconds, not most of a second.
    const blanks = `Use it${' '.repeat(20_000)}\nRead it${'\t'.repeat(20_000)}\nKeep it`;
    const started = performance.now();
    assert.deepEqual(instructionBreaks(blanks), [20_007, 40_015]);
    assert.ok(performance.now() - started < 200);
  });
});

describe('conflicting-instructions', () => {
  const id = 'conflicting-instructions';

  it('reports the later directive and names the earlier line', async () => {
    const text = '# Style\n\n- Always use semicolons.\n- Prefer named exports.\n- Never use semicolons.\n';
    assert.deepEqual(brief(await lint(id, text)), [
      "5:3 Unexpected 'Never use semicolons' contradicting line 3 'Always use semicolons', expected one directive: delete one, or say when each applies",
    ]);
  });

  it('reports a choice between exclusive options, and opposite polarity with curly apostrophes', async () => {
    const text = '- Use tabs for indentation.\n- Use spaces for indentation.\n- Don’t use default exports.\n- Use default exports.\n';
    assert.deepEqual(lines(await lint(id, text, 'style.instructions.md')), [2, 4]);
  });

  it('reports contradictory limits on the same thing, at the later limit', async () => {
    const findings = await lint(id, 'Keep answers under 100 words. Name the error. Write at least 300 words.\n');
    assert.deepEqual(brief(findings), [
      "1:53 Unexpected 'Write at least 300 words' contradicting line 1 'Keep answers under 100 words', expected one limit: delete one, or say which part of the answer each applies to",
    ]);
    assert.equal(findings[0]?.range.end.character, 70);
    assert.deepEqual(lines(await lint(id, 'Use at most 3 bullet points.\n\nUse 5 bullet points.\n')), [3]);
    assert.deepEqual(lines(await lint(id, '## Output format\n\n- Keep it under 100 words.\n- Write at least 300 words.\n')), [4]);
  });

  it('leaves limits on different things, overlapping limits and limits in one sentence alone', async () => {
    const text =
      'Keep the title under 10 words. Write at least 300 words in the body.\n\n' +
      'Write between 100 and 200 words. Keep it under 250 words.\n\n' +
      'Write at least 300 words, each paragraph under 100 words.\n\n' +
      'Give 3 examples. Give 5 examples.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('leaves directives with a condition or an exception alone', async () => {
    const text =
      '- Never use semicolons unless the file already does.\n- Always use semicolons.\n' +
      '- In tests, always mock the network.\n- Never mock the network.\n' +
      '- If the thread is short, keep the answer under 100 words.\n- Write at least 300 words.\n' +
      '- Use spaces, not tabs.\n- Use tabs.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('compares only within one scope: the same section, the same list', async () => {
    const text =
      '## General\n\n- Always use semicolons.\n\n## Legacy code\n\n- Never use semicolons.\n\n' +
      '## Tests\n\nIn unit tests:\n- Mock the network.\n\nIn integration tests:\n- Never mock the network.\n\n' +
      '## Naming\n\n- For Python:\n  - Use snake case for functions.\n- For Go:\n  - Never use snake case for functions.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('leaves examples, quotes, transcripts and lists of things to avoid alone', async () => {
    const text =
      '- Always use semicolons.\n\nBad: "Never use semicolons."\n\n> Never use semicolons.\n\n' +
      '<bad_example>\nNever use semicolons.\n</bad_example>\n\n```\nNever use semicolons.\n```\n\n' +
      '## Anti-patterns\n\n- Never use semicolons.\n\n## Example prompts\n\n- Never use semicolons.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('needs a concrete action: pointers and one-word actions are left alone', async () => {
    assert.deepEqual(await lint(id, '- Always use it.\n- Never use it.\n- Stop.\n- Never stop.\n'), []);
  });

  it('runs on context files', async () => {
    assert.deepEqual(lines(await lint(id, '- Always run the linter.\n- Never run the linter.\n', 'AGENTS.md')), [2]);
  });

  it('finds what its docs say: the bad example, and nothing in the good one', async () => {
    const { bad, good } = docsOf(id);
    assert.deepEqual(lines(await lint(id, bad)), [4, 6]);
    assert.deepEqual(await lint(id, good), []);
  });
});

describe('negative-only-instruction', () => {
  const id = 'negative-only-instruction';

  it('flags each prohibition of a section that says nothing about what to do', async () => {
    const text = 'Draft the announcement.\n\n## Tone\n\n- Don\'t use jargon.\n- Avoid passive voice.\n';
    assert.deepEqual(brief(await lint(id, text)), [
      "5:3 Unexpected 'Don't use jargon' with no alternative, expected what to do instead in the same sentence or list item ('…; use … instead')",
      "6:3 Unexpected 'Avoid passive voice' with no alternative, expected what to do instead in the same sentence or list item ('…; use … instead')",
    ]);
  });

  it('leaves a prohibition alone when the section says what to do', async () => {
    const text =
      '## Tone\n\n- Don\'t use jargon.\n- Write for a new customer.\n\n' +
      '## Words\n\n- Don\'t use jargon; use the words a new customer uses.\n- Avoid passive voice. Name who does what.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('never flags hard constraints, bounded prohibitions or rule sections', async () => {
    const text =
      '## Git\n\n- Never commit secrets.\n- Do not force-push to main.\n- Don\'t use `eval`.\n' +
      '- Avoid nesting more than 3 levels.\n- Do not use the network unless asked.\n\n' +
      '## Guardrails\n\n- Don\'t use jargon.\n- Avoid passive voice.\n\n## Don\'ts\n\n- Don\'t use jargon.\n- Avoid passive voice.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('leaves a file that is one prohibition, and context files, alone', async () => {
    assert.deepEqual(await lint(id, '# No apologies\n\nNever use apologies.\n', 'apologies.instructions.md'), []);
    assert.deepEqual(await lint(id, "## Style\n\n- Don't use jargon.\n- Avoid passive voice.\n", 'CLAUDE.md'), []);
  });

  it('finds what its docs say: the bad example, and nothing in the good one', async () => {
    const { bad, good } = docsOf(id);
    assert.deepEqual(lines(await lint(id, bad)), [2, 3, 4]);
    assert.deepEqual(await lint(id, good), []);
  });
});

describe('duplicate-instruction', () => {
  const id = 'duplicate-instruction';

  it('reports the second copy, names the first line, and its fix removes the list item', async () => {
    const text = '- Run `npm test` before every commit.\n- Use the existing logger.\n- Run `npm test` before every commit.\n- Keep changes small.\n';
    const findings = await lint(id, text);
    assert.deepEqual(brief(findings), [
      "3:3 Unexpected repeat of line 1 'Run `npm test` before every commit', expected each instruction once: delete this copy or merge the two",
    ]);
    assert.equal(applyFixes(text, findings).text, '- Run `npm test` before every commit.\n- Use the existing logger.\n- Keep changes small.\n');
  });

  it('treats articles, plurals and "always" as the same instruction, and inline code as different', async () => {
    const text =
      'Always write a test for the bug you fix.\n\nWrite tests for the bugs you fix.\n\n' +
      '- Use `const` for bindings that never change.\n- Use `let` for bindings that never change.\n';
    assert.deepEqual(lines(await lint(id, text)), [3]);
  });

  it('reports a repeated paragraph of several sentences once, and removes it with the blank line after', async () => {
    const text = 'Review the diff.\n\nQuote the code you mean. Report each problem with its line.\n\nQuote the code you mean. Report each problem with its line.\n\nBe brief.\n';
    const findings = await lint(id, text);
    assert.deepEqual(lines(findings), [5]);
    assert.equal(applyFixes(text, findings).text, 'Review the diff.\n\nQuote the code you mean. Report each problem with its line.\n\nBe brief.\n');
  });

  it('offers no fix for a sentence inside a longer paragraph', async () => {
    const findings = await lint(id, 'Report each problem with its file and line. Quote the code. Report each problem with its file and line.\n');
    assert.deepEqual(lines(findings), [1]);
    assert.equal(findings[0]?.fixes, undefined);
  });

  it('leaves short instructions, sentences that do not direct, and examples alone', async () => {
    const text =
      'Be concise.\n\nBe concise.\n\nThe service runs on port 8080 in every environment.\n\nThe service runs on port 8080 in every environment.\n\n' +
      '- Run the smoke tests against staging.\n\n## Examples\n\n- Run the smoke tests against staging.\n\n> Run the smoke tests against staging.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('leaves a recap alone: under a reminder heading, or at the end of a long file', async () => {
    const rule = '- Run the smoke tests against staging before promoting.\n';
    assert.deepEqual(await lint(id, `${rule}\n## Reminders\n\n${rule}`), []);
    const filler = Array.from({ length: 80 }, (_, i) => `- Step ${i}: describe the change in the pull request body.`).join('\n');
    assert.deepEqual(await lint(id, `${rule}${filler}\n\nFinally:\n\n${rule}`), []);
  });

  it('leaves steps of parallel procedures and branches alone', async () => {
    const text =
      '## Step 1: Staging\n\n1. Build the image with `make image`.\n2. Post the result in the deploys channel.\n\n' +
      '## Step 2: Production\n\n1. Build the image with `make image`.\n2. Post the result in the deploys channel.\n\n' +
      'If it is a question:\n    1. Answer the question asked\n    2. Do not leave any comments on the PR\n\n' +
      'If it requests a change:\n    1. Commit the change\n    2. Do not leave any comments on the PR\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('leaves a rider on parallel items or lines alone, but reports a sentence said twice in a row', async () => {
    const riders =
      '- Extract the best quotes from the input. Ten of the agents should have different perspectives.\n' +
      '- Extract the best habits from the input. Ten of the agents should have different perspectives.\n\n' +
      'LIKELIHOOD - explain how likely the threat is. Consider the design document and real-world risk.\n' +
      'IMPACT - explain the impact of the threat. Consider the design document and real-world risk.\n';
    assert.deepEqual(await lint(id, riders), []);
    const slip = '- If you do not know the answer, say so instead of guessing. If you do not know the answer, say so instead of guessing.\n';
    assert.deepEqual(lines(await lint(id, slip)), [1]);
  });

  it('leaves entries under different lead-ins of one list alone', async () => {
    const text =
      '- In a section called PHASE 1, list the core books in the following format:\n' +
      '- Give the title and author, then say in one sentence why the book was chosen.\n' +
      '- In a section called PHASE 2, list the extended reading in the following format:\n' +
      '- Give the title and author, then say in one sentence why the book was chosen.\n';
    assert.deepEqual(await lint(id, text), []);
  });

  it('finds what its docs say: the bad example, and nothing in the good one', async () => {
    const { bad, good } = docsOf(id);
    assert.deepEqual(lines(await lint(id, bad)), [4]);
    assert.deepEqual(await lint(id, good), []);
  });
});
