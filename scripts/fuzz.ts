/**
 * The long fuzz run (issue #9): the properties of `test/unit/fuzz.test.ts` on many more random
 * documents and configs. Prints the runs, the seed, the time and the slowest document; exits 1
 * with the shrunk counterexample (and the seed and path to replay it) when a property fails.
 *
 *   npm run fuzz [-- --runs 10000] [--seed S]
 */
import * as fc from 'fast-check';
import { turnOffPretenuring } from '../src/node/heap';
import { configProperty, documentProperty, warmUp, type DocumentStats } from '../test/helpers/fuzz';

const USAGE = 'Usage: npm run fuzz [-- --runs N (default 10000)] [--seed S (default: random)]\n';

function option(args: readonly string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = Number(args[i + 1]);
  if (!Number.isSafeInteger(value)) throw new Error(`Unexpected ${name} '${args[i + 1] ?? ''}', expected an integer`);
  return value;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let runs: number;
  let seed: number;
  try {
    runs = option(args, '--runs') ?? 10_000;
    seed = option(args, '--seed') ?? Math.floor(Math.random() * 2 ** 31);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  process.stdout.write(`fuzz: ${runs} runs, seed ${seed}\n`);
  // As in the CLI: documents die young, and pretenuring would keep promoting them (src/node/heap.ts).
  turnOffPretenuring();
  await warmUp();

  let slowest: DocumentStats | undefined;
  let documents = 0;
  let characters = 0;
  const onTiming = (s: DocumentStats) => {
    documents++;
    characters += s.length;
    if (!slowest || s.ms > slowest.ms) slowest = s;
  };

  const started = performance.now();
  const docs = await fc.check(documentProperty({ onTiming }), { seed, numRuns: runs });
  const docsMs = performance.now() - started;
  if (docs.failed) {
    process.stdout.write(`documents: FAILED\n${fc.defaultReportMessage(docs)}\n${cause(docs)}\n`);
    return 1;
  }
  const perDoc = documents ? docsMs / documents : 0;
  process.stdout.write(
    `documents: ${docs.numRuns} passed in ${(docsMs / 1000).toFixed(1)} s (${perDoc.toFixed(1)} ms a document with its fixes, ` +
      `${Math.round(characters / Math.max(1, documents))} characters on average)\n`,
  );
  if (slowest) process.stdout.write(`slowest document: ${slowest.ms.toFixed(0)} ms, ${slowest.length} characters (${slowest.file})\n`);

  const configStarted = performance.now();
  const configs = fc.check(configProperty(), { seed, numRuns: runs });
  const configMs = performance.now() - configStarted;
  if (configs.failed) {
    process.stdout.write(`configs: FAILED\n${fc.defaultReportMessage(configs)}\n${cause(configs)}\n`);
    return 1;
  }
  process.stdout.write(`configs: ${configs.numRuns} passed in ${(configMs / 1000).toFixed(1)} s\n`);
  process.stdout.write(`fuzz: passed, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s in all\n`);
  return 0;
}

/** What broke: the property's own error message. */
function cause(details: { errorInstance: unknown }): string {
  const error = details.errorInstance;
  return `Cause: ${error instanceof Error ? error.message : String(error)}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
