import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../../src/core/config/load';
import { toChecklist } from '../../src/core/config/merge';
import { ChecklistSchema } from '../../src/core/config/schema';
import type { Checklist } from '../../src/core/config/types';
import { runAutoChecks, type CommandRequest, type CommandRunner, type RunAutoChecksInput } from '../../src/core/inspection/auto';
import type { AutoCheckResult } from '../../src/core/inspection/record';
import { nodeHost } from '../../src/node/host';
import { nodeCommandRunner } from '../../src/node/inspection/command';
import { tempDir } from '../helpers/inspection';

const NODE = JSON.stringify(process.execPath);
const SECRET_URL = 'postgresql://deploy:Xk9rT2mq7Lp@db.internal.acme-corp.io:5432/app';

function checklist(items: unknown[]): Checklist {
  return toChecklist({ checklist: ChecklistSchema.parse({ id: 'test', title: 'Test', version: 1, items }), ruleRefs: [] }, 'test');
}

describe('inspection: automatic checks', function () {
  this.timeout(30_000);
  let root: string;
  let resolver: ConfigResolver;

  before(() => {
    root = tempDir({
      '.promptcoach.json': JSON.stringify({ customRules: [{ id: 'no-maybe', type: 'existence', tokens: ['maybe'] }] }),
      'docs/guide.md': '# Guide\n\nRead [the spec](spec.md) and [the plan](plan.md).\n\nTODO: write the introduction\n',
      'docs/spec.md': '# Spec\n\nWe may maybe do this later.\n',
      'src/db.ts': `// Connects to the database.\nexport const url = '${SECRET_URL}';\n`,
      'src/clean.ts': 'export const answer = 42;\n',
      'prompts/task.prompt.md': '# Task\n\nAdd some tests and handle errors properly.\n',
      'hang.js':
        "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\n" +
        "require('fs').writeFileSync('grandchild.pid', String(c.pid));\nconsole.log('started');\nsetInterval(() => {}, 1000);\n",
      'loud.js': "process.stdout.write('o'.repeat(200000) + '\\nlast words\\n');\n",
    });
    resolver = new ConfigResolver({ host: nodeHost, rootDir: root });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const output = (rel: string) => ({ path: path.join(root, rel), text: fs.readFileSync(path.join(root, rel), 'utf8') });
  const run = (items: unknown[], outputs: string[], over: Partial<RunAutoChecksInput> = {}): Promise<AutoCheckResult[]> =>
    runAutoChecks({
      checklist: checklist(items),
      outputs: outputs.map(output),
      root,
      config: (p) => resolver.forFile(p),
      host: nodeHost,
      trusted: true,
      runCommand: nodeCommandRunner,
      ...over,
    });
  const one = async (auto: unknown, outputs: string[], over: Partial<RunAutoChecksInput> = {}) => {
    const [r] = await run([{ id: 'item', text: 'Item', auto }], outputs, over);
    assert.ok(r);
    return r;
  };

  it('runs only the items with an automatic check, in checklist order', async () => {
    const results = await run(
      [
        { id: 'manual', text: 'Manual' },
        { id: 'b', text: 'B', auto: { type: 'no-secrets' } },
        { id: 'a', text: 'A', auto: { type: 'no-placeholders' } },
      ],
      ['src/clean.ts'],
    );
    assert.deepEqual(results.map((r) => [r.itemId, r.type, r.status]), [
      ['b', 'no-secrets', 'pass'],
      ['a', 'no-placeholders', 'pass'],
    ]);
    const only = await run([{ id: 'b', text: 'B', auto: { type: 'no-secrets' } }, { id: 'a', text: 'A', auto: { type: 'no-placeholders' } }], ['src/clean.ts'], { only: ['a'] });
    assert.deepEqual(only.map((r) => r.itemId), ['a']);
  });

  it('no-placeholders: fails with each placeholder left, by repository path and 1-based line', async () => {
    const r = await one({ type: 'no-placeholders' }, ['docs/guide.md', 'src/clean.ts']);
    assert.equal(r.status, 'fail');
    assert.equal(r.message, '1 placeholder left in 1 file.');
    assert.deepEqual(r.findings.map((f) => [f.path, f.line]), [['docs/guide.md', 5]]);
    assert.match(r.findings[0]?.message ?? '', /TODO/);
    assert.equal((await one({ type: 'no-placeholders' }, ['src/clean.ts'])).message, 'No placeholders left in 1 file.');
  });

  it('references-exist: fails on a link to a missing file, passes when all resolve', async () => {
    const r = await one({ type: 'references-exist' }, ['docs/guide.md']);
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.findings.map((f) => [f.path, f.line]), [['docs/guide.md', 3]]);
    assert.match(r.findings[0]?.message ?? '', /plan\.md/);
    assert.equal(r.message, '1 reference in 1 file points to nothing.');
    const ok = await one({ type: 'references-exist' }, ['docs/spec.md']);
    assert.deepEqual([ok.status, ok.message], ['pass', 'No references to check in 1 file.']);
  });

  it('no-secrets: fails on a credential in any file (code too) and never repeats the secret', async () => {
    const r = await one({ type: 'no-secrets' }, ['src/db.ts', 'src/clean.ts']);
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.findings.map((f) => [f.path, f.line]), [['src/db.ts', 2]]);
    assert.equal(r.message, '1 credential found in 1 file (the values are not shown).');
    const text = JSON.stringify(r);
    assert.ok(!text.includes('Xk9rT2mq7Lp'), text);
  });

  it('rules: runs the named rules (built-in or custom) whatever their severity, on the kind given', async () => {
    const r = await one({ type: 'rules', rules: ['vague-language', 'no-maybe'] }, ['prompts/task.prompt.md', 'docs/spec.md']);
    assert.equal(r.status, 'fail');
    assert.deepEqual(r.findings.map((f) => [f.path, f.line, f.message.slice(f.message.lastIndexOf('('))]), [
      ['prompts/task.prompt.md', 3, '(vague-language)'],
      ['prompts/task.prompt.md', 3, '(vague-language)'],
      ['docs/spec.md', 3, '(no-maybe)'],
    ]);
    assert.equal(r.message, "3 findings from 'vague-language', 'no-maybe' in 2 files.");

    const kindless = await one({ type: 'rules', rules: ['objective-missing'] }, ['docs/spec.md']);
    assert.equal(kindless.status, 'skipped');
    assert.match(kindless.message, /docs\/spec\.md \(the rule does not apply to files of no kind; set `kind`\)/);
    const asPrompt = await one({ type: 'rules', rules: ['objective-missing'], kind: 'prompt' }, ['docs/spec.md']);
    assert.equal(asPrompt.status, 'fail', asPrompt.message);

    const unknown = await one({ type: 'rules', rules: ['no-such-rule'] }, ['docs/spec.md']);
    assert.deepEqual([unknown.status, unknown.message], ['error', "Unknown rule 'no-such-rule': the config defines no such rule."]);
  });

  it('says which outputs it could not read, and skips when it read none', async () => {
    const r = await run([{ id: 'p', text: 'P', auto: { type: 'no-placeholders' } }], [], {
      outputs: [{ path: path.join(root, 'image.png'), text: undefined }, output('src/clean.ts')],
    });
    assert.equal(r[0]?.status, 'pass');
    assert.equal(r[0]?.message, 'No placeholders left in 1 file. Not checked: image.png (not a readable text file).');
    const none = await run([{ id: 'p', text: 'P', auto: { type: 'no-placeholders' } }], [], { outputs: [{ path: path.join(root, 'image.png'), text: undefined }] });
    assert.equal(none[0]?.status, 'skipped');
  });

  describe('command', () => {
    it('passes on exit 0, in the repository root, with the outputs in its environment, and shows its output', async () => {
      const r = await one({ type: 'command', command: `${NODE} -e "console.log(process.cwd()); console.log(process.env.PROMPTCOACH_OUTPUTS)"` }, ['src/clean.ts', 'docs/spec.md']);
      assert.equal(r.status, 'pass', r.message);
      assert.match(r.message, /exited with 0\.$/);
      assert.equal(r.output, `${root}\nsrc/clean.ts\ndocs/spec.md\n`);
    });

    it('fails on another exit code, with stdout and stderr', async () => {
      const r = await one({ type: 'command', command: `${NODE} -e "console.log('3 tests'); console.error('1 failed'); process.exit(3)"` }, ['src/clean.ts']);
      assert.equal(r.status, 'fail');
      assert.match(r.message, /exited with 3\.$/);
      assert.match(r.output ?? '', /3 tests\n[\s\S]*1 failed/);
    });

    it('errors after its timeout and kills the whole process group', async function () {
      if (process.platform === 'win32') this.skip();
      fs.rmSync(path.join(root, 'grandchild.pid'), { force: true });
      const started = Date.now();
      const r = await one({ type: 'command', command: `${NODE} hang.js`, timeout: 0.5 }, ['src/clean.ts']);
      const took = Date.now() - started;
      assert.equal(r.status, 'error');
      assert.match(r.message, /^Timed out after 0\.5 s: `.*hang\.js` was stopped\.$/);
      assert.equal(r.output, 'started\n');
      assert.ok(took < 5000, `it returned promptly (${took} ms)`);
      const grandchild = Number(fs.readFileSync(path.join(root, 'grandchild.pid'), 'utf8'));
      // Gone, or a zombie nobody reaps (PID 1 in a container may not): either way no longer running.
      const alive = () => {
        try {
          process.kill(grandchild, 0);
        } catch {
          return false;
        }
        const stat = fs.readFileSync(`/proc/${grandchild}/stat`, { encoding: 'utf8', flag: 'r' }).toString();
        return !/^\d+ \(.*\) Z/.test(stat);
      };
      for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(alive(), false, 'the grandchild was killed with the group');
    });

    it('keeps the head and the tail of long output, within 64 KiB', async () => {
      const r = await one({ type: 'command', command: `${NODE} loud.js` }, ['src/clean.ts']);
      assert.equal(r.status, 'pass');
      assert.ok((r.output?.length ?? 0) <= 64 * 1024, String(r.output?.length));
      assert.match(r.output ?? '', /^o+\n… \d+ characters cut …\no+\nlast words\n$/);
    });

    it('is skipped in an untrusted workspace, and without a runner, never run', async () => {
      const calls: CommandRequest[] = [];
      const spy: CommandRunner = async (request) => {
        calls.push(request);
        return { exitCode: 0, signal: null, output: '', timedOut: false };
      };
      const r = await one({ type: 'command', command: 'npm test' }, ['src/clean.ts'], { trusted: false, runCommand: spy });
      assert.equal(r.status, 'skipped');
      assert.equal(r.message, 'Not run: commands run only in a trusted workspace. Trust the workspace to run `npm test`.');
      assert.deepEqual(calls, []);
      const norunner = await runAutoChecks({
        checklist: checklist([{ id: 'c', text: 'C', auto: { type: 'command', command: 'npm test' } }]),
        outputs: [output('src/clean.ts')],
        root,
        config: resolver.forFile(path.join(root, 'src/clean.ts')),
        host: nodeHost,
        trusted: true,
      });
      assert.equal(norunner[0]?.status, 'skipped');
      await one({ type: 'command', command: 'npm test', timeout: 7 }, ['src/clean.ts'], { runCommand: spy });
      assert.deepEqual(calls, [{ command: 'npm test', cwd: root, timeoutMs: 7000, env: { PROMPTCOACH_OUTPUTS: 'src/clean.ts', PROMPTCOACH_CHECKLIST: 'test' } }]);
    });

    it('reports a command that cannot start as an error', async () => {
      const failing: CommandRunner = async () => ({ exitCode: null, signal: null, output: '', timedOut: false, error: 'spawn /bin/sh ENOENT' });
      const r = await one({ type: 'command', command: 'x' }, ['src/clean.ts'], { runCommand: failing });
      assert.deepEqual([r.status, r.message], ['error', 'Could not run `x`: spawn /bin/sh ENOENT.']);
      const throwing: CommandRunner = async () => {
        throw new Error('boom');
      };
      const t = await one({ type: 'command', command: 'x' }, ['src/clean.ts'], { runCommand: throwing });
      assert.deepEqual([t.status, t.message], ['error', 'The check failed to run: boom.']);
    });
  });
});
