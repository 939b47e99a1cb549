/** The wording rules `missing-shared-context` and `overlong-sentence`, on real text through `analyze`. */
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

async function lint(rule: string, text: string, options: { path?: string; ruleOptions?: unknown } = {}): Promise<Finding[]> {
  const path = options.path ?? '/ws/task.prompt.md';
  const { findings } = await analyze({ path, text }, configWith('/ws', { [rule]: options.ruleOptions }), memoryHost({ [path]: text }));
  return findings;
}

/** The source text each finding covers. */
const covered = (text: string, findings: Finding[]) =>
  findings.map((f) => {
    const lines = text.split('\n');
    if (f.range.start.line === f.range.end.line) return (lines[f.range.start.line] ?? '').slice(f.range.start.character, f.range.end.character);
    return [
      (lines[f.range.start.line] ?? '').slice(f.range.start.character),
      ...lines.slice(f.range.start.line + 1, f.range.end.line),
      (lines[f.range.end.line] ?? '').slice(0, f.range.end.character),
    ].join('\n');
  });

describe('missing-shared-context', () => {
  const phrases = async (text: string, path?: string) => covered(text, await lint('missing-shared-context', text, path ? { path } : {}));

  it('reports phrases that point at a conversation, a habit or the author’s mind, at the phrase', async () => {
    const text = [
      'Refactor the payment module as discussed.',
      'Format the changelog the usual way, like last time.',
      'Per our conversation, skip the flaky tests.',
      'Fix the thing we talked about yesterday.',
      'Deploy it the same way as yesterday, you know what I mean.',
      "Use the layout as we've agreed with design.",
      'Write the summary like we did it last week, in our usual format.',
    ].join('\n\n');
    assert.deepEqual(await phrases(text), [
      'as discussed',
      'the usual way',
      'like last time',
      'Per our conversation',
      'the thing we talked about',
      'the same way as yesterday',
      'you know what I mean',
      "as we've agreed",
      'like we did it last week',
      'our usual format',
    ]);
  });

  it('says what to spell out, per kind of phrase', async () => {
    const found = await lint('missing-shared-context', 'Refactor it as discussed. Then do it the usual way. You know the drill.\n');
    assert.deepEqual(
      found.map((f) => f.message),
      [
        "Unexpected 'as discussed', expected what was discussed or decided, spelled out: the agent was not in that conversation",
        "Unexpected 'the usual way', expected the steps, format or example spelled out: the agent does not remember earlier sessions",
        "Unexpected 'You know the drill', expected it spelled out: the agent knows only what the prompt and its context files say",
      ],
    );
    assert.ok(found.every((f) => f.severity === 'warning' && !f.fixes));
  });

  it('finds a phrase broken across a wrapped line, and with a curly apostrophe', async () => {
    assert.deepEqual(await phrases('Refactor the module as\ndiscussed, then ship.\n\nUse the grid as we’ve agreed.\n'), ['as\ndiscussed', 'as we’ve agreed']);
  });

  it('leaves alone a phrase that names where to look, or points earlier in the same file', async () => {
    const text = [
      '# Release',
      'Tag the release. Use semantic versioning.',
      'Bump the version as discussed above, and as discussed in ADR 12.',
      'As mentioned earlier, never push to main.',
      'The API was discussed at length; as agreed upon in the contract, keep v1.',
      'This is faster than the usual way of doing it.',
      'Summarize what we talked about in the meeting, and the decisions we discussed in the notes.',
    ].join('\n\n');
    assert.deepEqual(await phrases(text), []);
  });

  it('reports "as mentioned earlier" when nothing comes earlier in the file', async () => {
    assert.deepEqual(await phrases('---\ndescription: x\n---\n# Fix\n\nAs mentioned earlier, keep the API stable.\n'), ['As mentioned earlier']);
  });

  it('leaves quotes, code, headings, blockquotes, speaker lines and example sections alone', async () => {
    const text = [
      '# Do it like last time',
      'Avoid phrases such as "as discussed" and `like last time` in replies.',
      '```\nas discussed\n```',
      '> The usual way, as discussed.',
      'User: can you fix it like last time?',
      '## Example conversation',
      'I need the report the usual way, as discussed.',
    ].join('\n\n');
    assert.deepEqual(await phrases(text), []);
  });

  it('skips files that are not in English', async () => {
    assert.deepEqual(await phrases('Bitte überarbeite das Modul, wie besprochen, und nutze das Format der letzten Woche as discussed.\n'), []);
  });
});

