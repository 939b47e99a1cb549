import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../src/core/analyze';
import { parsePromptDocument } from '../../src/core/document';
import { ruleDocsMarkdown } from '../../src/core/format/docs';
import { ENGINE_RULES } from '../../src/core/format/engine-rules';
import { frontmatterFlavor, frontmatterKeysFor } from '../../src/core/frontmatter-keys';
import { defineRule, type Rule } from '../../src/core/types';
import { toDiagnostic } from '../../src/server/diagnostics';
import { minimalEdit } from '../../src/server/edits';
import { disableFileEdit, disableLineEdit, kindWanted, provideCodeActions } from '../../src/server/features/codeActions';
import { codeLensTitle } from '../../src/server/features/codeLens';
import { provideCompletion, type DirEntry } from '../../src/server/features/completion';
import { provideDocumentSymbols } from '../../src/server/features/symbols';
import { DEFAULT_SETTINGS, ruleDocsUri, ruleIdFromDocsUri } from '../../src/server/protocol';
import { readSettings } from '../../src/server/settings';
import { configWith, memoryHost } from '../helpers/config';

/** The language server's features as pure functions, on in-memory documents. */

const apply = (text: string, edits: { range: import('../../src/core/types').Range; newText: string }[]) =>
  TextDocument.applyEdits(TextDocument.create('file:///x', 'markdown', 1, text), edits);

const doc = (text: string, file = '/ws/a.prompt.md') => parsePromptDocument({ path: file, text, kind: 'prompt' });

describe('lsp: edits', () => {
  it('minimalEdit replaces only what changed', () => {
    const before = 'one\ntwo three\nfour\n';
    const after = 'one\ntwo 3\nfour\n';
    const edit = minimalEdit(before, after);
    assert.deepEqual(edit, { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 9 } }, newText: '3' });
    assert.equal(apply(before, [edit!]), after);
    assert.equal(minimalEdit('same', 'same'), undefined);
  });

  it('minimalEdit keeps CRLF and surrogate pairs whole', () => {
    for (const [before, after] of [
      ['a\r\nb', 'a\nb'],
      ['x😀y', 'x😃y'],
      ['', 'new'],
      ['old', ''],
    ] as const) {
      const edit = minimalEdit(before, after);
      assert.equal(apply(before, [edit!]), after, JSON.stringify([before, after]));
    }
  });
});

describe('lsp: disable comments', () => {
  it('inserts a disable-next-line comment above the line, with its indentation', () => {
    const d = doc('# Task\n\n- item\n  Do the [INSERT thing].\n');
    const edit = disableLineEdit(d, 'unresolved-placeholder', 3);
    assert.equal(apply(d.text, [edit!]), '# Task\n\n- item\n  <!-- promptcoach-disable-next-line unresolved-placeholder -- reason -->\n  Do the [INSERT thing].\n');
  });

  it('adds the rule to a disable-next-line comment already above the line', () => {
    const d = doc('<!-- promptcoach-disable-next-line vague-language -- audience knows -->\nSome [INSERT x].\n');
    const edit = disableLineEdit(d, 'unresolved-placeholder', 1);
    assert.equal(
      apply(d.text, [edit!]),
      '<!-- promptcoach-disable-next-line vague-language, unresolved-placeholder -- audience knows -->\nSome [INSERT x].\n',
    );
  });

  it('offers no line comment in the frontmatter or inside a code block', () => {
    const d = doc('---\ndescription: TODO\n---\n# Task\n\n```\ncode\n```\n');
    assert.equal(disableLineEdit(d, 'x', 1), undefined);
    assert.equal(disableLineEdit(d, 'x', 0), undefined);
    assert.equal(disableLineEdit(d, 'x', 6), undefined);
    assert.ok(disableLineEdit(d, 'x', 5), 'above the fence is fine');
  });

  it('inserts a disable-file comment after the frontmatter, or at the top', () => {
    const fm = doc('---\ndescription: d\n---\n# Task\n');
    assert.equal(apply(fm.text, [disableFileEdit(fm, 'r')]), '---\ndescription: d\n---\n<!-- promptcoach-disable-file r -- reason -->\n# Task\n');
    const top = doc('# Task\r\n');
    assert.equal(apply(top.text, [disableFileEdit(top, 'r')]), '<!-- promptcoach-disable-file r -- reason -->\r\n# Task\r\n');
    const only = doc('---\ndescription: d\n---');
    assert.equal(apply(only.text, [disableFileEdit(only, 'r')]), '---\ndescription: d\n---\n<!-- promptcoach-disable-file r -- reason -->\n');
    const again = doc('<!-- promptcoach-disable-file a -- why -->\n# Task\n');
    assert.equal(apply(again.text, [disableFileEdit(again, 'r')]), '<!-- promptcoach-disable-file a, r -- why -->\n# Task\n');
  });
});

