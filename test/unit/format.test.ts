import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FORMATTERS, FORMAT_NAMES, type FormatContext, type LintResult } from '../../src/core/format';
import { escapeData, escapeProperty } from '../../src/core/format/github';
import { CONFIG_ERROR, type Finding, type Range, type RuleMeta } from '../../src/core/types';

const cwd = path.resolve('/work/project');
const abs = (rel: string) => path.join(cwd, ...rel.split('/'));
const range = (line: number, character: number, endLine: number, endCharacter: number): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

const meta = (id: string, over: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  category: 'direction',
  defaultSeverity: 'warning',
  kinds: ['prompt', 'instructions'],
  fixable: false,
  docs: {
    summary: `Summary of ${id}.`,
    rationale: `Why ${id} matters.`,
    bad: 'Write ```some``` tests.',
    good: 'Write three tests.',
  },
  ...over,
});

const RULE_METAS: RuleMeta[] = [
  meta('vague-language', { fixable: true }),
  meta('unresolved-placeholder', { category: 'inspection' as never, defaultSeverity: 'error', kinds: 'all' }),
  meta('off-by-default', { defaultSeverity: 'off' }),
];

const finding = (p: string, over: Partial<Finding>): Finding => ({
  ruleId: 'vague-language',
  severity: 'warning',
  message: 'Unexpected vague word',
  range: range(0, 0, 0, 4),
  path: abs(p),
  ...over,
});

/** Deliberately unsorted, with awkward characters, fixes, a config problem and a clean file. */
function fixture(): LintResult[] {
  return [
    {
      path: abs('prompts/z.prompt.md'),
      findings: [
        finding('prompts/z.prompt.md', {
          ruleId: 'unresolved-placeholder',
          severity: 'error',
          message: 'Unexpected leftover <placeholder> & "quotes", 100% sure: fix it\nnow',
          range: range(4, 2, 4, 16),
        }),
        finding('prompts/z.prompt.md', {
          message: "Unexpected 'some', expected a number",
          range: range(1, 6, 1, 10),
          fixes: [{ title: "Replace 'some' with '3'", edits: [{ range: range(1, 6, 1, 10), newText: '3' }] }],
        }),
        finding('prompts/z.prompt.md', { severity: 'info', ruleId: 'off-by-default', message: 'A note', range: range(1, 0, 1, 1) }),
      ],
    },
    { path: abs('AGENTS.md'), findings: [] },
    {
      path: abs('.promptcoach.json'),
      findings: [
        finding('.promptcoach.json', { ruleId: CONFIG_ERROR, severity: 'error', message: "Unknown rule 'nope'", range: range(2, 4, 2, 10) }),
      ],
    },
    {
      path: abs('docs/a b.instructions.md'),
      findings: [finding('docs/a b.instructions.md', { ruleId: 'custom-no-foo', message: 'No foo, ever', range: range(0, 0, 1, 0) })],
    },
  ];
}

const ctx: FormatContext = { cwd, rules: RULE_METAS, version: '1.2.3' };

