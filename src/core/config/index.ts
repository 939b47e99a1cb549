/** The team's config, `.promptcoach.json`: schema, presets, custom rules and the resolver. */
export type { AutoCheck, Checklist, ChecklistItem, ConfigProblem, EffectiveConfig, RuleSetting } from './types';
export {
  ConfigSchema,
  CustomRuleSchema,
  CONFIG_FILE_NAME,
  CONFIG_KEYS,
  configJsonSchema,
  CUSTOM_RULE_TYPES,
  PRESET_NAMES,
  SEVERITY_SETTINGS,
  type CustomRuleConfig,
  type PresetName,
  type PromptCoachConfig,
} from './schema';
export { ConfigResolver, didYouMean, type ConfigResolverOptions } from './load';
export { parseConfig, type ConfigLayer, type ParsedConfig } from './parse';
export { isIgnored, rebaseGlob } from './merge';
export { isPresetName, preset, type Preset } from './presets';
export { compileCustomRule, compilePattern, type CompiledCustomRule, type CustomRuleError } from './custom-rules';
