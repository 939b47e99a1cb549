/**
 * Samples a rule's findings on the real-world corpus so a person can judge them: runs only the
 * named rules (every kind the MANIFEST gives), prints how many findings and files, the rules' time,
 * and a fixed pseudo-random sample of findings with the lines around each.
 *
 *   npm run corpus:sample -- <rule-id>[,<rule-id>…] [--n 20] [--seed 1] [--context 2] [--all] [corpus dir]
 *
 * `--all` prints every finding instead of a sample. The judged share goes into the rule's
 * `docs.precision`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../src/core/analyze';
import { ConfigResolver } from '../src/core/config/load';
import type { EffectiveConfig } from '../src/core/config/types';
import { RULES } from '../src/core/rules';
import { INTERNAL_ERROR, type Finding } from '../src/core/types';
import { createNodeHost } from '../src/node/host';
import { corpusFiles, manifestKinds } from './corpus-files';
import { ROOT } from './root';

/** One run over a fixed corpus: list and stat it once. */
const nodeHost = createNodeHost({ snapshot: true });

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const VALUED = new Set(['--n', '--seed', '--context']);
const positional = args.filter((a, i) => !a.startsWith('--') && !VALUED.has(args[i - 1] ?? ''));
const ids = (positional[0] ?? '').split(',').filter(Boolean);
const corpusDir = path.resolve(positional[1] ?? path.join(ROOT, '../shared/corpus'));
const n = Number(flag('--n') ?? 20);
let seed = Number(flag('--seed') ?? 1);
const contextLines = Number(flag('--context') ?? 2);
const all = args.includes('--all');

const unknown = ids.filter((id) => !RULES.some((r) => r.meta.id === id));
if (!ids.length || unknown.length) {
  process.stderr.write(`usage: npm run corpus:sample -- <rule-id>[,…] [--n 20] [--seed 1] [--all]\n${unknown.length ? `unknown: ${unknown.join(', ')}\n` : ''}`);
  process.exit(2);
}

/** mulberry32: the same sample for the same seed on every machine. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

async function main() {
  const kinds = manifestKinds(corpusDir);
  const resolver = new ConfigResolver({ host: nodeHost, rootDir: corpusDir });
  const timings = new Map<string, number>();
  const found: { finding: Finding; text: string }[] = [];
  const files = new Set<string>();
  let internal = 0;
  const started = performance.now();
  for (const file of corpusFiles(corpusDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const base = resolver.forFile(file);
    // Only the sampled rules run; one that is off by default runs at warning.
    const rules: EffectiveConfig['rules'] = Object.fromEntries(RULES.map((r) => [r.meta.id, { severity: 'off' }]));
    for (const id of ids) {
      const setting = base.rules[id];
      rules[id] = !setting || setting.severity === 'off' ? { severity: 'warning' } : setting;
    }
    const config = { ...base, rules };
    const kind = kinds.get(file);
    const { findings } = await analyze(kind ? { path: file, text, kind } : { path: file, text }, config, nodeHost, { timings });
    for (const finding of findings) {
      if (finding.ruleId === INTERNAL_ERROR) {
        internal++;
        process.stderr.write(`internal error: ${path.relative(corpusDir, file)}: ${finding.message}\n`);
      }
      if (!ids.includes(finding.ruleId)) continue;
      found.push({ finding, text });
      files.add(file);
    }
  }
  const total = performance.now() - started;
  const ruleMs = ids.map((id) => `${id} ${(timings.get(id) ?? 0).toFixed(0)} ms`).join(', ');
  process.stdout.write(`${found.length} findings in ${files.size} files; ${ruleMs} of ${(total / 1000).toFixed(1)} s (parse included); internal errors: ${internal}\n\n`);

  const picked = all ? found : sample(found, n);
  for (const { finding, text } of picked) {
    const lines = text.split(/\r?\n/);
    const line = finding.range.start.line;
    process.stdout.write(`── ${path.relative(corpusDir, finding.path)}:${line + 1}:${finding.range.start.character + 1} ${finding.ruleId} (${kinds.get(finding.path) ?? 'no kind'})\n   ${finding.message}\n`);
    for (let i = Math.max(0, line - contextLines); i <= Math.min(lines.length - 1, line + contextLines); i++) {
      process.stdout.write(`${i === line ? '>' : ' '} ${String(i + 1).padStart(5)} | ${(lines[i] ?? '').slice(0, 220)}\n`);
    }
    process.stdout.write('\n');
  }
}

function sample<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

void main();
