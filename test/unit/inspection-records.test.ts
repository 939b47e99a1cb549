import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toChecklist } from '../../src/core/config/merge';
import {
  decisionProblems,
  InspectionRecordSchema,
  parseRecordLines,
  recordFileName,
  truncateMiddle,
  type InspectionRecord,
  type ItemVerdict,
} from '../../src/core/inspection/record';
import { OUTPUT_REVIEW } from '../../src/core/inspection/recommended';
import { newRecord, RecordError } from '../../src/node/inspection/record';
import { appendRecord, LOCK_NAME, readRecords, recordsDir } from '../../src/node/inspection/records';
import { sampleRecord, tempDir } from '../helpers/inspection';

const ROOT = path.resolve(__dirname, '../..');
const WRITER = path.join(ROOT, 'test/helpers/inspection-writer.ts');
const checklist = toChecklist({ checklist: OUTPUT_REVIEW, ruleRefs: [] }, 'promptcoach:recommended');
const allPass = (): ItemVerdict[] => checklist.items.map((i) => ({ id: i.id, verdict: 'pass', note: '' }));

/** Runs the writer helper in its own Node process (tsx loads the TypeScript). */
function writer(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

function printed(child: ReturnType<typeof writer>, word: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(word)) resolve();
    });
    child.on('exit', () => reject(new Error(`the writer exited before printing '${word}'`)));
  });
}