const swapRule = defineRule({
  meta: {
    id: 'swap-foo',
    category: 'direction',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: { summary: 's', rationale: 'r', bad: 'foo', good: 'bar' },
  },
  check({ doc: d, report }) {
    for (const m of d.text.matchAll(/foo/g)) {
      const range = d.range(m.index, m.index + 3);
      report({ range, message: "Unexpected 'foo'", fixes: [{ title: "Replace 'foo' with 'bar'", edits: [{ range, newText: 'bar' }] }] });
    }
  },
}) as Rule<unknown>;

describe('lsp: code actions', () => {
  const config = configWith('/ws', {}, [swapRule]);
  config.rules['swap-foo'] = { severity: 'warning' };

  it('wants actions by kind, hierarchically, and source actions only when asked', () => {
    assert.equal(kindWanted('quickfix', undefined), true);
    assert.equal(kindWanted('source.fixAll.promptcoach', undefined), false);
    assert.equal(kindWanted('source.fixAll.promptcoach', ['source']), true);
    assert.equal(kindWanted('source.fixAll.promptcoach', ['source.fixAll']), true);
    assert.equal(kindWanted('quickfix', ['source.fixAll']), false);
  });

  it('offers fixes, fix-all-of-a-rule, disable and docs; fixAll applies everything', async () => {
    const text = '---\ndescription: foo\n---\n# Task\n\nfoo and foo.\n';
    const { document, findings } = await analyze({ path: '/ws/a.prompt.md', text }, config, memoryHost({}));
    const diagnostics = findings.map(toDiagnostic);
    const body = diagnostics.find((d) => d.range.start.line === 5) as (typeof diagnostics)[number];
    const actions = await provideCodeActions({
      uri: 'file:///ws/a.prompt.md',
      document,
      findings,
      diagnostics: [body],
      only: undefined,
      fixesCurrent: true,
      fixAll: async () => 'unused',
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        "Replace 'foo' with 'bar'",
        "Fix all 'swap-foo' problems in this file",
        'Disable swap-foo for this line',
        'Disable swap-foo in this file',
        'Show documentation for swap-foo',
      ],
    );
    const all = actions[1]?.edit?.changes?.['file:///ws/a.prompt.md'] ?? [];
    assert.equal(apply(text, all), '---\ndescription: bar\n---\n# Task\n\nbar and bar.\n');

    const inFrontmatter = diagnostics.find((d) => d.range.start.line === 1) as (typeof diagnostics)[number];
    const fmActions = await provideCodeActions({ uri: 'u', document, findings, diagnostics: [inFrontmatter], only: ['quickfix'], fixesCurrent: false, fixAll: async () => '' });
    assert.ok(!fmActions.some((a) => a.title.endsWith('for this line')), 'no HTML comment in YAML');
    assert.ok(!fmActions.some((a) => a.title.startsWith('Replace')), 'stale fixes are not offered');
    assert.ok(fmActions.some((a) => a.title === 'Disable swap-foo in this file'));

    const source = await provideCodeActions({ uri: 'u', document, findings, diagnostics: [], only: ['source.fixAll.promptcoach'], fixesCurrent: true, fixAll: async () => text.replace(/foo/g, 'bar') });
    assert.deepEqual(source.map((a) => a.kind), ['source.fixAll.promptcoach']);
  });

  it('offers nothing but the docs for engine ids that no comment can suppress', async () => {
    const d = doc('text\n');
    const diagnostic = toDiagnostic({ ruleId: 'config-error', severity: 'error', message: 'm', range: d.range(0, 1) });
    const actions = await provideCodeActions({ uri: 'u', document: d, findings: [], diagnostics: [diagnostic], only: undefined, fixesCurrent: true, fixAll: async () => '' });
    assert.deepEqual(actions.map((a) => a.title), ['Show documentation for config-error']);
  });
});

describe('lsp: diagnostics', () => {
  it('carries source, code, docs link, data; unused suppressions are unnecessary', () => {
    const at = { line: 0, character: 0 };
    const d = toDiagnostic({ ruleId: 'unused-suppression', severity: 'info', message: 'm', range: { start: at, end: at } });
    assert.equal(d.source, 'Prompt Coach');
    assert.equal(d.severity, 3);
    assert.deepEqual(d.tags, [1]);
    assert.deepEqual(d.codeDescription, { href: 'promptcoach-docs:/rules/unused-suppression.md' });
    assert.equal(ruleIdFromDocsUri(ruleDocsUri('say-use')), 'say-use');
    assert.equal(ruleIdFromDocsUri('/rules/say-use.md'), 'say-use');
  });
});

