/**
 * Which checklists apply to an output, which outputs need an inspection, and the hash that pins
 * the definition a reviewer worked through. Outputs are any file (code, docs, prompts), so a
 * checklist's globs matter more than kinds.
 */
import { createHash } from 'node:crypto';
import picomatch from 'picomatch';
import { kindOf } from '../analyze';
import { relativeTo } from '../config/merge';
import type { Checklist, EffectiveConfig } from '../config/types';

type Matcher = (relativePath: string) => boolean;
const matchers = new Map<string, Matcher>();

function matcher(globs: readonly string[]): Matcher {
  const key = JSON.stringify(globs);
  let m = matchers.get(key);
  if (!m) {
    m = globs.length ? picomatch([...globs], { dot: true }) : () => false;
    matchers.set(key, m);
  }
  return m;
}

/** True when the checklist's scope (`files`, `kinds`, `excludedFiles`) takes the output. */
export function checklistApplies(checklist: Checklist, outputPath: string, config: Pick<EffectiveConfig, 'root' | 'files'>): boolean {
  const rel = relativeTo(config.root, outputPath);
  if (checklist.excludedFiles.length && matcher(checklist.excludedFiles)(rel)) return false;
  if (checklist.files.length === 0 && checklist.kinds.length === 0) return true;
  if (checklist.files.length && matcher(checklist.files)(rel)) return true;
  if (checklist.kinds.length) {
    const kind = kindOf(outputPath, config);
    if (kind !== undefined && checklist.kinds.includes(kind)) return true;
  }
  return false;
}

/**
 * The checklists that apply to an output (absolute path) under the config in force for it
 * (`ConfigResolver.forFile(outputPath)`, so `overrides` that add checklists for it count).
 */
export function checklistsFor(outputPath: string, config: EffectiveConfig): Checklist[] {
  return (config.checklists ?? []).filter((c) => checklistApplies(c, outputPath, config));
}

/**
 * JSON with object keys sorted at every level and no whitespace: the same value gives the same
 * text whatever order its keys were written in. `undefined` members are left out, as in JSON.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * sha256 (hex) of the canonical JSON of what the reviewer works through: id, title, version,
 * description and items (text, help, required, automatic check), defaults applied. Its scope
 * (`files`, `kinds`) and the config file it lives in are left out: moving a checklist or widening
 * its globs does not change what was checked.
 */
export function checklistHash(checklist: Checklist): string {
  const definition = {
    id: checklist.id,
    title: checklist.title,
    version: checklist.version,
    description: checklist.description,
    items: checklist.items.map((i) => ({ id: i.id, text: i.text, help: i.help, required: i.required, auto: i.auto })),
  };
  return sha256Hex(canonicalJson(definition));
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * True when the output must carry an accepted inspection: a glob of the config's
 * `inspection.required` matches it. Globs are tried in order and the last that matches decides,
 * so `!docs/drafts/**` after `docs/**` leaves drafts out.
 */
export function isInspectionRequired(outputPath: string, config: Pick<EffectiveConfig, 'root' | 'inspectionRequired'>): boolean {
  const globs = config.inspectionRequired ?? [];
  if (globs.length === 0) return false;
  const rel = relativeTo(config.root, outputPath);
  let required = false;
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    if (matcher([negated ? glob.slice(1) : glob])(rel)) required = !negated;
  }
  return required;
}
