import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { LineIndex } from '../../src/core/text';
import { mayHoldTable, parseMarkdown, parsePromptDocument, type PromptDocument, type Section } from '../../src/core/document';
import { countWords } from '../../src/core/rules/util';
import { documentArbitrary } from '../helpers/fuzz';
import { estimateModelTokens } from '../../src/core/tokens';
import type { Range } from '../../src/core/types';

const parse = (text: string, path = '/ws/prompts/a.prompt.md') => parsePromptDocument({ path, text });
const at = (line: number, character: number, endLine: number, endCharacter: number): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});
/** The source text a range covers. */
const slice = (doc: PromptDocument, r: Range) => doc.text.slice(doc.lines.offsetAt(r.start), doc.lines.offsetAt(r.end));

describe('parsePromptDocument', () => {
  describe('frontmatter', () => {
    const doc = parse('---\ndescription: Review code\ntools: [a, b]\n---\n# Title\n');

    it('parses the mapping into data and entries', () => {
      assert.deepEqual(doc.frontmatter?.data, { description: 'Review code', tools: ['a', 'b'] });
      assert.deepEqual(
        doc.frontmatter?.entries.map((e) => [e.key, e.value]),
        [
          ['description', 'Review code'],
          ['tools', ['a', 'b']],
        ],
      );
      assert.deepEqual(doc.frontmatter?.errors, []);
    });

    it('locates each key and value, and the whole block', () => {
      const [description, tools] = doc.frontmatter?.entries ?? [];
      assert.deepEqual(description?.keyRange, at(1, 0, 1, 11));
      assert.deepEqual(description?.valueRange, at(1, 13, 1, 24));
      assert.equal(slice(doc, tools?.valueRange as Range), '[a, b]');
      assert.deepEqual(doc.frontmatter?.range, at(0, 0, 3, 3));
    });

    it('locates YAML errors in the file and keeps what parsed', () => {
      const bad = parse('---\ndescription: [unclosed\nname: x\n---\nBody\n');
      assert.equal(bad.frontmatter?.errors.length, 1);
      assert.ok((bad.frontmatter?.errors[0]?.range.start.line ?? 0) >= 1, 'the error points into the YAML, not at the fence');
      assert.equal(bad.frontmatter?.data['name'], 'x');
    });

    it('is undefined when the file has none', () => {
      assert.equal(parse('# Title\n').frontmatter, undefined);
    });
  });

  it('builds the section tree and the flat list', () => {
    const doc = parse('# Title\n\nIntro.\n\n## A\n\n### A.1\n\n## B\n\nText.\n');
    const shape = (s: Section): unknown => [s.title, s.depth, s.children.map(shape)];
    assert.deepEqual(doc.sections.map(shape), [['Title', 1, [['A', 2, [['A.1', 3, []]]], ['B', 2, []]]]]);
    assert.deepEqual(
      doc.allSections.map((s) => s.title),
      ['Title', 'A', 'A.1', 'B'],
    );
    const a = doc.allSections[1] as Section;
    assert.equal(doc.text.slice(a.startOffset, a.endOffset), '## A\n\n### A.1\n\n');
  });

  describe('references', () => {
    const doc = parse(
      [
        'Read [the guide](../docs/guide.md#intro), #file:src/a.ts and @notes/todo.md.',
        'Mail me@example.com, install @scope/pkg, decorate with @app.route, see https://x.com/a.md,',
        '[the top](#title), <https://example.com/b.md> and [a template]({{guide}}).',
        '',
        '`[code](c.md) @d.md #file:e.ts`',
        '',
        '[def]: ./f.md',
      ].join('\n'),
    );

    it('finds links, #file: tags, @path imports and definitions, resolved against the file', () => {
      assert.deepEqual(
        doc.references.map((r) => [r.form, r.target, r.resolved]),
        [
          ['link', '../docs/guide.md', '/ws/docs/guide.md'],
          ['file-tag', 'src/a.ts', '/ws/prompts/src/a.ts'],
          ['at-import', 'notes/todo.md', '/ws/prompts/notes/todo.md'],
          ['definition', './f.md', '/ws/prompts/f.md'],
        ],
      );
    });

    it('locates each reference', () => {
      assert.deepEqual(
        doc.references.map((r) => slice(doc, r.range)),
        ['[the guide](../docs/guide.md#intro)', '#file:src/a.ts', '@notes/todo.md', '[def]: ./f.md'],
      );
    });
  });

  describe('placeholders', () => {
    const doc = parse(
      [
        'Use {{name}}, {% if x %}, ${input:topic}, ${workspaceFolder}, $ARGUMENTS and $1, not $100.',
        '',
        '```',
        'TODO: in code, $1 stays, {{kept}} is a variable anywhere',
        '```',
        '',
        'Write to [INSERT NAME] as <PLACEHOLDER> from <your name>.',
        '',
        '<instructions>',
        'Keep it short.',
        '</instructions>',
        '',
        'TODO: pick a tone',
        'Owner: TBD',
        'Add TODO comments where the code is unfinished.',
      ].join('\n'),
    );
    const found = doc.placeholders.map((p) => [p.form, p.intent, p.text, p.range.start.line]);

    it('finds template variables with their names, `$1` only in prose', () => {
      assert.deepEqual(found.slice(0, 7), [
        ['mustache', 'variable', '{{name}}', 0],
        ['jinja', 'variable', '{% if x %}', 0],
        ['vscode-input', 'variable', '${input:topic}', 0],
        ['vscode-variable', 'variable', '${workspaceFolder}', 0],
        ['arguments', 'variable', '$ARGUMENTS', 0],
        ['positional', 'variable', '$1', 0],
        ['mustache', 'variable', '{{kept}}', 3],
      ]);
      assert.deepEqual(
        doc.placeholders.slice(0, 6).map((p) => p.name),
        ['name', undefined, 'topic', 'workspaceFolder', 'ARGUMENTS', '1'],
      );
    });

    it('finds leftovers outside code: [INSERT …], <PLACEHOLDER>, <your …>, TODO: and TBD, not prompt tags or mentions', () => {
      assert.deepEqual(found.slice(7), [
        ['bracket', 'leftover', '[INSERT NAME]', 6],
        ['angle', 'leftover', '<PLACEHOLDER>', 6],
        ['angle', 'leftover', '<your name>', 6],
        ['todo', 'leftover', 'TODO', 12],
        ['todo', 'leftover', 'TBD', 13],
      ]);
    });

    it('locates each placeholder', () => {
      assert.ok(doc.placeholders.every((p) => slice(doc, p.range) === p.text && doc.text.startsWith(p.text, p.startOffset)));
    });
  });

  it('splits prose into sentences, not at "e.g."', () => {
    const doc = parse('Intro with `code` here. Second sentence, e.g. this one! Third?\n\n- A list item\n');
    assert.deepEqual(
      doc.sentences.map((s) => s.text),
      ['Intro with here.', 'Second sentence, e.g. this one!', 'Third?', 'A list item'],
    );
    const second = doc.sentences[1];
    assert.equal(doc.text.slice(second?.startOffset, second?.endOffset), 'Second sentence, e.g. this one!');
  });

  it('blanks code in prose and nonCode, keeping offsets and line breaks', () => {
    const text = '---\nk: v\n---\nSay `x = 1` now.\n\n```js\nconst y = 2;\n```\n<note>Keep</note>\n';
    const doc = parse(text);
    assert.equal(doc.prose.length, text.length);
    assert.equal(doc.nonCode.length, text.length);
    assert.equal(doc.prose.split('\n').length, text.split('\n').length);
    assert.equal(doc.prose.split('\n')[3], `Say ${' '.repeat('`x = 1`'.length)} now.`);
    assert.ok(!doc.prose.includes('const') && !doc.nonCode.includes('const'));
    assert.ok(!doc.prose.includes('k: v') && !doc.nonCode.includes('k: v'));
    assert.ok(doc.prose.includes('Keep') && !doc.prose.includes('<note>'), 'words between prompt tags are prose, the tags are not');
    assert.deepEqual(
      doc.codeSpans.map((c) => text.slice(c.start, c.end)),
      ['`x = 1`', '```js\nconst y = 2;\n```'],
    );
  });

  it('reports frontmatter nested thousands of levels deep instead of converting it for seconds', () => {
    const doc = parse(`---\nglobs: ${'{'.repeat(3000)}\n---\nHello\n`);
    assert.deepEqual(doc.frontmatter?.entries, []);
    assert.ok(doc.frontmatter?.errors.some((e) => /nests more than 32 levels/.test(e.message)));
    assert.equal(doc.sections.length, 0);
  });

  it('reports frontmatter with a list as a key instead of turning the key into text (exponential in its nesting)', () => {
    // What the YAML parser makes of a badly indented list: each level's list is the key of the next.
    const nested = Array.from({ length: 24 }, (_, i) => `${'  '.repeat(i)}- IMPORTANT: the`).join('\n');
    const doc = parse(`---\n[ref]: <>\n\n${nested}\n---\nHello\n`);
    assert.deepEqual(doc.frontmatter?.entries, []);
    assert.deepEqual(doc.frontmatter?.data, {});
    assert.ok(doc.frontmatter?.errors.some((e) => /uses a list or a map as a key; it was not read/.test(e.message)));
    // A list or a map as a value is what frontmatter holds every day: read as before.
    const usual = parse('---\ntools:\n  - read\n  - edit\nmeta: { a: 1 }\n---\nHello\n');
    assert.deepEqual(usual.frontmatter?.data, { tools: ['read', 'edit'], meta: { a: 1 } });
    assert.deepEqual(usual.frontmatter?.errors, []);
  });

  it('estimates its model tokens', () => {
    assert.equal(parse('').tokens, 0);
    const sentence = 'Review the pull request and list every change that breaks the public API.\n';
    assert.equal(parse(sentence).tokens, estimateModelTokens(sentence));
    // About one token per short English word and per punctuation mark.
    const words = sentence.trim().split(/\s+/).length;
    assert.ok(Math.abs(parse(sentence).tokens - (words + 2)) <= 3, String(parse(sentence).tokens));
  });

  it('knows its path, folder, file name and kind', () => {
    const doc = parsePromptDocument({ path: '/ws/.github/prompts/review.prompt.md', text: '', kind: 'prompt' });
    assert.deepEqual([doc.dir, doc.fileName, doc.kind], ['/ws/.github/prompts', 'review.prompt.md', 'prompt']);
  });
});

