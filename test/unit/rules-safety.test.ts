/**
 * The safety rules' tricky parts, through `analyze` on in-memory files: which numbers and addresses are
 * personal data (checksums, reserved examples, look-alikes such as versions, dates and message ids), and
 * when a template variable with outside content counts as delimited.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

async function lint(id: string, path: string, text: string, options?: unknown): Promise<Finding[]> {
  const { findings } = await analyze({ path, text }, configWith('/ws', { [id]: options }), memoryHost({ [path]: text }));
  return findings.filter((f) => f.ruleId === id);
}

/** The flagged text of each finding. */
async function flagged(id: string, path: string, text: string, options?: unknown): Promise<string[]> {
  const lines = text.split('\n');
  return (await lint(id, path, text, options)).map((f) => {
    const { start, end } = f.range;
    return (lines[start.line] ?? '').slice(start.character, start.line === end.line ? end.character : undefined);
  });
}

describe('personal-data', () => {
  const id = 'personal-data';
  const data = (text: string, path = '/ws/AGENTS.md') => flagged(id, path, text);

  it('finds email addresses, phone numbers, card numbers and IBANs, code blocks included', async () => {
    const text = [
      'Escalations go to priya.raman@northwind-logistics.de or +49 30 901820 55.',
      'US office: (415) 867-5309, mobile 1-646-712-4409.',
      'Tél : 06 71 28 93 40',
      '```json',
      '{ "card": "4539 1488 0343 6467", "amex": "3714-496353-98423", "iban": "DE17 5001 0517 5407 3249 32" }',
      '```',
      'Refunds go to FR0630006000011234567890188.',
    ].join('\n');
    assert.deepEqual(await data(text), [
      'priya.raman@northwind-logistics.de',
      '+49 30 901820 55',
      '(415) 867-5309',
      '1-646-712-4409',
      '06 71 28 93 40',
      '4539 1488 0343 6467',
      '3714-496353-98423',
      'DE17 5001 0517 5407 3249 32',
      'FR0630006000011234567890188',
    ]);
  });

  it('checks card numbers with Luhn and IBANs with mod 97', async () => {
    // The same shapes with one digit changed: the checksums fail.
    assert.deepEqual(await data('Card 4539 1488 0343 6468, IBAN DE18 5001 0517 5407 3249 32.'), []);
  });

  it('leaves published test cards, example IBANs and patterned numbers alone', async () => {
    const text = [
      'Use 4111 1111 1111 1111, 4242424242424242 (card) or 5555 5555 5555 4444 in tests.',
      'Stripe declines 4000 0000 0000 0002. Amex test: 3782 822463 10005.',
      'The registry example is GB82 WEST 1234 5698 7654 32.',
    ].join('\n');
    assert.deepEqual(await data(text), []);
  });

  it('needs a card word on the line before an unbroken run of digits counts as a card', async () => {
    assert.deepEqual(await data('Request id 4539148803436467 was retried.'), []);
    assert.deepEqual(await data('Charge the card 4539148803436467 again.'), ['4539148803436467']);
  });

  it('leaves reserved, example, role and stand-in addresses alone', async () => {
    const text = [
      'jane@example.com, ops@example.org, a@b.com, user@gmail.com, john.doe@anything.io, max.mustermann@firma.de, someone@company.com,',
      'admin@contoso.com, support@brightlane.io, security@brightlane.io, noreply@brightlane.io, data-team@brightlane.io,',
      '223556219+Copilot@users.noreply.github.com, deploy@my-project.iam.gserviceaccount.com, me@yourdomain.com, x@host.test',
    ].join('\n');
    assert.deepEqual(await data(text), []);
  });

  it('tells stand-in people from real ones with the same first name', async () => {
    assert.deepEqual(await data('Ask john.smith@firma.de, then alice.wong@firma.de.'), ['alice.wong@firma.de']);
  });

  it('does not read code and URLs as addresses', async () => {
    const text = [
      'Clone git@github.com:acme/shop.git, then `npm i @types/node` and decorate with @app.route.',
      'Connect with postgres://app:s3cret@db.brightlane.io/shop and mention @octocat.',
      'Message-ID: <4B66B890.4070408@mail.brightlane.io>',
      'Deploy with `ssh rui@build.brightlane.io` and `scp dist.tgz rui@build.brightlane.io:/srv`.',
      'Read `item@OData.Community.Display.V1.FormattedValue` from the response.',
    ].join('\n');
    assert.deepEqual(await data(text), []);
  });

  it('leaves identities given on purpose alone: trailers, git identities, copyright, authorship frontmatter', async () => {
    const text = [
      '---',
      'name: release',
      'metadata:',
      '  author: Rui Costa (rui.costa@brightlane.io)',
      '---',
      'End each commit with `Co-authored-by: Rui Costa <rui.costa@brightlane.io>`.',
      'Commit as `git config user.email "rui.costa@brightlane.io"`.',
      'Copyright (c) 2024 Rui Costa <rui.costa@brightlane.io>',
    ].join('\n');
    assert.deepEqual(await data(text, '/ws/skills/release/SKILL.md'), []);
  });

  it('does not take versions, dates, addresses, ids or sums for phone numbers', async () => {
    const text = [
      'Released 2024-01-15 10:30 as v10.20.30 (build 2024.01.15.1234) on 192.168.100.200:8080.',
      'Ticket ORD-2024-000123, id 1700000000000, hash 3f2a9c7e1b, uuid 123e4567-e89b-12d3-a456-426614174000.',
      'Budget +100 200 300 units, range 1000-2000-3000, ISBN 978-3-16-148410-0, coordinates +40.7128, -74.0060.',
      'Call (555) 123-4567 or 1-800-555-0199; the filler 123-456-7890; the UK drama number +44 20 7946 0958.',
    ].join('\n');
    assert.deepEqual(await data(text), []);
  });

  it('counts national numbers without a country code only next to a phone word', async () => {
    assert.deepEqual(await data('The batch has 030 9018 2055 rows.'), []);
    assert.deepEqual(await data('Phone: 030 9018 2055'), ['030 9018 2055']);
  });

  it('offers the reserved example first and a template variable second', async () => {
    const text = 'Send the report to priya.raman@northwind-logistics.de.\n';
    const [finding] = await lint(id, '/ws/report.prompt.md', text);
    assert.deepEqual(
      finding?.fixes?.map((f) => [f.title, f.edits[0]?.newText]),
      [
        ["Replace the email address with the reserved example 'name@example.com'", 'name@example.com'],
        ["Replace the email address with the template variable '{{email}}'", '{{email}}'],
      ],
    );
    assert.equal(applyFixes(text, finding ? [finding] : []).text, 'Send the report to name@example.com.\n');
  });

  it('stays fast on long runs of digits, separators and addresses, all on one line', async function () {
    this.timeout(20_000);
    const long = `user${'a'.repeat(58)}%@brightlane.io `;
    const text = `${'1'.repeat(50_000)} ${'12 '.repeat(20_000)} ${'a@'.repeat(20_000)} ${'ana.lima@brightlane.io '.repeat(3_000)}${long.repeat(200)}\n`;
    const timings = new Map<string, number>();
    await analyze({ path: '/ws/AGENTS.md', text }, configWith('/ws', { [id]: undefined }), memoryHost({}), { timings });
    assert.ok((timings.get(id) ?? 0) < 500, `took ${timings.get(id)} ms`);
  });
});

