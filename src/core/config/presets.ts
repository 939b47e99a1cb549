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
import { RULES } from '../rules';
import type { Kind, Rule, SeveritySetting } from '../types';
import type { RuleSetting } from './types';
import { PRESET_NAMES, type ChecklistConfig, type PresetName } from './schema';

export { PRESET_NAMES, type PresetName };

export interface Preset {
  name: PresetName;
  files: Record<string, Kind>;
  rules: Record<string, RuleSetting>;
  /** Inspection checklists; both presets ship `output-review`. */
  checklists: ChecklistConfig[];
  requireSuppressionReason?: boolean;
  reportUnusedSuppressions?: boolean;
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function preset(name: PresetName, rules: readonly Rule<unknown>[] = RULES): Preset {
  switch (name) {
    case 'promptcoach:recommended':
      return {
        name,
        files: { ...DEFAULT_FILES },
        rules: Object.fromEntries(rules.map((r) => [r.meta.id, { severity: r.meta.defaultSeverity }])),
        checklists: [OUTPUT_REVIEW],
      };
    case 'promptcoach:strict':
      return {
        name,
        files: { ...DEFAULT_FILES },
        rules: Object.fromEntries(rules.map((r) => [r.meta.id, { severity: strict(r.meta.defaultSeverity) }])),
        checklists: [OUTPUT_REVIEW],
        requireSuppressionReason: true,
        reportUnusedSuppressions: true,
      };
  }
}

function strict(severity: SeveritySetting): SeveritySetting {
  return severity === 'off' || severity === 'info' ? 'warning' : severity;
}
