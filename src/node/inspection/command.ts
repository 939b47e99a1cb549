/**
 * Runs a checklist's `command` check: the platform shell, in the repository root, its stdout and
 * stderr collected together (head and tail kept when long). On timeout the whole process group
 * is killed, so a test runner's children do not outlive it.
 */
import { spawn } from 'node:child_process';
import { OUTPUT_LIMIT } from '../../core/inspection/record';
import type { CommandOutcome, CommandRequest, CommandRunner } from '../../core/inspection/auto';

/**
 * Keeps the start and the end of a stream of chunks within `limit` characters, marker included
 * (a quarter for the start, the rest for the end, which says most), counting what it drops.
 */
class HeadTail {
  private head = '';
  private tail = '';
  private dropped = 0;
  private readonly headMax: number;
  private readonly tailMax: number;
  constructor(limit: number) {
    const room = limit - 64; // the marker
    this.headMax = Math.floor(room / 4);
    this.tailMax = room - this.headMax;
  }

  push(chunk: string): void {
    if (this.head.length < this.headMax) {
      const take = chunk.slice(0, this.headMax - this.head.length);
      this.head += take;
      chunk = chunk.slice(take.length);
    }
    if (!chunk) return;
    this.tail += chunk;
    if (this.tail.length > this.tailMax) {
      this.dropped += this.tail.length - this.tailMax;
      this.tail = this.tail.slice(this.tail.length - this.tailMax);
    }
  }

  text(): string {
    return this.dropped ? `${this.head}\n… ${this.dropped} characters cut …\n${this.tail}` : this.head + this.tail;
  }
}

export const nodeCommandRunner: CommandRunner = (request: CommandRequest) =>
  new Promise<CommandOutcome>((resolve) => {
    const output = new HeadTail(OUTPUT_LIMIT);
    const windows = process.platform === 'win32';
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(request.command, {
        cwd: request.cwd,
        shell: true,
        env: { ...process.env, ...request.env },
        // Its own process group, so a timeout can kill everything it started.
        detached: !windows,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      resolve({ exitCode: null, signal: null, output: '', timedOut: false, error: error instanceof Error ? error.message : String(error) });
      return;
    }
    let timedOut = false;
    let settled = false;
    const finish = (outcome: CommandOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const killGroup = () => {
      try {
        if (!windows && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      // A grandchild that left the group may hold the pipes open: do not wait for them.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish({ exitCode: null, signal: 'SIGKILL', output: output.text(), timedOut: true });
      }, 2000).unref();
    }, request.timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => output.push(d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => output.push(d));
    child.on('error', (error) => finish({ exitCode: null, signal: null, output: output.text(), timedOut: false, error: error.message }));
    child.on('close', (code, signal) => {
      // Leave nothing of the group behind (background jobs the command started).
      if (!windows && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* the group is gone */
        }
      }
      finish({ exitCode: timedOut ? null : code, signal: signal ?? (timedOut ? 'SIGKILL' : null), output: output.text(), timedOut });
    });
  });
