/**
 * `undefined-variable` through `analyze` on in-memory Prompty files: the declaration forms (`inputs:` as a
 * list or a mapping, `sample:`), the names a Jinja template binds itself, and what counts as a use.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/core/analyze';
import { applyFixes } from '../../src/core/fix';
import type { Finding } from '../../src/core/types';
import { configWith, memoryHost } from '../helpers/config';

const id = 'undefined-variable';

async function lint(path: string, text: string): Promise<Finding[]> {
  const { findings } = await analyze({ path, text }, configWith('/ws', { [id]: undefined }), memoryHost({ [path]: text }));
  return findings.filter((f) => f.ruleId === id);
}

/** `line:column name` of each finding, with the name the message quotes first. */
async function found(text: string, path = '/ws/task.prompty'): Promise<string[]> {
  return (await lint(path, text)).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${/'([^']+)'/.exec(f.message)?.[1]}`);
}

const prompty = (frontmatter: string, body: string) => `---\nname: task\nmodel:\n  id: gpt-4o\n${frontmatter}---\n${body}`;

describe('undefined-variable', () => {
  it('reads inputs as a list of {name, kind} and as a mapping by name', async () => {
    const list = prompty('inputs:\n  - name: text\n    kind: string\n  - name: tone\n    kind: string\n', 'system:\nRewrite in a {{ voice }} voice.\n\nuser:\n{{ text }}\n');
    assert.deepEqual(await found(list), ['8:11 tone', '12:17 voice']);
    const mapping = prompty('inputs:\n  text:\n    type: string\n  tone:\n    type: string\n    description: the text: its tone\n', 'user:\n{{ text }}\n');
    assert.deepEqual(await found(mapping), ['8:3 tone']);
  });

  it('counts what the template binds itself: loop variables, set, macro parameters, imports, with', async () => {
    const body = [
      '{% set limit = max_items %}',
      '{% for key, doc in documents | dictsort if doc.score > threshold %}',
      '{{ loop.index }}. {{ key }}: {{ doc.title | truncate(length=limit) }}',
      '{% endfor %}',
      '{% macro cite(source, style="short") %}[{{ source }}]({{ style }}){% endmacro %}',
      '{% from "helpers.j2" import badge as b %}{{ b("warn") }}',
      '{% with total = documents | length %}{{ total }}{% endwith %}',
      '{% if extra is defined and extra is not none %}{{ extra }}{% endif %}',
    ].join('\n');
    const text = prompty('inputs:\n  - name: documents\n  - name: max_items\n  - name: threshold\n  - name: extra\n', `${body}\n`);
    assert.deepEqual(await found(text), []);
  });

  it('ignores strings, filters, tests, attributes, keyword arguments, comments and raw blocks', async () => {
    const body = [
      '{{ "literal not_a_var" ~ name | replace("a", fallback=other) }}',
      '{# {{ commented_out }} #}',
      '{% raw %}{{ shown_as_is }}{% endraw %}',
      '{% if name is string %}{{ name.first.upper() }}{% endif %}',
    ].join('\n');
    const text = prompty('inputs:\n  - name: name\n  - name: other\n', `${body}\n`);
    assert.deepEqual(await found(text), []);
  });

  it('leaves names inside Mustache sections alone: they resolve against the item', async () => {
    const text = prompty('inputs:\n  - name: items\n', '{{#items}}\n- {{ title }} ({{ url }})\n{{/items}}\n');
    assert.deepEqual(await found(text), []);
  });

  it('counts an input a tool binding passes as used', async () => {
    const text = prompty(
      'tools:\n  - name: weather\n    kind: function\n    bindings:\n      unit:\n        input: preferred_unit\ninputs:\n  - name: question\n  - name: preferred_unit\n',
      'user:\n{{question}}\n',
    );
    assert.deepEqual(await found(text), []);
  });

  it('checks uses against sample: when there are no inputs, and sample keys as declared when there are', async () => {
    const sampleOnly = prompty('sample:\n  firstName: Jane\n  question: Why?\n', 'Hello {{ firstName }}.\n\nuser:\n{{ input }}\n');
    assert.deepEqual(await found(sampleOnly), ['7:3 question', '12:4 input']);
    const both = prompty('inputs:\n  - name: question\nsample:\n  question: Why?\n  locale: en\n', 'Answer in {{ locale }}.\n\nuser:\n{{ question }}\n');
    assert.deepEqual(await found(both), []);
  });

  it('skips declarations kept in another file, and files that declare nothing', async () => {
    assert.deepEqual(await found(prompty('inputs: ${file:inputs.json}\n', 'user:\n{{ anything }}\n')), []);
    assert.deepEqual(await found(prompty('', 'user:\n{{ question }}\n')), []);
    assert.deepEqual(await found('---\ndescription: Ask\ninputs:\n  - name: q\n---\nAnswer {{ other }}.\n', '/ws/ask.prompt.md'), []);
  });

  it('finds Prompty frontmatter in a file of another name', async () => {
    const text = prompty('inputs:\n  - name: text\n', 'Summarize {{ txt }}.\n');
    assert.deepEqual(await found(text, '/ws/prompts/summarize.md'), ['8:14 txt']);
  });

  it('suggests a declared, unused input for a misspelt use and fixes every use of it', async () => {
    const text = prompty('inputs:\n  - name: audience\n  - name: text\n', 'Write for {{ audiance }}; {{ audiance | upper }} reads {{ text }}.\n');
    const findings = await lint('/ws/task.prompty', text);
    assert.deepEqual(
      findings.map((f) => f.message),
      ["Unexpected variable 'audiance' that 'inputs' does not declare, expected 'audience' (declared and otherwise unused): it renders as an empty string"],
    );
    assert.equal(applyFixes(text, findings).text, text.replace(/audiance/g, 'audience'));
  });

  it('does not report a thread input the template leaves out', async () => {
    const text = prompty('inputs:\n  - name: question\n  - name: conversation\n    kind: thread\n', 'user:\n{{ question }}\n');
    assert.deepEqual(await found(text), []);
  });
});
