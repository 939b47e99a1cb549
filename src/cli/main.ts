/** The `prompt-coach` binary: process argv, stdout, stderr and exit code around `run`. */
import { defaultEnv } from './io';
import { inHistoryWorker, runHistoryWorker } from '../node/history-worker';
import { inLintWorker, runLintWorker } from '../node/lint-pool';
import { turnOffPretenuring } from '../node/heap';
import { run } from './run';

function colourWanted(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

function main(): void {
  run(process.argv.slice(2), defaultEnv({ color: colourWanted() })).then(
    (result) => {
      if (result.output) process.stdout.write(result.output);
      if (result.stderr) process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`prompt-coach: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

// The CLI parses many files in a row (lint, report, history), in this thread and in workers.
turnOffPretenuring();

// The history and lint pools start this bundle as their workers (src/node/pool.ts).
if (inHistoryWorker()) runHistoryWorker();
else if (inLintWorker()) runLintWorker();
else main();
