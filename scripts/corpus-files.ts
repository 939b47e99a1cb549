/** The real-world corpus as the corpus scripts see it: its files and the kind MANIFEST.tsv gives each. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Kind } from '../src/core/types';

const MANIFEST_KINDS: Record<string, Kind> = {
  prompt: 'prompt',
  'system-prompt': 'prompt',
  instructions: 'instructions',
  chatmode: 'agent',
  'agents-md': 'context',
  'claude-md': 'context',
  cursorrules: 'rules',
};

export function manifestKinds(dir: string): Map<string, Kind | undefined> {
  const kinds = new Map<string, Kind | undefined>();
  const file = path.join(dir, 'MANIFEST.tsv');
  if (!fs.existsSync(file)) return kinds;
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [, , , rel, kind, , format] = line.trimEnd().split('\t');
    if (!rel) continue;
    const mapped = format === 'skill' ? 'skill' : MANIFEST_KINDS[kind ?? ''];
    kinds.set(path.join(dir, rel), mapped);
  }
  return kinds;
}

function walk(corpusDir: string, dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(corpusDir, p, out);
    else if (e.isFile() && e.name !== 'MANIFEST.tsv' && !(dir === corpusDir && e.name === 'README.md')) out.push(p);
  }
  return out;
}

/** Every corpus file but the MANIFEST and the corpus README, sorted. */
export function corpusFiles(corpusDir: string): string[] {
  return walk(corpusDir, corpusDir, []).sort();
}
