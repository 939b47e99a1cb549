/**
 * The cases that tuning the first twelve rules on the real-world corpus turned up: for each, the
 * real-world shape that was wrongly reported, next to the near miss that must still be reported.
 */
import * as assert from 'node:assert/strict';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { analyze } from '../../src/core/analyze';
import { RULES } from '../../src/core/rules';
import { configWith, memoryHost } from '../helpers/config';

const ROOT = '/ws';

/** What `id` reports on `text` saved at `rel`, as "line:column text" (1-based), with the rule's default options. */
async function lint(id: string, rel: string, text: string): Promise<string[]> {
  const rule = RULES.find((r) => r.meta.id === id);
  assert.ok(rule, `no rule ${id}`);
  const options = rule.meta.options ? rule.meta.options.parse(undefined) : undefined;
  const path = `${ROOT}/${rel}`;
  const { findings } = await analyze({ path, text }, configWith(ROOT, { [id]: options }), memoryHost({ [path]: text }));
  return findings.map((f) => {
    const lines = text.split('\n');
    const line = lines[f.range.start.line] ?? '';
    const end = f.range.end.line === f.range.start.line ? f.range.end.character : line.length;
    return `${f.range.start.line + 1}:${f.range.start.character + 1} ${line.slice(f.range.start.character, end)}`;
  });
}