describe('lsp: completion', () => {
  const files: Record<string, DirEntry[]> = {
    '/ws': [
      { name: 'docs', isDirectory: true },
      { name: 'a.prompt.md', isDirectory: false },
      { name: 'b.md', isDirectory: false },
      { name: '.hidden', isDirectory: false },
    ],
    '/ws/docs': [{ name: 'style guide.md', isDirectory: false }],
  };
  const complete = (text: string, line: number, character: number, path = '/ws/a.prompt.md', kind: 'prompt' | 'rules' = 'prompt') =>
    provideCompletion({ text, position: { line, character }, kind, path, listDir: (d) => files[d] });

  it('offers frontmatter keys not yet present, even before the closing fence', () => {
    const labels = complete('---\ndescription: x\n', 2, 0).map((i) => i.label);
    assert.ok(labels.includes('mode') && labels.includes('tools') && !labels.includes('description'), labels.join());
    const mdc = complete('---\n\n---\n', 1, 0, '/ws/.cursor/rules/a.mdc', 'rules').map((i) => i.label);
    assert.deepEqual(mdc, ['description', 'globs', 'alwaysApply']);
    assert.deepEqual(complete('---\nalwaysApply: \n---\n', 1, 13, '/ws/.cursor/rules/a.mdc', 'rules').map((i) => i.label), ['true', 'false']);
    assert.deepEqual(complete('---\nmodel: \n---\n', 1, 7), []);
  });

  it('offers the standard sections after #', () => {
    const items = complete('# Objective\n\n## ', 2, 3);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('Context') && !labels.includes('Objective'), labels.join());
    const edit = items[0]?.textEdit as { newText: string; range: unknown };
    assert.deepEqual(edit.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } });
    assert.equal(edit.newText, ' Context');
    assert.deepEqual(complete('```\n#', 1, 1), [], 'not in code');
    assert.deepEqual(complete('#fi', 0, 3), [], '#file: is not a heading');
  });

  it('offers paths after #file: and in link destinations; folders re-trigger', () => {
    const tag = complete('Read #file:', 0, 11);
    assert.deepEqual(tag.map((i) => i.label), ['docs/', 'b.md'], 'the file itself and hidden files are left out');
    assert.equal(tag[0]?.command?.command, 'editor.action.triggerSuggest');
    const link = complete('See [guide](docs/', 0, 17);
    assert.deepEqual(link.map((i) => (i.textEdit as { newText: string }).newText), ['style%20guide.md']);
    assert.deepEqual(complete('See [x](https://', 0, 16), []);
  });

  it('offers the ${input:…} names the file already uses', () => {
    const text = 'Use ${input:topic} and ${input:audience:who}.\nAgain ${input:';
    assert.deepEqual(complete(text, 1, 14).map((i) => [i.label, (i.textEdit as { newText: string }).newText]), [
      ['topic', 'topic}'],
      ['audience', 'audience}'],
    ]);
  });
});

describe('lsp: symbols, code lens, settings, docs', () => {
  it('returns the frontmatter and the section tree', () => {
    const symbols = provideDocumentSymbols(doc('---\nmode: ask\n---\n# A\n## B\n#\n'));
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind, s.children?.map((c) => c.name)]),
      [
        ['Frontmatter', 3, ['mode']],
        ['A', 15, ['B']],
        ['#', 15, []],
      ],
    );
  });

  it('titles the code lens', () => {
    assert.equal(codeLensTitle(1234, { errors: 1, warnings: 2, infos: 0 }), '≈ 1,234 tokens · 1 error, 2 warnings');
    assert.equal(codeLensTitle(5, { errors: 0, warnings: 1, infos: 3 }), '≈ 5 tokens · 0 errors, 1 warning, 3 infos');
  });

  it('reads settings defensively', () => {
    assert.deepEqual(readSettings(undefined), DEFAULT_SETTINGS);
    const s = readSettings({ enable: false, run: 'onSave', debounceMs: -5, rules: { a: 'off', b: 'loud' }, codeLens: 'yes', maxFileSize: 10 });
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, enable: false, run: 'onSave', rules: { a: 'off' }, maxFileSize: 10 });
  });

  it('knows the frontmatter keys of each flavour', () => {
    assert.equal(frontmatterFlavor('agent', '/ws/.claude/agents/reviewer.md'), 'claude-agent');
    assert.equal(frontmatterFlavor('agent', '/ws/a.chatmode.md'), 'chatmode');
    assert.equal(frontmatterFlavor('rules', '/ws/.cursorrules'), undefined);
    assert.deepEqual(frontmatterKeysFor('skill', '/ws/x/SKILL.md').map((k) => k.key), ['name', 'description', 'license', 'allowed-tools']);
    assert.deepEqual(frontmatterKeysFor('instructions', '/ws/a.instructions.md').map((k) => k.key), ['applyTo', 'description']);
  });

  it('renders engine ids as not configurable', () => {
    const meta = ENGINE_RULES.find((m) => m.id === 'config-error');
    const md = ruleDocsMarkdown(meta!, { origin: 'engine' });
    assert.match(md, /cannot be turned off/);
    assert.doesNotMatch(md, /Configure in/);
  });
});