describe('overlong-sentence', () => {
  const LONG =
    'When the issue describes a crash, a regression after a release, data loss, or a security problem that a user ' +
    'outside the team reported through the public tracker, label it with the matching severity, assign it to the ' +
    'on-call engineer named in the rotation file, and post a short acknowledgement that says when the reporter can ' +
    'expect the next update.';

  it('reports a directing sentence over maxWords (default 50) at the whole sentence', async () => {
    const text = `Read the issue.\n\n${LONG}\n\nClose duplicates.\n`;
    const found = await lint('overlong-sentence', text);
    assert.deepEqual(
      found.map((f) => f.message),
      ["Unexpected 60-word sentence ('When the issue describes a crash,…'), expected at most 50 words: split it, one instruction or condition per sentence"],
    );
    assert.deepEqual(covered(text, found), [LONG]);
    assert.equal(found[0]?.severity, 'warning');
    assert.equal((await lint('overlong-sentence', text, { ruleOptions: { maxWords: 60 } })).length, 0);
  });

  it('counts a code span, a quote and a URL as one word each', async () => {
    const words = Array.from({ length: 11 }, () => 'the rest of the').join(' ');
    const text = `Run \`npm run build -- --watch --verbose\` and "keep every flag as written here" then read https://example.com/a/b/c and ${words}.\n`;
    const found = await lint('overlong-sentence', text, { ruleOptions: { maxWords: 50 } });
    // Run, code, and, quote, then, read, url, and + 44 = 52.
    assert.match(found[0]?.message ?? '', /Unexpected 52-word sentence/);
  });

  it('splits lines written as a list, semicolons and "etc." before a capital', async () => {
    const line = (n: number) => `Use the ${Array.from({ length: n / 3 }, () => 'one of the').join(' ')} helpers`;
    assert.deepEqual(await lint('overlong-sentence', `${line(30)}\n${line(30)}\n`), []);
    assert.deepEqual(await lint('overlong-sentence', `${line(30)}; ${line(30).toLowerCase()}.\n`), []);
    assert.deepEqual(await lint('overlong-sentence', `${line(30)}, etc. ${line(30)}.\n`), []);
    // A wrapped sentence whose next line starts in lower case is one sentence.
    assert.equal((await lint('overlong-sentence', `${line(30)}\nand ${line(30).toLowerCase()}.\n`)).length, 1);
  });

  it('leaves descriptions, lists of names, examples, quotes, tables and data alone', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `component-${i}`).join(', ');
    const text = [
      // Describes, does not direct.
      'The service started as a small cron job that copied rows between two databases every night and grew over the years into the pipeline that feeds every dashboard the finance team reads on Monday mornings before the weekly review with the leadership team.',
      `The components are ${names}.`,
      `> ${LONG}`,
      `## Examples\n\n${LONG}`,
      `## Rules\n\nFor example: ${LONG}`,
      `| a | b |\n| - | - |\n| ${LONG} | x |`,
      `{"task": "${LONG}"}`,
    ].join('\n\n');
    assert.deepEqual(covered(text, await lint('overlong-sentence', text)), []);
  });

  it('leaves image prompts and non-English files alone', async () => {
    const image =
      'A photorealistic portrait of an old fisherman, cinematic lighting, shallow depth of field, 85mm lens, ' +
      'and you should make sure the background shows the harbour at dawn with boats, nets, gulls, crates, ropes, ' +
      'lanterns, puddles on the pier and the fog lifting off the water behind the lighthouse on the far hill.';
    assert.deepEqual(await lint('overlong-sentence', `${image}\n`), []);
    const german =
      'Wenn das Problem einen Absturz beschreibt, einen Rückschritt nach einer Veröffentlichung, einen Datenverlust ' +
      'oder ein Sicherheitsproblem, das jemand außerhalb des Teams über den öffentlichen Tracker gemeldet hat, dann ' +
      'vergib die passende Schwere, weise es der zuständigen Person aus dem Bereitschaftsplan zu und schreibe eine ' +
      'kurze Bestätigung, die sagt, wann die nächste Rückmeldung kommt, und must nichts weiter tun.';
    assert.deepEqual(await lint('overlong-sentence', `${german}\n`), []);
  });

  it('stays fast on a huge file', async function () {
    this.timeout(60_000); // parsing 700 KB of Markdown takes a while; the rule's own time is what is checked
    const text = `${Array.from({ length: 1000 }, () => `${LONG} ${LONG}`).join('\n')}\n`;
    const timings = new Map<string, number>();
    const path = '/ws/huge.prompt.md';
    const { findings } = await analyze({ path, text }, configWith('/ws', { 'overlong-sentence': undefined }), memoryHost({ [path]: text }), { timings });
    assert.equal(findings.length, 2000);
    assert.ok((timings.get('overlong-sentence') ?? 0) < 2000, `took ${timings.get('overlong-sentence')} ms`);
  });
});