describe('injection-risk', () => {
  const id = 'injection-risk';
  const bare = (text: string, path = '/ws/prompts/task.md', options?: unknown) => flagged(id, path, text, options);
  const INTRO = 'You write replies for the support team of a billing product, in plain English.\n\n';

  it('flags outside content inserted mid-sentence or after a verb-led lead-in', async () => {
    const text = `${INTRO}Reply to this: {{ customer_message }} and keep it short.\nSummarize the following text: {{ text }}\nUse the following context: {{ context }}\n`;
    assert.deepEqual(await bare(text), ['{{ customer_message }}', '{{ text }}', '{{ context }}']);
  });

  it('judges by the last word of the name: identifiers and the author\'s own direction are not outside content', async () => {
    const text = `${INTRO}Fix issue #{{ issue_number }} in {{ repo_name }} for {{ user_name }} in {{ lang_code }}; follow {{ system_instructions }} and {{ issue.body }}.\n`;
    assert.deepEqual(await bare(text), ['{{ issue.body }}']);
  });

  it('counts tags, quotes, fences, headings, labels and a user turn as delimiters', async () => {
    const text = [
      INTRO,
      '<document>',
      '{{ document }}',
      '</document>',
      '',
      'The title is "{{ issue_title }}" and the body is <body>{{ issue_body }}</body>.',
      '',
      '## Customer message',
      '',
      '{{ customer_message }}',
      '',
      'Text to summarize:',
      '{% if text %}',
      '{{ text }}',
      '{% endif %}',
      '',
      'Description: {{ issue_description }}',
      '',
      '"""',
      '{{ query }}',
      '"""',
      '',
      '`{{ comment }}` in code is an example.',
      '',
      'user:',
      '{{ question }}',
    ].join('\n');
    assert.deepEqual(await bare(text), []);
  });

  it('leaves a template that is only the variable alone: it is the whole message', async () => {
    assert.deepEqual(await bare('{% if comment %}\n{{ comment }}\n{% else %}\nFix issue #{{ issue_number }}.\n{% endif %}\n'), []);
  });

  it('leaves Prompty thread inputs alone: they insert chat turns, not text', async () => {
    const text = '---\nname: chat\nmodel: gpt-4o\ninputs:\n  - name: conversation\n    kind: thread\n---\nsystem:\nYou are a helpful assistant for the billing product; answer in two sentences.\n\n{{conversation}}\n';
    assert.deepEqual(await bare(text, '/ws/chat.prompty'), []);
  });

  it('leaves files whose tool fills in no braces alone, and GitHub expressions everywhere', async () => {
    const text = `${INTRO}Render {{ message }} escaped.\n`;
    assert.deepEqual(await bare(text), ['{{ message }}']);
    assert.deepEqual(await bare(text, '/ws/.github/instructions/jinja.instructions.md'), []);
    assert.deepEqual(await bare(text, '/ws/AGENTS.md'), []);
    assert.deepEqual(await bare(text, '/ws/.github/prompts/reply.prompt.md'), []);
    assert.deepEqual(await bare(text, '/ws/.claude/commands/reply.md'), []);
    assert.deepEqual(await bare(`${INTRO}Triage the issue \${{ github.event.issue.body }} now.\n`), []);
  });

  it("checks the operator's own input only when asked", async () => {
    const text = `${INTRO}Refactor this code while keeping all tests green: $ARGUMENTS and explain each change.\n`;
    assert.deepEqual(await bare(text, '/ws/.claude/commands/refactor.md'), []);
    assert.deepEqual(await bare(text, '/ws/.claude/commands/refactor.md', { names: [], operatorInput: true }), ['$ARGUMENTS']);
  });

  it('takes more untrusted names from the options', async () => {
    const text = `${INTRO}Score the candidate's {{ resume }} against the role.\n`;
    assert.deepEqual(await bare(text), []);
    assert.deepEqual(await bare(text, '/ws/prompts/task.md', { names: ['resume'], operatorInput: false }), ['{{ resume }}']);
  });

  it('stays fast on lines full of template tags', async function () {
    this.timeout(20_000);
    const text = `${INTRO}Intro:\n${'{% if a %}'.repeat(40)}x\n{{ message }}\n${'<br>'.repeat(5_000)}</p>\n`;
    const timings = new Map<string, number>();
    await analyze({ path: '/ws/prompts/task.md', text }, configWith('/ws', { [id]: undefined }), memoryHost({}), { timings });
    assert.ok((timings.get(id) ?? 0) < 500, `took ${timings.get(id)} ms`);
  });

  it('wraps inline variables in tags, and a variable on its own line in a tag block', async () => {
    const text = `${INTRO}Reply to this: {{ customer_message }} now.\nThe thread so far.\n\n{{ history }}\n`;
    const findings = await lint(id, '/ws/prompts/task.md', text);
    assert.equal(
      applyFixes(text, findings).text,
      `${INTRO}Reply to this: <customer_message>{{ customer_message }}</customer_message> now.\nThe thread so far.\n\n<history>\n{{ history }}\n</history>\n`,
    );
    assert.deepEqual(await lint(id, '/ws/prompts/task.md', applyFixes(text, findings).text), []);
  });
});
