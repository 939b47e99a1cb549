/**
 * Property-based tests (issue #9): random documents never break the analyzer, random and mutated
 * configs never break the loader. A short run with a fixed seed; `FUZZ_RUNS` raises the number of
 * runs, `FUZZ_SEED` picks another seed, and `npm run fuzz` is the long run. On a failure
 * fast-check prints the seed, the path to replay it and the shrunk counterexample.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { checkDocument, configProperty, documentProperty, documentUnderConfigProperty, warmUp } from '../helpers/fuzz';

/** Counterexamples `npm run fuzz` found and that were fixed (test/fixtures/fuzz/README.md). */
const FIXED = [
  'slow-parse-unclosed-bracket.md',
  'slow-parse-backtick-runs.md',
  'slow-analysis-html-tags-backticks.md',
  'slow-analysis-backtick-lines.md',
  'slow-frontmatter-collection-keys.md',
];

const seed = Number(process.env.FUZZ_SEED ?? 20250601);
const runs = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);

describe('fuzz: the analyzer and the config loader hold on random input', function () {
  this.timeout(120_000);
  before(warmUp);

  it('documents: no throw, no internal error, ranges inside, fixes apply cleanly, each under 1 s', async () => {
    await fc.assert(documentProperty(), { seed, numRuns: runs(150) });
  });

  it('documents under random configs (custom rules, overrides, coaching levels): no throw, no internal error, ranges inside', async () => {
    await fc.assert(documentUnderConfigProperty(), { seed, numRuns: runs(100) });
  });

  it('the counterexamples found and fixed stay fixed', async () => {
    for (const name of FIXED) {
      const text = fs.readFileSync(path.join(__dirname, '../fixtures/fuzz', name), 'utf8');
      await checkDocument({ file: 'prompts/x.prompt.md', text });
    }
  });

  it('configs: no throw, problems inside the text, a broken config keeps the last good one', () => {
    fc.assert(configProperty(), { seed, numRuns: runs(300) });
  });
});
