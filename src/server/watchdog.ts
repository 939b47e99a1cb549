/**
 * The watchdog for a rule that never returns. A rule that is slow but finishes is paused by its time
 * budget (`RuleBudget`); one caught in a loop holds the server's only thread, where nothing can stop
 * it. So a worker thread watches a heartbeat the server writes around each rule: when one rule has
 * run for `hangMs`, it writes the rule and the file to a marker next to the workspace's others in the
 * temporary folder and kills the process. The client starts the server again (as after any crash),
 * and the new server reads the marker and starts with that rule paused for that file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** A rule that hung on a file and was stopped, as the marker records it. */
export interface HungRule {
  path: string;
  ruleId: string;
  ms: number;
}

/** Where the watchdog of a server for these workspace folders records the rules it stopped. */
export function hungRulesFile(folders: readonly string[]): string {
  const key = createHash('sha256').update([...folders].sort().join('\n')).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'prompt-coach', `hung-rules-${key}.json`);
}

/** The rules the last server for these folders stopped, and the marker removed: each is paused once. */
export function takeHungRules(file: string): HungRule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
    fs.rmSync(file, { force: true });
  } catch {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (e): e is HungRule => typeof e === 'object' && e !== null && typeof e.path === 'string' && typeof e.ruleId === 'string' && typeof e.ms === 'number',
    );
  } catch {
    return [];
  }
}

/**
 * Heartbeat layout: [when the running rule started (tenths of a second after `base`, +1; 0: none: an
 * Int32 of milliseconds would run out after 24 days), length of its label, hangMs].
 */
const HEADER = 3;
const LABEL_BYTES = 8192;

/** The worker: reads the heartbeat twice a second; past `hangMs`, records the rule and kills the process. */
const WATCHER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { buffer, base, file, header } = workerData;
const state = new Int32Array(buffer, 0, header);
const label = new Uint8Array(buffer, header * 4);
setInterval(() => {
  const started = Atomics.load(state, 0);
  const hangMs = Atomics.load(state, 2);
  if (started === 0) return;
  const ms = Date.now() - base - (started - 1) * 100;
  if (ms < hangMs) return;
  const [ruleId, ...rest] = new TextDecoder().decode(label.slice(0, Atomics.load(state, 1))).split('\\n');
  let entries = [];
  try { entries = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
  if (!Array.isArray(entries)) entries = [];
  entries.push({ path: rest.join('\\n'), ruleId, ms });
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = file + '.' + process.pid + '.tmp';
    fs.writeFileSync(tmp, JSON.stringify(entries));
    fs.renameSync(tmp, file);
  } catch {}
  process.kill(process.pid, 'SIGKILL');
}, 500);
`;

export class RuleWatchdog {
  private readonly state: Int32Array;
  private readonly label: Uint8Array;
  private readonly base = Date.now();
  private readonly encoder = new TextEncoder();
  private readonly worker: Worker;

  constructor(file: string, hangMs: number) {
    const buffer = new SharedArrayBuffer(HEADER * 4 + LABEL_BYTES);
    this.state = new Int32Array(buffer, 0, HEADER);
    this.label = new Uint8Array(buffer, HEADER * 4);
    this.setHangMs(hangMs);
    this.worker = new Worker(WATCHER, { eval: true, workerData: { buffer, base: this.base, file, header: HEADER } });
    // The watchdog must not keep the server alive, nor take it down if it fails itself.
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  setHangMs(ms: number): void {
    Atomics.store(this.state, 2, ms);
  }

  /** A rule starts on a file (`ruleId` set) or the one running ended (undefined). */
  beat(ruleId: string | undefined, filePath: string): void {
    if (ruleId === undefined) {
      Atomics.store(this.state, 0, 0);
      return;
    }
    const { written } = this.encoder.encodeInto(`${ruleId}\n${filePath}`, this.label);
    Atomics.store(this.state, 1, written);
    Atomics.store(this.state, 0, Math.floor((Date.now() - this.base) / 100) + 1);
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
