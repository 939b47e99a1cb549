/**
 * The language server's watchdog (src/server/watchdog.ts) in real processes: one whose main thread
 * is caught in a loop inside a rule is killed and leaves a marker naming the rule and the file; one
 * whose rules return is left alone.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hungRulesFile, takeHungRules } from '../../src/server/watchdog';

const WATCHDOG = path.resolve(__dirname, '../../src/server/watchdog.ts');

/** Runs `body` in a node process with a watchdog `dog` (hang after 600 ms) writing to `marker`; how it ended. */
function runWith(marker: string, body: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-watchdog-'));
  const script = path.join(dir, 'main.mts');
  fs.writeFileSync(script, `import { RuleWatchdog } from ${JSON.stringify(WATCHDOG)};\nconst dog = new RuleWatchdog(${JSON.stringify(marker)}, 600);\n${body}\n`);
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore' });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, ms: Date.now() - started });
    }),
  );
}

describe('rule watchdog', function () {
  this.timeout(60_000);
  const folders = [fs.mkdtempSync(path.join(os.tmpdir(), 'prompt-coach-ws-'))];
  const marker = hungRulesFile(folders);
  afterEach(() => fs.rmSync(marker, { force: true }));
  after(() => fs.rmSync(folders[0] as string, { recursive: true, force: true }));

  it('keeps one marker per set of workspace folders, in any order', () => {
    assert.equal(hungRulesFile(['/a', '/b']), hungRulesFile(['/b', '/a']));
    assert.notEqual(hungRulesFile(['/a']), hungRulesFile(['/b']));
    assert.equal(path.dirname(hungRulesFile(['/a'])), path.join(os.tmpdir(), 'prompt-coach'));
  });

  it('kills a process whose rule never returns, and records the rule and the file', async () => {
    const ended = await runWith(marker, `dog.beat('vague-language', '/ws/a file.prompt.md');\nfor (;;) {}`);
    assert.equal(ended.signal, 'SIGKILL');
    const hung = takeHungRules(marker);
    assert.equal(hung.length, 1);
    assert.equal(hung[0]?.ruleId, 'vague-language');
    assert.equal(hung[0]?.path, '/ws/a file.prompt.md');
    assert.ok((hung[0]?.ms ?? 0) >= 600, JSON.stringify(hung));
    // Taken once: the next server starts clean.
    assert.ok(!fs.existsSync(marker));
    assert.deepEqual(takeHungRules(marker), []);
  });

  it('adds to the marker a server before it left, and leaves a process alone whose rules return', async () => {
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, JSON.stringify([{ path: '/ws/b.md', ruleId: 'say-use', ms: 12_000 }]));
    await runWith(marker, `dog.beat('shouting-overuse', '/ws/c.md');\nfor (;;) {}`);
    assert.deepEqual(takeHungRules(marker).map((h) => h.ruleId), ['say-use', 'shouting-overuse']);

    // Busy for longer than the limit in all, but each rule returns in time.
    const ended = await runWith(
      marker,
      `for (let i = 0; i < 6; i++) { dog.beat('r' + i, '/ws/d.md'); const until = Date.now() + 200; while (Date.now() < until); dog.beat(undefined, '/ws/d.md'); }\nawait new Promise((r) => setTimeout(r, 1200));`,
    );
    assert.equal(ended.code, 0);
    assert.ok(!fs.existsSync(marker));
  });

  it('reads a broken marker as none', () => {
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, '{ not json');
    assert.deepEqual(takeHungRules(marker), []);
    fs.writeFileSync(marker, JSON.stringify([{ path: 1 }, { path: '/x', ruleId: 'r', ms: 5 }]));
    assert.deepEqual(takeHungRules(marker), [{ path: '/x', ruleId: 'r', ms: 5 }]);
  });
});
