/** The editor settings (`promptcoach.*`): read defensively, anything malformed falls back to its default. */
import { COACHING_LEVELS, SEVERITY_SETTINGS } from '../core/config/schema';
import type { SeveritySetting } from '../core/types';
import { DEFAULT_SETTINGS, type CoachingLevelSetting, type PromptCoachSettings } from './protocol';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings from whatever the client sent (`workspace/configuration` or `didChangeConfiguration`). */
export function readSettings(raw: unknown): PromptCoachSettings {
  const s = isObject(raw) ? raw : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isObject(s.rules)) {
    for (const [id, value] of Object.entries(s.rules)) {
      if ((SEVERITY_SETTINGS as readonly unknown[]).includes(value)) rules[id] = value as SeveritySetting;
    }
  }
  const positiveInt = (v: unknown, fallback: number, min: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? Math.floor(v) : fallback;
  return {
    enable: typeof s.enable === 'boolean' ? s.enable : DEFAULT_SETTINGS.enable,
    run: s.run === 'onSave' || s.run === 'onType' ? s.run : DEFAULT_SETTINGS.run,
    debounceMs: positiveInt(s.debounceMs, DEFAULT_SETTINGS.debounceMs, 0),
    rules,
    codeLens: typeof s.codeLens === 'boolean' ? s.codeLens : DEFAULT_SETTINGS.codeLens,
    maxFileSize: positiveInt(s.maxFileSize, DEFAULT_SETTINGS.maxFileSize, 1),
    ruleTimeBudgetMs: positiveInt(s.ruleTimeBudgetMs, DEFAULT_SETTINGS.ruleTimeBudgetMs, 1),
    coachingLevel: isCoachingLevelSetting(s.coachingLevel) ? s.coachingLevel : DEFAULT_SETTINGS.coachingLevel,
  };
}

export function isCoachingLevelSetting(value: unknown): value is CoachingLevelSetting {
  return value === 'default' || (COACHING_LEVELS as readonly unknown[]).includes(value);
}
