/**
 * Built-in presets, named in `extends`. Computed from `RULES` when asked, so a rule added to the
 * list is in every preset without touching this file.
 *
 * - `promptcoach:recommended`: every rule at its default severity, the default `files`, and the
 *   `output-review` inspection checklist. A config without `extends` starts from it too.
 * - `promptcoach:strict`: every rule on (off and info become warning; warnings and errors stay),
 *   and every suppression needs a reason.
 */
import { OUTPUT_REVIEW } from '../inspection/recommended';
import { DEFAULT_FILES } from '../kinds';
import { RECOMMENDED_PACK_MANIFEST, RECOMMENDED_PACK_TEXTS } from '../packs/recommended.generated';
import { RULES } from '../rules';
import type { Kind, Rule, SeveritySetting } from '../types';
import type { RuleSetting, Template } from './types';
import { PackSchema, PRESET_NAMES, type ChecklistConfig, type ClauseConfig, type PackManifest, type PresetName } from './schema';

export { PRESET_NAMES, type PresetName };

export interface Preset {
  name: PresetName;
  files: Record<string, Kind>;
  rules: Record<string, RuleSetting>;
  /** Inspection checklists; both presets ship `output-review`. */
  checklists: ChecklistConfig[];
  requireSuppressionReason?: boolean;
  reportUnusedSuppressions?: boolean;
  /** The recommended pack's standard and templates (both presets carry them). */
  standard: { title?: string; clauses: ClauseConfig[] };
  templates: Template[];
  /** Set for the preset that is a pack: promptcoach:recommended. */
  pack?: { name: string; version: string; description: string };
}

let recommended: PackManifest | undefined;

/**
 * The built-in pack (src/packs/recommended/, embedded by `npm run generate`), validated with the
 * schema every pack is held to; a test keeps it valid, so a failure here is a build defect.
 */
export function recommendedPack(): PackManifest {
  recommended ??= PackSchema.parse(RECOMMENDED_PACK_MANIFEST);
  return recommended;
}

function packTemplates(manifest: PackManifest): Template[] {
  return (manifest.templates ?? []).map(({ inputs, folder, ...t }) => ({
    ...t,
    ...(folder !== undefined ? { folder } : {}),
    inputs: inputs ?? [],
    file: `${manifest.name}/${t.file}`,
    text: RECOMMENDED_PACK_TEXTS[t.file] ?? '',
    source: manifest.name,
  }));
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function preset(name: PresetName, rules: readonly Rule<unknown>[] = RULES): Preset {
  const pack = recommendedPack();
  const shared = {
    files: { ...DEFAULT_FILES },
    checklists: [OUTPUT_REVIEW],
    standard: { ...(pack.standard?.title !== undefined ? { title: pack.standard.title } : {}), clauses: pack.standard?.clauses ?? [] },
    templates: packTemplates(pack),
  };
  switch (name) {
    case 'promptcoach:recommended':
      return {
        name,
        ...shared,
        rules: Object.fromEntries(rules.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity }])),
        pack: { name: pack.name, version: pack.version, description: pack.description },
      };
    case 'promptcoach:strict':
      return {
        name,
        ...shared,
        rules: Object.fromEntries(rules.map((r) => [r.meta.id, { severity: strict(r.meta.defaultSeverity) }])),
        requireSuppressionReason: true,
        reportUnusedSuppressions: true,
      };
  }
}

function strict(severity: SeveritySetting): SeveritySetting {
  return severity === 'off' || severity === 'info' ? 'warning' : severity;
}
