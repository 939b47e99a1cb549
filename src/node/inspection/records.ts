/**
 * Inspection records on disk: `.promptcoach/inspections/YYYY-MM.jsonl` in the repository, one JSON
 * line per decision, committed with the work.
 *
 * Appending is crash-safe and safe between processes:
 *
 * - Writers take an exclusive lock, `.promptcoach/inspections/.lock`, created with O_EXCL. It holds
 *   the writer's pid, host and a random token; a lock whose process is gone (same host) or that is
 *   older than `staleMs` is broken by renaming it away first, so two writers cannot both break it.
 * - Under the lock, the line goes out in one `write()` on a descriptor opened with O_APPEND, then
 *   `fsync`. Even without the lock, O_APPEND makes each write land whole at the end of the file.
 * - A crash mid-write leaves at most one torn last line. The next writer sees that the file does
 *   not end in a newline and starts its line with one, so the torn text stays one malformed line
 *   (which `readRecords` reports by number) and never merges with a good record.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INSPECTIONS_DIR, InspectionRecordSchema, parseRecordLines, recordFileName, type InspectionRecord, type RecordProblem } from '../../core/inspection/record';

export const LOCK_NAME = '.lock';

export interface AppendOptions {
  /** A lock older than this is taken to be left by a crashed writer (default 10 s). */
  staleMs?: number;
  /** Give up waiting for the lock after this long (default 15 s). */
  timeoutMs?: number;
  /**
   * Writes the line; default one `fs.writeSync` (one `write()` system call). Tests replace it to
   * interrupt a writer half way.
   */
  write?: (fd: number, data: Buffer) => number;
}

/** Absolute path of the records folder of a repository. */
export function recordsDir(root: string): string {
  return path.join(root, ...INSPECTIONS_DIR.split('/'));
}

/**
 * Validates the record and appends it as one line to its month's file; returns that file's
 * absolute path. Throws (nothing written) when the record is invalid or the lock cannot be had.
 */
export async function appendRecord(root: string, record: InspectionRecord, options: AppendOptions = {}): Promise<string> {
  const parsed = InspectionRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid inspection record${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'unknown problem'}`);
  }
  const dir = recordsDir(root);
  ensureDir(dir);
  const file = path.join(dir, recordFileName(record.time));
  const line = JSON.stringify(record);
  await withLock(dir, options, () => appendLine(file, line, options.write ?? ((fd, data) => fs.writeSync(fd, data))));
  return file;
}

function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  // The lock is transient: keep it out of commits.
  const ignoreFile = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignoreFile)) {
    try {
      fs.writeFileSync(ignoreFile, `${LOCK_NAME}\n${LOCK_NAME}.*\n`, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function appendLine(file: string, line: string, write: (fd: number, data: Buffer) => number): void {
  const fd = fs.openSync(file, 'a+'); // O_APPEND | O_CREAT | O_RDWR
  try {
    const size = fs.fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n'; // a torn earlier write: keep it on its own line
    }
    const data = Buffer.from(`${prefix}${line}\n`, 'utf8');
    const written = write(fd, data);
    if (written !== data.length) {
      throw new Error(`Wrote only ${written} of ${data.length} bytes to ${file} (disk full?); the partial line is reported as malformed and the next record starts on a new line`);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

// ───────────────────────── the lock ─────────────────────────

/** How long an empty lock file may exist before it counts as abandoned. */
const EMPTY_LOCK_GRACE_MS = 1000;

async function withLock<T>(dir: string, options: AppendOptions, fn: () => T): Promise<T> {
  const lockPath = path.join(dir, LOCK_NAME);
  const staleMs = options.staleMs ?? 10_000;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const token = `${process.pid} ${os.hostname()} ${randomUUID()}`;
  let delay = 1;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx'); // O_CREAT | O_EXCL | O_WRONLY
      try {
        fs.writeSync(fd, token);
      } finally {
        fs.closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${lockPath}: another Prompt Coach is writing a record. If none is, delete the file.`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 8);
  }
  try {
    return fn();
  } finally {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === token) fs.unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}

/** Removes the lock when its writer is gone or it is older than `staleMs`; true when it did. */
function breakIfStale(lockPath: string, staleMs: number): boolean {
  let content: string;
  let age: number;
  try {
    content = fs.readFileSync(lockPath, 'utf8');
    age = Date.now() - fs.statSync(lockPath).mtimeMs;
  } catch {
    return true; // released meanwhile: try again
  }
  const [pid, host] = content.split(' ');
  const dead = host === os.hostname() && pid !== undefined && /^\d+$/.test(pid) && !isAlive(Number(pid));
  // A writer fills in its token right after creating the lock: an empty lock a second old belongs
  // to a writer killed in between.
  const orphaned = content === '' && age >= EMPTY_LOCK_GRACE_MS;
  if (!dead && !orphaned && age < staleMs) return false;
  // Rename, then check it is the lock judged stale: never delete a lock another writer just took.
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return true;
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== content) {
      try {
        fs.linkSync(aside, lockPath); // put the fresh lock back, unless yet another writer holds one now
      } catch {
        /* a newer lock exists; ours was one of two and O_APPEND keeps the lines whole anyway */
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return true;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ───────────────────────── reading ─────────────────────────

/**
 * Every record in the repository's records folder (`*.jsonl`, files in name order, lines in
 * order), and every line that is not a valid record, by file and line number.
 */
export function readRecords(root: string): { records: InspectionRecord[]; problems: RecordProblem[] } {
  const dir = recordsDir(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
  } catch {
    return { records: [], problems: [] };
  }
  const records: InspectionRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const name of names) {
    const rel = `${INSPECTIONS_DIR}/${name}`;
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, name), 'utf8');
    } catch (error) {
      problems.push({ file: rel, line: 0, message: `Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      continue;
    }
    const parsed = parseRecordLines(text, rel);
    records.push(...parsed.records);
    problems.push(...parsed.problems);
  }
  return { records, problems };
}