describe('rules tuned on the corpus', () => {
  describe('objective-missing', () => {
    it('leaves template partials alone, but not a whole prompt with the same text', async () => {
      const text = '---------- END OF TASK DESCRIPTION ----------\n\nPLEASE follow the format strictly!\n';
      assert.deepEqual(await lint('objective-missing', 'prompts/example_suffix.md', text), []);
      assert.equal((await lint('objective-missing', 'prompts/example.md', text)).length, 1);
    });

    it('leaves a one-line scene description (an image prompt) alone', async () => {
      const scene =
        'a transparent crystal portal floating in the clouds in the sky, golden lights rising from the ground, two beams crossing\n';
      assert.deepEqual(await lint('objective-missing', 'prompts/portal.md', scene), []);
      const essay = 'An online PDF editor is no longer a convenience. It saves time and keeps teams productive on any device.\n';
      assert.equal((await lint('objective-missing', 'prompts/pdf.md', essay)).length, 1);
    });
  });

  describe('output-format-missing', () => {
    it('counts an action on the repository, a named stack and "no explanations" as the output', async () => {
      for (const text of [
        'Fix the issue. Make the required changes and open up a pull request that references it.\n',
        'Go back to main: check out main, pull, and delete the branch you were on.\n',
        'Develop a flashcard study system using HTML5, CSS3 and JavaScript.\n',
        'Rephrase each sentence I send. Please refrain from providing any explanations.\n',
        'Act as a wildlife narrator. Your task is to create a vivid narrative of a wary bear.\n',
        'Act as a career coach. Your advice should include specific steps for improving my skills.\n',
      ]) {
        assert.deepEqual(await lint('output-format-missing', 'task.prompt.md', text), [], text);
      }
    });

    it('still reports a task that leaves the shape open', async () => {
      assert.equal((await lint('output-format-missing', 'task.prompt.md', 'Act as a travel guide. Suggest a place to visit near me.\n')).length, 1);
    });
  });

  describe('success-criteria-missing', () => {
    it('counts "ensure …", a format to follow, a stop condition and a feature list as criteria', async () => {
      const features = ['Create a drawing app.', ...['Implement brushes.', 'Add layers.', 'Include undo.', 'Support PNG export.', 'Add zoom.', 'Implement shortcuts.']].join('\n');
      for (const text of [
        'Review the code the user pastes. Ensure feedback is constructive and actionable.\n',
        'Review the changes and create a git commit following the conventional commit format.\n',
        'Think in steps within <step> tags. Stop when the budget reaches 0.\n',
        `${features}\n`,
      ]) {
        assert.deepEqual(await lint('success-criteria-missing', 'task.prompt.md', text), [], text);
      }
    });

    it('still reports a task with no bar, and a short feature list', async () => {
      assert.equal((await lint('success-criteria-missing', 'task.prompt.md', 'Write a personal story about why I contribute to open source.\n')).length, 1);
      const short = 'Create a drawing app.\nImplement brushes.\nAdd layers.\n';
      assert.equal((await lint('success-criteria-missing', 'task.prompt.md', short)).length, 1);
    });
  });

  describe('vague-language', () => {
    it('leaves "etc." alone after examples of a named kind, and reports it after a short bare list', async () => {
      const text = [
        'Identify the user demographics (B2B, B2C, minors involved, etc.).',
        'Use a specialist per field, e.g. one in psychology, one in philosophy, and so on.',
        'Find all `package.json`, `requirements.txt`, `pom.xml`, `go.sum`, `Gemfile.lock`, etc. for the scan.',
        'You must follow these best practices in every test.',
        'Use appropriate names, mocks, fixtures, etc.',
        '',
      ].join('\n');
      assert.deepEqual(await lint('vague-language', 'task.prompt.md', text), ['5:5 appropriate', '5:41 etc.']);
    });
  });

  describe('unresolved-placeholder', () => {
    it('leaves slots in a code string literal and in a labelled output block alone', async () => {
      const text = [
        'Create the skill with this script.',
        '',
        'SKILL_TEMPLATE = """',
        '[TODO: 1-2 sentences explaining what this skill enables]',
        '"""',
        '',
        '📊 STEP 7 — Query Summary Card',
        '',
        '- Run EXPLAIN ANALYZE [your query]; to check the plan.',
        '',
        '---',
        '',
        'Audit [INSERT COMPANY NAME] for the user.',
        '',
      ].join('\n');
      assert.deepEqual(await lint('unresolved-placeholder', 'task.prompt.md', text), ['13:7 [INSERT COMPANY NAME]']);
    });

    it('reports a slot on the label line itself and a TODO inside a labelled block', async () => {
      const text = 'Write a summary of [INSERT TOPIC] in this format:\n\n- One line.\n\nTODO: pick the tone.\n';
      assert.deepEqual(await lint('unresolved-placeholder', 'task.prompt.md', text), ['1:20 [INSERT TOPIC]', '5:1 TODO']);
    });
  });

  describe('weak-instruction', () => {
    it('leaves a hedge alone when its condition follows or when it is about what the agent can run', async () => {
      const text = [
        'Use my inputs to produce real numbers where possible; if an input is missing, state the assumption.',
        'Run `git diff --check` before finalizing when possible.',
        'Keep models immutable when possible.',
        '',
      ].join('\n');
      assert.deepEqual(await lint('weak-instruction', '.github/instructions/style.instructions.md', text), ['3:23 when possible']);
    });

    it('leaves a hedge alone when the next sentence names the exception, or when the sources may lack what it asks for', async () => {
      const text = [
        'Use functional code whenever possible. Creating a class where needed is acceptable.',
        'Include relevant statistics wherever possible.',
        'Call me out if you can see evidence of it.',
        'Add tests if you can.',
        '',
      ].join('\n');
      assert.deepEqual(await lint('weak-instruction', '.github/instructions/style.instructions.md', text), ['4:11 if you can']);
    });
  });

  describe('secret-in-prompt', () => {
    // The corpus holds no live credential (it reports nothing there), so these check the rule on tokens in
    // the real formats. They are assembled at run time: a token-shaped literal in the repository would set
    // off secret scanning and push protection.
    const chars = (n: number, seed: number) =>
      Array.from({ length: n }, (_, i) => 'Qm7Lx2Vn9Rt4Wk1Zp8Yc6Hd3Fs5Gj0Bu2EaT'[(i * 7 + seed) % 36]).join('');
    const key = [
      `-----BEGIN RSA ${'PRIVATE'} KEY-----`,
      `MIIEowIBAAKCAQEA${chars(48, 1)}`,
      ...Array.from({ length: 12 }, (_, i) => chars(64, i + 2)),
      `-----END RSA ${'PRIVATE'} KEY-----`,
    ].join('\n');

    it('reports GitHub, npm, Slack and Anthropic tokens and a private key', async () => {
      const text = [
        `Publish with ${'gh'}p_${chars(36, 3)} and ${'np'}m_${chars(36, 5)}.`,
        `Post to Slack with ${'xo'}xb-2048592831-4096183820564-${chars(24, 7)}.`,
        `Call Claude with ${'sk'}-ant-api03-${chars(93, 11)}AA.`,
        '',
        key,
        '',
      ].join('\n');
      const found = await lint('secret-in-prompt', 'publish.prompt.md', text);
      assert.equal(found.length, 5, found.join('\n'));
    });

    it('reports at the token itself, lines after the ones scanned included', async () => {
      const token = `${'gh'}p_${chars(36, 3)}`;
      const text = `# Publish\n\nRead the notes first.\n\nThen publish with ${token} and stop.\n`;
      assert.deepEqual(await lint('secret-in-prompt', 'publish.prompt.md', text), [`5:19 ${token}`]);
    });

    it('finds every format secretlint finds in the whole file, though it scans only candidate lines', async () => {
      const hex = (n: number, seed: number) => Array.from({ length: n }, (_, i) => '0123456789abcdef'[(i * 7 + seed * 3) % 16]).join('');
      const samples = [
        `AKIA${'Q7LX2VN9RT4WK1ZP'}`,
        `${'gh'}p_${chars(36, 3)}`,
        `${'github'}_pat_${chars(82, 4)}`,
        `${'np'}m_${chars(36, 5)}`,
        `${'xo'}xb-2048592831-4096183820564-${chars(24, 7)}`,
        `https://hooks.${'slack'}.com/services/T${chars(8, 1)}/B${chars(10, 2)}/${chars(24, 3)}`,
        `${'sk'}-proj-${chars(74, 8)}T3BlbkFJ${chars(74, 9)}`,
        `${'sk'}-ant-api03-${chars(93, 11)}AA`,
        `${'gs'}k_${chars(52, 12)}`,
        `${'lin'}_api_${chars(40, 13)}`,
        `${'nt'}n_${'12345678901'}${chars(35, 14)}`,
        `${'SG'}.${chars(22, 15)}.${chars(43, 16)}`,
        `${'shp'}at_${hex(32, 1)}`,
        `${'gl'}pat-${chars(20, 17)}`,
        `${'hv'}s.${chars(95, 18)}`,
        `${'vc'}p_${chars(40, 19)}`,
        `${'da'}pi${hex(32, 2)}`,
        `${'dckr'}_pat_${chars(27, 20)}`,
        `${'fi'}gd_${chars(40, 21)}`,
        `postgresql://deploy:${chars(12, 22)}@db.acme-corp.io:5432/app`,
        `https://ci-bot:${chars(11, 23)}@artifacts.acme-corp.io/builds`,
      ];
      const text = ['# Deploy', '', 'Read the notes first.', '', ...samples.map((t, i) => `${i + 1}. Use ${t} here.`), '', key, ''].join('\n');
      const whole = await lintSource({
        source: { content: text, filePath: '/ws/deploy.prompt.md', ext: '.md', contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, maskSecrets: true, noPhysicFilePath: true },
      });
      const expected = whole.messages.map((m) => text.slice(m.range[0], m.range[1]));
      assert.ok(expected.length >= 15, `secretlint found only ${expected.length} of the samples`);
      const found = (await lint('secret-in-prompt', 'deploy.prompt.md', text)).map((f) => f.replace(/^\d+:\d+ /, ''));
      assert.deepEqual(found.sort(), expected.map((e) => e.split('\n')[0] as string).sort());
    });

    it('honours secretlint-disable comments', async () => {
      const token = `${'gh'}p_${chars(36, 3)}`;
      const text = `Publish with the token below.\n\n<!-- secretlint-disable-next-line -->\nThe test token is ${token}.\n`;
      assert.deepEqual(await lint('secret-in-prompt', 'publish.prompt.md', text), []);
    });

    it('leaves documented example keys and placeholder passwords alone', async () => {
      const text = [
        'The AWS docs use the example key AKIAIOSFODNN7EXAMPLE.',
        'Connect with postgresql://doadmin:PASSWORD@db-public-endpoint.db.ondigitalocean.com:25060/defaultdb',
        'The local database is postgres://postgres:postgres@localhost:5432/app.',
        '',
      ].join('\n');
      assert.deepEqual(await lint('secret-in-prompt', 'publish.prompt.md', text), []);
    });
  });

  describe('shouting-overuse', () => {
    it('does not count severity levels the file defines, and counts the same words used for emphasis', async () => {
      const levels = [
        '- **CRITICAL** — users cannot reach the content. Fix before merge.',
        '- **IMPORTANT** — a barrier for screen reader users.',
        '',
        ...['CRITICAL', 'CRITICAL', 'IMPORTANT', 'IMPORTANT', 'CRITICAL', 'IMPORTANT'].map((l, i) => `- Severity: ${l}. Finding ${i + 1}.`),
        '',
      ].join('\n');
      assert.deepEqual(await lint('shouting-overuse', 'AGENTS.md', levels), []);
      const shouted = 'It is CRITICAL that you NEVER skip tests. You MUST ALWAYS run them. IMPORTANT: ONLY edit `src/`. Do NOT push.\n';
      assert.deepEqual(await lint('shouting-overuse', 'AGENTS.md', shouted), ['1:7 CRITICAL']);
    });
  });

  describe('broken-reference', () => {
    it('leaves quoted examples, library mentions and bare Cursor mentions alone', async () => {
      const prompt = 'Write a CLAUDE.md that ends with "For API patterns, see @docs/api-guide.md".\n';
      assert.deepEqual(await lint('broken-reference', 'claude-md.prompt.md', prompt), []);
      const rule = '---\nalwaysApply: true\n---\nFollow @Next.js 14 docs. Give paths as outlined in @AI.MD.\n';
      assert.deepEqual(await lint('broken-reference', '.cursor/rules/next.mdc', rule), []);
    });

    it('still reports the same references where they direct the agent', async () => {
      assert.deepEqual(await lint('broken-reference', 'CLAUDE.md', 'For API patterns, see @docs/api-guide.md and @AI.MD.\n'), [
        '1:23 @docs/api-guide.md',
        '1:46 @AI.MD',
      ]);
    });
  });
});
