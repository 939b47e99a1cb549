import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import { defineRule, type Rule } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

/** A rule that flags every line containing "bad", so suppressions have something to hide. */
const flagBad = defineRule({
  meta: {
    id: 'flag-bad',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: false,
    docs: { summary: 'test', rationale: 'test', bad: 'bad', good: 'good' },
  },
  check({ doc, report }) {
    for (const m of doc.text.matchAll(/^bad\b/gm)) {
      report({ range: doc.range(m.index, m.index + 3), message: 'Unexpected bad.' });
    }
  },
}) as Rule<unknown>;

async function lint(text: string, requireReason = false) {
  const config = { ...configWith('/ws', {}, [flagBad]), requireSuppressionReason: requireReason };
  const { findings } = await analyze({ path: '/ws/a.prompt.md', text }, config, memoryHost({}));
  return findings.map((f) => `${f.range.start.line + 1}:${f.ruleId}`);
}

describe('inline suppressions', () => {
  it('reports unsuppressed findings', async () => {
    assert.deepEqual(await lint('bad\nok\nbad\n'), ['1:flag-bad', '3:flag-bad']);
  });

  it('disable-next-line hides only the next line, and only the named rule', async () => {
    const text = '<!-- promptcoach-disable-next-line flag-bad -- fixture -->\nbad\nbad\n';
    assert.deepEqual(await lint(text), ['3:flag-bad']);
  });

  it('disable-line hides findings on its own line', async () => {
    assert.deepEqual(await lint('bad <!-- promptcoach-disable-line flag-bad -->\nbad\n'), ['2:flag-bad']);
  });

  it('disable/enable blocks hide the lines between them', async () => {
    const text = 'bad\n<!-- promptcoach-disable flag-bad -->\nbad\nbad\n<!-- promptcoach-enable flag-bad -->\nbad\n';
    assert.deepEqual(await lint(text), ['1:flag-bad', '6:flag-bad']);
  });

  it('disable-file with no rule ids hides everything', async () => {
    assert.deepEqual(await lint('<!-- promptcoach-disable-file -->\nbad\nbad\n'), []);
  });

  it('ignores directives inside code', async () => {
    const text = '```md\n<!-- promptcoach-disable-file -->\n```\nbad\n';
    assert.deepEqual(await lint(text), ['4:flag-bad']);
  });

  it('reports an unused suppression with a fix that removes its line', async () => {
    const text = 'ok\n<!-- promptcoach-disable-next-line flag-bad -->\nfine\n';
    const config = configWith('/ws', {}, [flagBad]);
    const { findings } = await analyze({ path: '/ws/a.prompt.md', text }, config, memoryHost({}));
    assert.deepEqual(findings.map((f) => f.ruleId), ['unused-suppression']);
    assert.match(findings[0]!.message, /unused suppression of 'flag-bad'/);
    assert.equal(applyFixes(text, findings).text, 'ok\nfine\n');
  });

  it('reports unknown rule ids in a suppression', async () => {
    const out = await lint('<!-- promptcoach-disable-next-line flag-bda -->\nbad\n');
    assert.deepEqual(out, ['1:unused-suppression', '2:flag-bad']);
  });

  it('requires a reason when the config says so', async () => {
    assert.deepEqual(await lint('<!-- promptcoach-disable-next-line flag-bad -->\nbad\n', true), ['1:suppression-reason-missing']);
    assert.deepEqual(await lint('<!-- promptcoach-disable-next-line flag-bad -- quoted from the brief -->\nbad\n', true), []);
  });
});

describe('applyFixes', () => {
  const edit = (line: number, from: number, to: number, newText: string) => ({
    ruleId: 'r',
    severity: 'warning' as const,
    message: 'm',
    path: '/x',
    range: { start: { line, character: from }, end: { line, character: to } },
    fixes: [{ title: 't', edits: [{ range: { start: { line, character: from }, end: { line, character: to } }, newText }] }],
  });

  it('applies non-overlapping fixes from the end so offsets stay valid', () => {
    const r = applyFixes('one two\nthree\n', [edit(0, 0, 3, '1'), edit(1, 0, 5, '3'), edit(0, 4, 7, '2')]);
    assert.deepEqual(r, { text: '1 2\n3\n', applied: 3 });
  });

  it('skips a fix that overlaps an earlier one', () => {
    const r = applyFixes('abcdef', [edit(0, 0, 4, 'X'), edit(0, 2, 6, 'Y')]);
    assert.deepEqual(r, { text: 'Xef', applied: 1 });
  });
});