function waitExit(child: ReturnType<typeof writer>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('inspection records', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('the schema', () => {
    it('accepts a complete record and rejects each kind of damage with a located message', () => {
      assert.ok(InspectionRecordSchema.safeParse(sampleRecord()).success);
      const bad = (over: Record<string, unknown>) => {
        const r = InspectionRecordSchema.safeParse({ ...sampleRecord(), ...over });
        assert.equal(r.success, false, JSON.stringify(over));
        return r.error?.issues[0];
      };
      assert.match(bad({ schemaVersion: 2 })?.message ?? '', /expected 1 \(a newer Prompt Coach/);
      assert.deepEqual(bad({ outputs: [{ path: '../x', sha256: 'a'.repeat(64) }] })?.path, ['outputs', 0, 'path']);
      assert.deepEqual(bad({ outputs: [{ path: 'C:\\x', sha256: 'a'.repeat(64) }] })?.path, ['outputs', 0, 'path']);
      assert.deepEqual(bad({ outputs: [{ path: 'x', sha256: 'ABC' }] })?.path, ['outputs', 0, 'sha256']);
      assert.deepEqual(bad({ outputs: [] })?.path, ['outputs']);
      assert.deepEqual(bad({ decision: 'maybe' })?.path, ['decision']);
      assert.deepEqual(bad({ items: [{ id: 'a', verdict: 'ok', note: '' }] })?.path, ['items', 0, 'verdict']);
      assert.deepEqual(bad({ time: 'yesterday' })?.path, ['time']);
      assert.deepEqual(bad({ id: 'not-a-uuid' })?.path, ['id']);
      assert.deepEqual(bad({ reviewer: { name: ' ', email: '' } })?.path, ['reviewer', 'name']);
    });

    it('files records by month in UTC', () => {
      assert.equal(recordFileName('2025-06-30T23:30:00-02:00'), '2025-07.jsonl');
      assert.equal(recordFileName('2025-01-01T00:00:00.000Z'), '2025-01.jsonl');
    });

    it('reports each malformed line by number and keeps every valid record', () => {
      const good = JSON.stringify(sampleRecord());
      const text = [good, '{"schemaVersion": 1, "id": "x"', '', JSON.stringify({ ...sampleRecord(), decision: 'maybe' }), good, '{"torn": "wri'].join('\n');
      const { records, problems } = parseRecordLines(text, '.promptcoach/inspections/2025-06.jsonl');
      assert.equal(records.length, 2);
      assert.deepEqual(
        problems.map((p) => p.line),
        [2, 4, 6],
      );
      assert.match(problems[0]?.message ?? '', /^Unexpected text '\{"schemaVersion": 1, "id": "x"', expected one JSON record per line/);
      assert.match(problems[1]?.message ?? '', /^Unexpected 'maybe', expected 'accepted' or 'rejected' at decision; the record is ignored$/);
      assert.match(problems[2]?.message ?? '', /^Unexpected end of the file inside a record.*interrupted/);
      assert.equal(problems[0]?.file, '.promptcoach/inspections/2025-06.jsonl');
    });

    it('cuts long output in the middle, keeping more of the tail', () => {
      const text = `${'a'.repeat(5000)}${'b'.repeat(5000)}`;
      const cut = truncateMiddle(text, 1000);
      assert.ok(cut.length <= 1000, String(cut.length));
      assert.match(cut, /^a+\n… \d+ characters cut …\nb+$/);
      assert.ok(cut.indexOf('…') < 300);
      assert.equal(truncateMiddle('short', 1000), 'short');
    });
  });

  describe('decisions', () => {
    it('accepts when every item is answered and required items pass', () => {
      assert.deepEqual(decisionProblems(checklist, allPass(), 'accepted', ''), []);
    });

    it('needs a verdict for every item, known ids once, a note on a fail and on a required na', () => {
      const items = allPass().slice(1);
      items[0] = { id: 'complete', verdict: 'fail', note: '' };
      items[1] = { id: 'facts-real', verdict: 'na', note: ' ' };
      items.push({ id: 'nope', verdict: 'pass', note: '' }, { id: 'within-scope', verdict: 'pass', note: '' });
      assert.deepEqual(decisionProblems(checklist, items, 'accepted', ''), [
        "Unexpected item 'nope', expected one of checklist 'output-review': objective-met, complete, facts-real, within-scope, format-as-asked, no-secrets, checks-pass",
        "Unexpected second verdict for item 'within-scope', expected one",
        "Missing verdict for item 'objective-met', expected 'pass', 'fail' or 'na'",
        "Missing note on item 'complete' marked 'fail', expected what is wrong",
        "Unexpected 'fail' on required item 'complete' in an acceptance, expected 'pass' or 'na': reject the output instead",
        "Missing note on required item 'facts-real' marked 'na', expected why it does not apply",
      ]);
    });

    it('lets an optional item fail in an acceptance, and needs a reason to reject', () => {
      const optional = { ...checklist, items: checklist.items.map((i) => (i.id === 'checks-pass' ? { ...i, required: false } : i)) };
      const items = allPass().map((i) => (i.id === 'checks-pass' ? { ...i, verdict: 'fail' as const, note: 'flaky e2e suite' } : i));
      assert.deepEqual(decisionProblems(optional, items, 'accepted', ''), []);
      assert.deepEqual(decisionProblems(checklist, allPass(), 'rejected', '  '), [
        'Missing reason for the rejection, expected what must change before the output can be accepted',
      ]);
    });

    it('newRecord hashes the files, orders the items, cuts command output and validates', () => {
      const root = fresh();
      fs.mkdirSync(path.join(root, 'src'));
      fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export const a = 1;\n');
      fs.writeFileSync(path.join(root, 'task.prompt.md'), '# Objective\n');
      const record = newRecord({
        root,
        checklist,
        outputs: [path.join(root, 'src', 'a.ts'), path.join(root, 'src', 'a.ts')],
        prompt: path.join(root, 'task.prompt.md'),
        items: [...allPass()].reverse(),
        decision: 'accepted',
        reason: '',
        reviewer: { name: ' Ada ', email: 'ada@example.com' },
        auto: [{ itemId: 'checks-pass', type: 'command', status: 'pass', message: 'ok', findings: [], output: 'z'.repeat(100_000) }],
        toolVersion: '1.2.3',
        time: new Date('2025-06-01T10:00:00Z'),
      });
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      assert.deepEqual(record.outputs, [{ path: 'src/a.ts', sha256: sha('export const a = 1;\n') }], 'one entry per file, hashed');
      assert.equal(record.prompt?.path, 'task.prompt.md');
      assert.deepEqual(record.items.map((i) => i.id), checklist.items.map((i) => i.id));
      assert.equal(record.reviewer.name, 'Ada');
      assert.equal(record.time, '2025-06-01T10:00:00.000Z');
      assert.ok((record.auto[0]?.output?.length ?? 0) <= 8 * 1024);
      assert.deepEqual(record.tool, { name: 'prompt-coach', version: '1.2.3' });
      assert.throws(
        () => newRecord({ root, checklist, outputs: [path.join(root, 'src', 'a.ts')], items: allPass(), decision: 'rejected', reason: '', reviewer: { name: '', email: '' }, auto: [], toolVersion: '1' }),
        (e: unknown) => e instanceof RecordError && e.problems.length === 2,
      );
      assert.throws(
        () => newRecord({ root, checklist, outputs: [path.join(path.dirname(root), 'elsewhere.ts')], items: allPass(), decision: 'accepted', reason: '', reviewer: { name: 'A', email: '' }, auto: [], toolVersion: '1' }),
        /expected one inside the repository/,
      );
    });
  });

  describe('appending and reading', () => {
    it('appends one line per record to the month file, ignores its lock in git, and reads them back', async () => {
      const root = fresh();
      const a = sampleRecord({ time: '2025-06-01T00:00:00.000Z' });
      const b = sampleRecord({ time: '2025-07-02T00:00:00.000Z', decision: 'rejected', reason: 'Line one\nline two "quoted"' });
      const c = sampleRecord({ time: '2025-06-03T00:00:00.000Z' });
      assert.equal(await appendRecord(root, a), path.join(recordsDir(root), '2025-06.jsonl'));
      await appendRecord(root, b);
      await appendRecord(root, c);
      const june = fs.readFileSync(path.join(recordsDir(root), '2025-06.jsonl'), 'utf8');
      assert.equal(june.split('\n').length, 3, 'two lines and the final newline');
      assert.ok(june.endsWith('\n'));
      assert.equal(fs.readFileSync(path.join(recordsDir(root), '.gitignore'), 'utf8'), `${LOCK_NAME}\n${LOCK_NAME}.*\n`);
      assert.ok(!fs.existsSync(path.join(recordsDir(root), LOCK_NAME)), 'the lock is released');
      const read = readRecords(root);
      assert.deepEqual(read.problems, []);
      assert.deepEqual(read.records.map((r) => r.id), [a.id, c.id, b.id]);
      assert.equal(read.records[2]?.reason, 'Line one\nline two "quoted"');
    });

    it('refuses an invalid record and writes nothing', async () => {
      const root = fresh();
      await assert.rejects(appendRecord(root, { ...sampleRecord(), decision: 'maybe' } as unknown as InspectionRecord), /Invalid inspection record at decision/);
      assert.deepEqual(readRecords(root), { records: [], problems: [] });
    });

    it('starts on a new line after a torn last line, so it stays one malformed line', async () => {
      const root = fresh();
      await appendRecord(root, sampleRecord());
      fs.appendFileSync(path.join(recordsDir(root), '2025-06.jsonl'), '{"schemaVersion":1,"id":"half');
      const later = sampleRecord({ reason: 'after the crash' });
      await appendRecord(root, later);
      const { records, problems } = readRecords(root);
      assert.deepEqual(records.map((r) => r.reason), ['', 'after the crash']);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.line, 2);
    });

    it('breaks a lock left by a process that is gone, and waits for a live one', async () => {
      const root = fresh();
      fs.mkdirSync(recordsDir(root), { recursive: true });
      const lock = path.join(recordsDir(root), LOCK_NAME);
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      fs.writeFileSync(lock, `${dead.stdout} ${os.hostname()} token`);
      await appendRecord(root, sampleRecord());
      assert.equal(readRecords(root).records.length, 1);
      // A lock held by this (live) process and fresh: the writer waits and gives up.
      fs.writeFileSync(lock, `${process.pid} ${os.hostname()} held`);
      await assert.rejects(appendRecord(root, sampleRecord(), { timeoutMs: 200 }), /Timed out waiting for .*\.lock/);
      // The same lock, older than staleMs: broken.
      await appendRecord(root, sampleRecord(), { staleMs: 0 });
      assert.equal(readRecords(root).records.length, 2);
    });

    it('a writer killed in the middle of a write leaves every complete record readable, the torn line reported, and later appends intact', async () => {
      const root = fresh();
      const result = await waitExit(writer([root, 'torn', '3', 'before']));
      assert.equal(result.signal, 'SIGKILL', `the writer died by SIGKILL (stderr: ${result.stderr})`);
      const file = path.join(recordsDir(root), '2025-06.jsonl');
      const size = fs.statSync(file).size;
      assert.ok(size > 500_000, `half of a 1 MiB line was written (${size} bytes)`);
      assert.ok(fs.existsSync(path.join(recordsDir(root), LOCK_NAME)), 'the dead writer left its lock');

      let { records, problems } = readRecords(root);
      assert.deepEqual(records.map((r) => r.reason), ['before 0', 'before 1', 'before 2']);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.line, 4);
      assert.match(problems[0]?.message ?? '', /interrupted/);

      const after = sampleRecord({ reason: 'after' });
      await appendRecord(root, after, { timeoutMs: 5000 });
      ({ records, problems } = readRecords(root));
      assert.deepEqual(records.map((r) => r.reason), ['before 0', 'before 1', 'before 2', 'after']);
      assert.deepEqual(records[3], after);
      assert.equal(problems.length, 1, 'still exactly one malformed line');
      assert.equal(problems[0]?.line, 4);
    });

    it('a writer SIGKILLed at an arbitrary moment loses at most the line it was writing', async function () {
      const root = fresh();
      const child = writer([root, 'loop', '0', 'loop', String(256 * 1024)]);
      const exited = waitExit(child);
      await printed(child, 'ready');
      await new Promise((r) => setTimeout(r, 150));
      child.kill('SIGKILL');
      await exited;
      let { records, problems } = readRecords(root);
      assert.ok(records.length >= 1);
      assert.ok(problems.length <= 1, JSON.stringify(problems));
      const reasons = records.map((r) => Number(r.reason.split(' ')[1]));
      assert.deepEqual(reasons, reasons.map((_, i) => i), 'no complete record is lost or reordered');
      await appendRecord(root, sampleRecord({ reason: 'after' }), { timeoutMs: 5000 });
      const before = records.length;
      ({ records, problems } = readRecords(root));
      assert.equal(records.length, before + 1);
      assert.equal(records.at(-1)?.reason, 'after');
      assert.ok(problems.length <= 1);
    });

    it('two processes appending 200 records each at once leave 400 whole lines', async () => {
      const root = fresh();
      const go = path.join(root, 'go');
      const children = ['A', 'B'].map((tag) => writer([root, 'append', '200', tag], { START_FILE: go }));
      const exits = children.map(waitExit);
      await Promise.all(children.map((c) => printed(c, 'waiting')));
      fs.writeFileSync(go, '');
      const [a, b] = (await Promise.all(exits)) as [Awaited<(typeof exits)[0]>, Awaited<(typeof exits)[0]>];
      assert.equal(a.code, 0, a.stderr);
      assert.equal(b.code, 0, b.stderr);
      const text = fs.readFileSync(path.join(recordsDir(root), '2025-06.jsonl'), 'utf8');
      assert.equal(text.split('\n').length, 401);
      const { records, problems } = readRecords(root);
      assert.deepEqual(problems, []);
      assert.equal(records.length, 400);
      for (const tag of ['A', 'B']) {
        const mine = records.filter((r) => r.reason.startsWith(`${tag} `)).map((r) => Number(r.reason.split(' ')[1]));
        assert.deepEqual(mine, [...Array(200).keys()], `${tag}'s records are all there, in its order`);
      }
      assert.equal(new Set(records.map((r) => r.id)).size, 400);
      const switches = records.filter((r, i) => i > 0 && r.reason[0] !== records[i - 1]?.reason[0]).length;
      const [wa, wb] = [a, b].map((r) => (/window (\d+) (\d+)/.exec(r.stdout) ?? []).slice(1).map(Number)) as [[number, number], [number, number]];
      const windows = [wa, wb];
      const overlap = Math.min(wa[1], wb[1]) - Math.max(wa[0], wb[0]);
      assert.ok(overlap > 0, `the two writers were writing at the same time (windows ${JSON.stringify(windows)}; lines alternate ${switches} times)`);
    });
  });
});
