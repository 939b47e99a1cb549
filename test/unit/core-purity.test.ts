import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `src/core` is the analyzer every adapter shares: it must never pull in an editor or LSP library. */
describe('src/core stays editor-free', () => {
  const root = path.resolve(__dirname, '../../src/core');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|cts|js)$/.test(e.name)) files.push(p);
    }
  };
  walk(root);

  it('has source files to check', () => {
    assert.ok(files.length > 5, `found only ${files.length} files under src/core`);
  });

  it('imports nothing from vscode or the LSP libraries', () => {
    const banned = /(?:from\s+|require\(\s*|import\(\s*)['"](vscode(?:-languageserver[\w/-]*|-languageclient[\w/-]*|-jsonrpc[\w/-]*)?|vscode\/[\w/-]*)['"]/;
    const offenders = files.filter((f) => banned.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
    assert.deepEqual(offenders, []);
  });
});
