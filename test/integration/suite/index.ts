// Entry point the extension host loads (extensionTestsPath): runs every bundled `*.test.cjs` next
// to this file with mocha, writes the results JSON the runners read, and rejects on failures.
// Env (set by the runners through the payload's extensionEnvironment / extensionTestsEnv):
//   PROMPT_COACH_RESULTS  where to write the results JSON
//   PROMPT_COACH_GREP     optional mocha --grep
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SuiteResults } from '../common';

type MochaCtor = typeof import('mocha');

export function run(): Promise<void> {
  // mocha 12 is an ES module re-exporting its CommonJS build; require() of it (Node >= 20.19)
  // yields the namespace, older mochas the constructor itself.
  const mod = require('mocha') as MochaCtor | { default: MochaCtor };
  const Mocha = 'default' in mod ? mod.default : mod;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.PROMPT_COACH_GREP;
  if (grep) mocha.grep(grep);

  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.cjs'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const results: SuiteResults = { passes: 0, failures: 0, pending: 0, tests: [] };
  const write = (): void => {
    const file = process.env.PROMPT_COACH_RESULTS;
    if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  };

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.passes++;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      // 'fail' also fires for failing hooks, which count as failures too.
      runner.on('fail', (t, err: Error) => {
        results.failures++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? String(err) });
      });
      runner.on('pending', (t) => {
        results.pending++;
        results.tests.push({ title: t.fullTitle(), state: 'pending' });
      });
    } catch (err) {
      // A test file that throws while loading lands here.
      results.failures++;
      results.tests.push({ title: '(loading the suite)', state: 'failed', error: (err as Error).stack ?? String(err) });
      write();
      reject(err as Error);
    }
  });
}