describe('formatters', () => {
  it('are deterministic and ignore input order', () => {
    for (const name of FORMAT_NAMES) {
      const a = FORMATTERS[name](fixture(), ctx);
      const b = FORMATTERS[name](fixture(), ctx);
      const c = FORMATTERS[name](
        fixture()
          .reverse()
          .map((r) => ({ ...r, findings: [...r.findings].reverse() })),
        ctx,
      );
      assert.equal(a, b, name);
      assert.equal(a, c, `${name} depends on input order`);
    }
  });

  it('do not modify their input', () => {
    const input = fixture();
    const before = JSON.stringify(input);
    for (const name of FORMAT_NAMES) FORMATTERS[name](input, ctx);
    assert.equal(JSON.stringify(input), before);
  });

  describe('stylish', () => {
    const out = FORMATTERS.stylish(fixture(), ctx);

    it('lists relative paths in order with line:col, severity, message and rule id', () => {
      const lines = out.split('\n');
      const files = lines.filter((l) => l && !l.startsWith(' ') && !l.startsWith('✖'));
      assert.deepEqual(files, ['.promptcoach.json', 'docs/a b.instructions.md', 'prompts/z.prompt.md']);
      const z = lines.slice(lines.indexOf('prompts/z.prompt.md') + 1, lines.indexOf('prompts/z.prompt.md') + 4);
      assert.match(z[0] as string, /^ {2}2:1 {2}info {5}A note +off-by-default$/);
      assert.match(z[1] as string, /^ {2}2:7 {2}warning {2}Unexpected 'some', expected a number +vague-language$/);
      assert.match(z[2] as string, /^ {2}5:3 {2}error {4}Unexpected leftover .* now {2}unresolved-placeholder$/);
    });

    it('summarises counts and fixables', () => {
      assert.match(out, /\n✖ 5 problems \(2 errors, 2 warnings, 1 info\)\n {2}1 fixable with --fix\n\n$/);
    });

    it('has no colour unless asked, and colour when asked', () => {
      assert.doesNotMatch(out, /\u001b\[/);
      const coloured = FORMATTERS.stylish(fixture(), { ...ctx, color: true });
      assert.match(coloured, /\u001b\[4m\.promptcoach\.json\u001b\[0m/);
      assert.equal(coloured.replace(/\u001b\[\d+m/g, ''), out);
    });

    it('prints nothing for clean results', () => {
      assert.equal(FORMATTERS.stylish([{ path: abs('AGENTS.md'), findings: [] }], ctx), '');
      assert.equal(FORMATTERS.stylish([], ctx), '');
    });

    it('uses singular words for one problem', () => {
      const one = FORMATTERS.stylish([fixture()[2] as LintResult], ctx);
      assert.match(one, /✖ 1 problem \(1 error, 0 warnings, 0 infos\)\n\n$/);
      assert.doesNotMatch(one, /fixable/);
    });
  });

  describe('json', () => {
    it('has the documented shape, 1-based and sorted, clean files included', () => {
      const report = JSON.parse(FORMATTERS.json(fixture(), ctx));
      assert.deepEqual(
        report.map((r: { path: string }) => r.path),
        ['.promptcoach.json', 'AGENTS.md', 'docs/a b.instructions.md', 'prompts/z.prompt.md'],
      );
      assert.deepEqual(report[1], { path: 'AGENTS.md', findings: [] });
      assert.deepEqual(report[3].findings[1], {
        ruleId: 'vague-language',
        severity: 'warning',
        message: "Unexpected 'some', expected a number",
        line: 2,
        column: 7,
        endLine: 2,
        endColumn: 11,
        fixable: true,
      });
      assert.equal(report[3].findings[2].fixable, false);
      assert.deepEqual(Object.keys(report[0].findings[0]), ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
    });
  });

  describe('sarif', () => {
    const log = JSON.parse(FORMATTERS.sarif(fixture(), ctx));
    const run = log.runs[0];

    it('is a SARIF 2.1.0 log with the tool described', () => {
      assert.equal(log.version, '2.1.0');
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.runs.length, 1);
      assert.equal(run.tool.driver.name, 'Prompt Coach');
      assert.equal(run.tool.driver.version, '1.2.3');
      assert.match(run.tool.driver.informationUri, /^https:\/\//);
    });

    it('describes every rule, the engine ids and unknown reported ids', () => {
      const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
      for (const id of ['vague-language', 'unresolved-placeholder', 'off-by-default', 'internal-error', 'config-error', 'unused-suppression', 'suppression-reason-missing', 'custom-no-foo']) {
        assert.ok(ids.includes(id), id);
      }
      assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
      const vague = run.tool.driver.rules[0];
      assert.deepEqual(vague.shortDescription, { text: 'Summary of vague-language.' });
      assert.deepEqual(vague.fullDescription, { text: 'Why vague-language matters.' });
      assert.deepEqual(vague.defaultConfiguration, { enabled: true, level: 'warning' });
      assert.equal(vague.properties.category, 'direction');
      assert.match(vague.help.text, /Why vague-language matters/);
      assert.match(vague.help.markdown, /\*\*Bad\*\*\n\n````markdown\nWrite ```some``` tests.\n````/);
      assert.match(vague.help.markdown, /\*\*Good\*\*\n\n```markdown\nWrite three tests.\n```/);
      const off = run.tool.driver.rules[2];
      assert.equal(off.defaultConfiguration.enabled, false);
    });

    it('has results whose ruleIndex points at their rule, with levels, 1-based regions and relative URIs', () => {
      assert.equal(run.results.length, 5);
      for (const r of run.results) {
        assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(r.level));
        assert.equal(typeof r.message.text, 'string');
        const loc = r.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.doesNotMatch(loc.artifactLocation.uri, /^\/|\\/);
        for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(loc.region[k] >= 1, k);
      }
      const uris = run.results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(uris.includes('docs/a%20b.instructions.md'));
      const note = run.results.find((r: any) => r.ruleId === 'off-by-default');
      assert.equal(note.level, 'note');
      const err = run.results.find((r: any) => r.ruleId === 'unresolved-placeholder');
      assert.deepEqual(err.locations[0].physicalLocation.region, { startLine: 5, startColumn: 3, endLine: 5, endColumn: 17 });
    });

    it('carries fixes as artifact changes', () => {
      const fixed = run.results.find((r: any) => r.ruleId === 'vague-language' && r.fixes);
      assert.deepEqual(fixed.fixes, [
        {
          description: { text: "Replace 'some' with '3'" },
          artifactChanges: [
            {
              artifactLocation: { uri: 'prompts/z.prompt.md', uriBaseId: '%SRCROOT%' },
              replacements: [{ deletedRegion: { startLine: 2, startColumn: 7, endLine: 2, endColumn: 11 }, insertedContent: { text: '3' } }],
            },
          ],
        },
      ]);
      assert.equal(run.results.filter((r: any) => r.fixes).length, 1);
    });
  });

  describe('junit', () => {
    const xml = FORMATTERS.junit(fixture(), ctx);
    const tree = parseXml(xml);

    it('is well-formed with one testsuite per file', () => {
      assert.equal(tree.name, 'testsuites');
      assert.equal(tree.attrs.tests, '6');
      assert.equal(tree.attrs.failures, '5');
      assert.deepEqual(
        tree.children.map((s) => s.attrs.name),
        ['.promptcoach.json', 'AGENTS.md', 'docs/a b.instructions.md', 'prompts/z.prompt.md'],
      );
    });

    it('has a failing testcase per finding and a passing one for a clean file', () => {
      const [, clean, , z] = tree.children;
      assert.equal(clean?.children.length, 1);
      assert.equal(clean?.children[0]?.children.length, 0);
      assert.equal(z?.attrs.failures, '3');
      assert.equal(z?.children.length, 3);
      for (const tc of z?.children ?? []) assert.equal(tc.children[0]?.name, 'failure');
    });

    it('escapes markup characters', () => {
      const failure = tree.children[3]?.children[2]?.children[0];
      assert.equal(failure?.attrs.type, 'unresolved-placeholder');
      assert.equal(failure?.attrs.message, 'Unexpected leftover <placeholder> & "quotes", 100% sure: fix it\nnow');
      assert.match(xml, /&lt;placeholder&gt; &amp; &quot;quotes&quot;/);
      assert.match(failure?.text ?? '', /^error: Unexpected leftover <placeholder> & "quotes"/);
    });
  });

  describe('github', () => {
    const out = FORMATTERS.github(fixture(), ctx);

    it('writes one workflow command per finding, notices for info', () => {
      const lines = out.trimEnd().split('\n');
      assert.equal(lines.length, 5);
      assert.equal(lines[0], "::error file=.promptcoach.json,line=3,col=5,endLine=3,endColumn=11,title=config-error::Unknown rule 'nope'");
      assert.equal(lines[2], '::notice file=prompts/z.prompt.md,line=2,col=1,endLine=2,endColumn=2,title=off-by-default::A note');
      assert.equal(
        lines[4],
        '::error file=prompts/z.prompt.md,line=5,col=3,endLine=5,endColumn=17,title=unresolved-placeholder::Unexpected leftover <placeholder> & "quotes", 100%25 sure: fix it%0Anow',
      );
    });

    it('escapes data and properties as the runner expects', () => {
      assert.equal(escapeData('a%b\r\nc:d,e'), 'a%25b%0D%0Ac:d,e');
      assert.equal(escapeProperty('a%b\r\nc:d,e'), 'a%25b%0D%0Ac%3Ad%2Ce');
    });

    it('prints nothing for clean results', () => {
      assert.equal(FORMATTERS.github([{ path: abs('AGENTS.md'), findings: [] }], ctx), '');
    });
  });
});

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict little parser for the subset junit emits: it throws on anything not well-formed. */
function parseXml(xml: string): XmlNode {
  const decode = (s: string) => {
    assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, `unescaped & in ${JSON.stringify(s)}`);
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e: string) =>
      e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] as string,
    );
  };
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\n/.exec(xml);
  assert.ok(decl, 'XML declaration');
  i = decl[0].length;
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/y;
  while (i < xml.length) {
    const top = stack[stack.length - 1] as XmlNode;
    if (xml[i] === '<') {
      tag.lastIndex = i;
      const m = tag.exec(xml);
      assert.ok(m, `malformed tag at ${i}: ${xml.slice(i, i + 40)}`);
      const [whole, close, name, attrText, selfClose] = m as unknown as [string, string, string, string, string];
      if (close) {
        assert.equal(top.name, name, `mismatched </${name}>`);
        stack.pop();
      } else {
        const node: XmlNode = { name, attrs: {}, children: [], text: '' };
        for (const a of (attrText as string).matchAll(/([\w.-]+)="([^"]*)"/g)) node.attrs[a[1] as string] = decode(a[2] as string);
        top.children.push(node);
        if (!selfClose) stack.push(node);
      }
      i += whole.length;
    } else {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      const text = xml.slice(i, end);
      assert.doesNotMatch(text, />/, 'raw > in text');
      top.text += decode(text);
      i = end;
    }
  }
  assert.equal(stack.length, 1, 'unclosed elements');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0] as XmlNode;
}
