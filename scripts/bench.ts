/**
 * Benchmarks: each suite measures the product next to anchors in the same run and prints medians
 * and ratios (these machines are shared and noisy: a ratio to an anchor travels, seconds do not).
 * Exits 1 when a suite misses its target.
 *
 *   npm run bench [-- <suite>…] [--runs 3] [--json FILE] [suite options]
 *
 * Suite names come first; none runs every suite. Suite options: see each suite's file
 * (history: --keep DIR, --commits N, --files N, --seed N, --profile, --no-build).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checksPass, machine, median, optionValue, renderResult, type Suite, type SuiteResult } from './bench/harness';
import { lintSuite, warmSuite } from './bench/corpus';
import { editorSuite } from './bench/editor';
import { historySuite } from './bench/history';
import { keystrokeSuite } from './bench/keystroke';

/** Every suite, in the order `npm run bench` runs them. Issue #8 adds corpus lint, warm cache, keystroke latency. */
const SUITES: readonly Suite[] = [historySuite, lintSuite, warmSuite, keystrokeSuite, editorSuite];

const USAGE = `Usage: npm run bench [-- <suite>…] [--runs 3] [--json FILE] [suite options]\nSuites:\n${SUITES.map((s) => `  ${s.name.padEnd(10)} ${s.summary}`).join('\n')}\n`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const firstOption = args.findIndex((a) => a.startsWith('-'));
  const names = firstOption < 0 ? args : args.slice(0, firstOption);
  const options = firstOption < 0 ? [] : args.slice(firstOption);
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`Unexpected suite '${unknown[0]}', expected one of: ${SUITES.map((s) => s.name).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const value = (flag: string) => optionValue(options, flag);
  const runsText = value('--runs') ?? '3';
  if (!/^\d+$/.test(runsText) || Number(runsText) < 1) {
    process.stderr.write(`Unexpected --runs '${runsText}', expected a positive whole number\n`);
    return 2;
  }
  const jsonFile = value('--json');
  const selected = names.length ? SUITES.filter((s) => names.includes(s.name)) : SUITES;
  const host = machine();
  process.stdout.write(`# Prompt Coach benchmarks\n\n${new Date().toISOString()}, ${host.cpus} × ${host.cpu}, ${host.memoryGb} GB, node ${host.node}, ${host.platform}\n\n`);

  const results: SuiteResult[] = [];
  for (const suite of selected) {
    const result = await suite.run({ runs: Number(runsText), args: options, log: (line) => process.stderr.write(`[bench ${suite.name}] ${line}\n`) });
    results.push(result);
    process.stdout.write(`${renderResult(result)}\n`);
  }
  if (jsonFile) {
    const out = path.resolve(jsonFile);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const withMedians = results.map((r) => ({ ...r, measurements: r.measurements.map((m) => ({ ...m, median: median(m.samples) })), pass: checksPass(r) }));
    fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), machine: host, runs: Number(runsText), suites: withMedians }, null, 2)}\n`);
    process.stderr.write(`[bench] wrote ${out}\n`);
  }
  return results.every(checksPass) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
