/**
 * Suite `keystroke`: how long after a keystroke the editor has the new diagnostics, through the
 * real language server (dist/server.cjs over stdio, JSON-RPC), on the corpus files of median,
 * 99th-percentile and largest size among those Prompt Coach checks. Issue #8's targets: p99 under
 * 16 ms on the p99-sized file and under 50 ms on the largest.
 *
 * Each file is copied (at its corpus path, so it keeps its kind) into a workspace of its own with
 * the default config. Per run, one server; each file is first typed in untimed (a warm server),
 * then per file: open it (the anchor: a whole analysis, what every keystroke
 * would cost without incremental re-analysis), then type a few characters at several places, one
 * `didChange` at a time (incremental sync, as VS Code sends it), each timed from sending the change
 * to receiving the diagnostics of that version. The server's typing debounce is set to 0, so
 * the figure is the analysis and the round trip, not a wait.
 *
 * Each run's p99 is of 200 keystrokes a file: of fewer it is the single slowest one (of 48, as
 * this suite once typed, one collection of garbage landing on a keystroke decided the figure).
 *
 * Options: --keystrokes N (per file and run, default 200), --seed N, --no-build.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { DEFAULT_FILES, kindMatcher } from '../../src/core/kinds';
import { LineIndex } from '../../src/core/text';
import { SERVER_EXEC_ARGV } from '../../src/extension/serverProcess';
import { ROOT } from '../root';
import { CpuWatch, optionValue, type Measurement, type Suite, type SuiteContext, type SuiteResult } from './harness';
import { allFiles } from './corpus';
import { ensureBuilt } from './history';
import { Random } from './random';

const CORPUS = path.resolve(ROOT, '../shared/corpus');
const SERVER = path.join(ROOT, 'dist', 'server.cjs');
const P99_FILE_LIMIT_MS = 16;
const LARGEST_FILE_LIMIT_MS = 50;
const WAIT_MS = 60_000;

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

/** The corpus files the default config checks, smallest first, with their sizes. */
export function checkedCorpusFiles(): { rel: string; bytes: number }[] {
  const kinds = kindMatcher(DEFAULT_FILES);
  return allFiles(CORPUS)
    .map((abs) => path.relative(CORPUS, abs).split(path.sep).join('/'))
    .filter((rel) => kinds.kindOf(rel) !== undefined)
    .map((rel) => ({ rel, bytes: fs.statSync(path.join(CORPUS, rel)).size }))
    .sort((a, b) => a.bytes - b.bytes || (a.rel < b.rel ? -1 : 1));
}

/** A language server process and the editor side of its connection. */
export class Session {
  private readonly published: Published[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(
    readonly connection: MessageConnection,
    private readonly stop: () => void,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.push(p);
      for (const w of [...this.waiters]) w();
    });
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'promptcoach' ? { enable: true, run: 'onType', debounceMs: 0, rules: {}, codeLens: false, maxFileSize: 4 * 1024 * 1024 } : null)),
    );
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('promptcoach/status', () => undefined);
    connection.onNotification('$/progress', () => undefined);
  }

  /** `extraArgv`: more Node options for the server (`--cpu-prof` to see where a keystroke's time goes). */
  static async start(workspace: string, extraArgv: readonly string[] = []): Promise<Session> {
    // Started as the extension starts it (the same Node options).
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, ...extraArgv, SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.resume();
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.listen();
    const session = new Session(connection, () => {
      connection.dispose();
      child.kill();
    });
    const uri = pathUri(workspace);
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { trusted: true },
    });
    await connection.sendNotification('initialized', {});
    return session;
  }

  /** Resolves with the milliseconds until diagnostics of `uri` at `version` (none: of the file on disk) arrive. */
  async timed(uri: string, version: number | undefined, send: () => void): Promise<number> {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!this.published.some((p) => p.uri === uri && p.version === version)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Unexpected silence: no diagnostics for version ${version} of ${uri} within ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.waiters.add(check);
      send();
    });
    const ms = performance.now() - started;
    this.published.length = 0;
    return ms;
  }

  close(): void {
    void this.connection.sendRequest('shutdown').catch(() => undefined);
    this.stop();
  }
}

