import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

/**
 * The injected grammar, tokenized the way VS Code does it (vscode-textmate + oniguruma) inside
 * VS Code's own Markdown grammar (shipped by tm-grammars): our scopes in prose, none in code.
 */
const ROOT = path.resolve(__dirname, '../..');
const OURS = path.join(ROOT, 'syntaxes/promptcoach.injection.tmLanguage.json');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};

async function markdownGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const contributed = pkg.contributes.grammars.find((g) => g.scopeName === 'promptcoach.injection');
  assert.ok(contributed, 'package.json contributes the injection grammar');
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
    async loadGrammar(scopeName) {
      if (scopeName === 'text.html.markdown') {
        const file = require.resolve('tm-grammars/grammars/markdown.json');
        return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      }
      if (scopeName === 'promptcoach.injection') {
        return parseRawGrammar(fs.readFileSync(path.join(ROOT, contributed.path), 'utf8'), OURS);
      }
      return null;
    },
    // What VS Code does with `injectTo`.
    getInjections: (scopeName) => (contributed.injectTo.includes(scopeName) ? ['promptcoach.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  assert.ok(grammar);
  return grammar;
}

function tokenize(grammar: IGrammar, text: string): { text: string; scopes: string[] }[] {
  const out: { text: string; scopes: string[] }[] = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

const SAMPLE = `# Grammar check

<context>
Summarize {{topic}} for \${input:audience:Who reads it} using $ARGUMENTS.
</context>

Send it to [INSERT recipient] and <YOUR_NAME>, not to [the team](team.md).

\`\`\`sh
echo {{not_a_variable}} \${input:nope} $ARGUMENTS [INSERT nothing] <context>
\`\`\`

Inline \`{{code}} [INSERT code]\` stays code.
`;

describe('injected Markdown grammar (syntaxes/)', () => {
  let tokens: { text: string; scopes: string[] }[];
  before(async () => {
    tokens = tokenize(await markdownGrammar(), SAMPLE);
  });
  const scopesOf = (text: string) => tokens.filter((t) => t.text.includes(text)).flatMap((t) => t.scopes);

  it('marks template variables in prose', () => {
    assert.ok(scopesOf('topic').includes('variable.other.template.promptcoach'), JSON.stringify(scopesOf('topic')));
    assert.ok(scopesOf('audience').includes('variable.parameter.input.promptcoach'));
    assert.ok(tokens.some((t) => t.text === '$ARGUMENTS' && t.scopes.includes('variable.language.arguments.promptcoach')));
  });

  it('marks leftover placeholders and prompt section tags, not links', () => {
    assert.ok(scopesOf('INSERT recipient').includes('invalid.deprecated.placeholder.promptcoach'));
    assert.ok(scopesOf('YOUR_NAME').includes('invalid.deprecated.placeholder.promptcoach'));
    assert.ok(tokens.some((t) => t.text === 'context' && t.scopes.includes('entity.name.tag.prompt-section.promptcoach')));
    assert.ok(!scopesOf('the team').includes('invalid.deprecated.placeholder.promptcoach'));
  });

  it('leaves fenced and inline code alone', () => {
    for (const text of ['not_a_variable', 'nope', 'INSERT nothing', '{{code}}', 'INSERT code']) {
      const scopes = scopesOf(text);
      assert.ok(scopes.length > 0, `no token holds ${text}`);
      assert.ok(!scopes.some((s) => s.endsWith('.promptcoach')), `${text} got our scopes: ${JSON.stringify(scopes)}`);
    }
  });
});