describe('parseMarkdown', () => {
  // Every GFM extension the product parses with, tables always on: what the parse must equal.
  const withTables = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(function (this: Processor) {
      const data = this.data();
      (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
      (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
    });

  it('sees a table in one cell with an aligned delimiter and no pipe', () => {
    assert.equal(mayHoldTable('Name\n:--'), true);
    assert.equal(parseMarkdown('Name\n:--').children[0]?.type, 'table');
    assert.equal(parseMarkdown('Name\n--:').children[0]?.type, 'table');
    assert.equal(mayHoldTable('Name\n---\n\n- item: text -- more'), false);
  });

  it('gives the tree of a parse with tables whenever it leaves tables out', () => {
    // Table-shaped text from a small alphabet, and real-looking documents, with their pipes taken out.
    const shaped = fc.array(fc.constantFrom('a', 'b ', ' ', '-', '--', ':', ':-', '-:', '|', '\n', '\n\n', '> ', '- ', '1. ', '`', '\t', '    ', '\\', '*'), { maxLength: 40 }).map((parts) => parts.join(''));
    // (Without a byte order mark, whose offsets parseMarkdown counts and remark does not.)
    const text = fc.oneof(shaped, documentArbitrary.map((d) => d.text)).map((t) => t.replaceAll('|', '/').replace(/^\ufeff/, ''));
    fc.assert(
      fc.property(text, (t) => {
        const ours = parseMarkdown(t);
        const full = withTables.parse(t);
        if (mayHoldTable(t)) return;
        assert.deepEqual(ours, full);
      }),
      { numRuns: 400 },
    );
  });
});

describe('LineIndex', () => {
  it('never puts a position between the CR and the LF of a line break', () => {
    const lines = new LineIndex('ab\r\ncd\rde\nf');
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 }, 'inside CRLF: the end of line 0');
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 }, 'after a lone CR: the next line');
    assert.equal(lines.lineText(0), 'ab');
  });
});

describe('countWords', () => {
  const FUNCTION = new Set('a an and are as at be by do for from has have if in is it not of on or that the this to was we when will with you your'.split(' '));
  it('counts the runs of letters, and the function words among them, as the regular expression does', () => {
    const letters = fc.constantFrom('a', 'the', 'The', 'and', 'with', 'your', 'yours', 'é', 'É', 'ß', 'İ', 'ǅ', '中文', '𝒜', '😀', 'x\u0301', ' ', '-', '1', '\n', '_', '\ud800', 'ﬃ');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.array(letters, { maxLength: 30 }).map((p) => p.join(''))), (text) => {
        const words = text.match(/\p{L}+/gu) ?? [];
        assert.deepEqual(countWords(text, true), { words: words.length, functionWords: words.filter((w) => FUNCTION.has(w)).length });
      }),
      { numRuns: 2000 },
    );
  });
});
