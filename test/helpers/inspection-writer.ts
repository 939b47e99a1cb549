/**
 * A separate process that appends inspection records, for the crash and concurrency tests:
 *
 *   node --import tsx test/helpers/inspection-writer.ts <root> <mode> <count> <tag> [padding]
 *
 * - `append`: appends `count` records one after the other (reason `<tag> <i>`), prints
 *   `window <start ms> <end ms>`, then exits.
 * - `torn`: appends `count` records, then starts one more huge record, writes half of its line
 *   with one `write()` and SIGKILLs itself: a writer that dies mid-write, holding the lock.
 * - `loop`: appends records with `padding` characters of reason until it is killed; prints
 *   `ready` after the first.
 *
 * With `START_FILE` in the environment it prints `waiting` and starts when that file exists.
 */
import * as fs from 'node:fs';
import { appendRecord } from '../../src/node/inspection/records';
import { sampleRecord } from './inspection';

const [root, mode, countArg, tag, paddingArg] = process.argv.slice(2);
const count = Number(countArg ?? '0');
const padding = 'x'.repeat(Number(paddingArg ?? '0'));

void (async () => {
  if (!root || !mode || !tag) throw new Error('usage: inspection-writer <root> <mode> <count> <tag> [padding]');
  // With START_FILE set: say so, then wait until that file exists, so several writers start together.
  const start = process.env.START_FILE;
  if (start) {
    process.stdout.write('waiting\n');
    while (!fs.existsSync(start)) await new Promise((r) => setTimeout(r, 2));
  }
  const started = Date.now();
  for (let i = 0; i < count; i++) await appendRecord(root, sampleRecord({ reason: `${tag} ${i}` }));
  if (mode === 'append') process.stdout.write(`window ${started} ${Date.now()}\n`);
  if (mode === 'torn') {
    const huge = sampleRecord({ reason: `${tag} torn ${'y'.repeat(1024 * 1024)}` });
    await appendRecord(root, huge, {
      write(fd, data) {
        fs.writeSync(fd, data, 0, Math.floor(data.length / 2));
        process.kill(process.pid, 'SIGKILL');
        return 0;
      },
    });
  } else if (mode === 'loop') {
    for (let i = 0; ; i++) {
      await appendRecord(root, sampleRecord({ reason: `${tag} ${i} ${padding}` }));
      if (i === 0) process.stdout.write('ready\n');
    }
  }
})().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(3);
});