export function pathUri(p: string): string {
  return `file://${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/** Offsets at the end of prose lines (a letter first, long enough), where someone adds words. */
function typingSpots(text: string, random: Random, count: number): number[] {
  const spots: number[] = [];
  const re = /^[A-Za-z][^\n]{30,}$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) spots.push(m.index + m[0].length);
  const chosen: number[] = [];
  for (let i = 0; i < count && spots.length; i++) chosen.push(random.pick(spots));
  return chosen.length ? chosen : [text.length];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

interface FileFigures {
  open: number;
  keys: number[];
}

/** Opens one file, then types `keystrokes` characters at a few places; every latency in milliseconds. */
export async function typeInto(session: Session, file: string, keystrokes: number, random: Random): Promise<FileFigures> {
  let text = fs.readFileSync(file, 'utf8');
  const uri = pathUri(file);
  let version = 1;
  const open = await session.timed(uri, version, () => {
    void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  });
  const word = ' and check';
  const spots = typingSpots(text, random, Math.max(1, Math.ceil(keystrokes / word.length)));
  const keys: number[] = [];
  for (let s = 0; s < spots.length && keys.length < keystrokes; s++) {
    // Earlier insertions moved later text: place each spot in the text as it is now.
    let at = Math.min(spots[s] as number, text.length);
    for (let c = 0; c < word.length && keys.length < keystrokes; c++, at++) {
      const position = new LineIndex(text).positionAt(at);
      const char = word[c] as string;
      text = text.slice(0, at) + char + text.slice(at);
      version++;
      const v = version;
      keys.push(
        await session.timed(uri, v, () => {
          void session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: v },
            contentChanges: [{ range: { start: position, end: position }, text: char }],
          });
        }),
      );
    }
  }
  // The server checks a closed file again from disk: wait for it, so the next figure is not
  // queued behind it.
  await session.timed(uri, undefined, () => {
    void session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
  return { open, keys };
}

export const keystrokeSuite: Suite = {
  name: 'keystroke',
  summary: 'keystroke-to-diagnostics latency through the language server on the p50, p99 and largest corpus files',
  async run(context: SuiteContext): Promise<SuiteResult> {
    const option = (flag: string) => optionValue(context.args, flag);
    const keystrokes = Number(option('--keystrokes') ?? 200);
    const seed = Number(option('--seed') ?? 8);
    const buildNote = ensureBuilt(context, !context.args.includes('--no-build'));
    const watch = new CpuWatch();
    const files = checkedCorpusFiles();
    if (files.length === 0) throw new Error(`Unexpected empty corpus at ${CORPUS}, expected the shared corpus`);
    const picks = [
      { label: 'p50 file', file: files[Math.floor(0.5 * (files.length - 1))] },
      { label: 'p99 file', file: files[Math.floor(0.99 * (files.length - 1))] },
      { label: 'largest file', file: files[files.length - 1] },
    ] as { label: string; file: { rel: string; bytes: number } }[];

    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-keystroke-'));
    for (const { file } of picks) {
      const target = path.join(workspace, file.rel);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(CORPUS, file.rel), target);
    }
    const measurements: Measurement[] = [];
    const series = new Map<string, number[]>();
    const add = (name: string, value: number) => series.set(name, [...(series.get(name) ?? []), value]);
    try {
      for (let run = 0; run < context.runs; run++) {
        const session = await Session.start(workspace);
        try {
          // A server that has run for a while: its code compiled, its caches filled. What is
          // measured is typing in a session, not the first seconds of one.
          for (const { file } of picks) await typeInto(session, path.join(workspace, file.rel), 12, new Random(seed - 1));
          for (const { label, file } of picks) {
            context.log(`run ${run + 1}/${context.runs}: ${label} ${file.rel} (${file.bytes} bytes)`);
            const figures = await typeInto(session, path.join(workspace, file.rel), keystrokes, new Random(seed + run));
            add(`${label}: whole analysis (open)`, figures.open);
            add(`${label}: keystroke p50`, percentile(figures.keys, 0.5));
            add(`${label}: keystroke p99`, percentile(figures.keys, 0.99));
          }
        } finally {
          session.close();
        }
      }
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
    for (const { label } of picks) {
      const anchor = `${label}: whole analysis (open)`;
      measurements.push({ name: anchor, role: 'anchor', samples: series.get(anchor) ?? [] });
      for (const q of ['p50', 'p99']) {
        const name = `${label}: keystroke ${q}`;
        measurements.push({ name, role: 'product', samples: series.get(name) ?? [], ratioTo: anchor });
      }
    }
    return {
      suite: 'keystroke',
      facts: [
        ...picks.map(({ label, file }): [string, string] => [label, `${file.rel} (${(file.bytes / 1024).toFixed(1)} KB)`]),
        ['files the default config checks in the corpus', files.length],
        ['keystrokes per file and run', keystrokes],
        ['server', `dist/server.cjs ${SERVER_EXEC_ARGV.join(' ')} over stdio, incremental sync, debounce 0 (${buildNote})`],
      ],
      measurements,
      checks: [
        { name: 'keystroke p99 on the p99-sized file', measurement: 'p99 file: keystroke p99', limitMs: P99_FILE_LIMIT_MS },
        { name: 'keystroke p99 on the largest file', measurement: 'largest file: keystroke p99', limitMs: LARGEST_FILE_LIMIT_MS },
      ],
      notes: [watch.describe()],
    };
  },
};
