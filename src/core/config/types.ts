/** What the rest of the analyzer needs from the team's config, once loaded and merged. */
import type { Kind, Range, Rule, SeveritySetting } from '../types';

export interface RuleSetting {
  severity: SeveritySetting;
  /** Already validated against the rule's option schema, defaults applied. */
  options?: unknown;
}

/** The config in force for one file: nearest `.promptcoach.json` over its parents, `extends` and `overrides` applied. */
export interface EffectiveConfig {
  /** Folder the `files` and `ignore` globs are relative to (the outermost config's folder, or the lint root). */
  root: string;
  files: Record<string, Kind>;
  ignore: string[];
  rules: Record<string, RuleSetting>;
  /** Compiled declarative custom rules; their ids live in `rules` like any other. */
  customRules: Rule<unknown>[];
  requireSuppressionReason: boolean;
  reportUnusedSuppressions: boolean;
  /**
   * Set when an `overrides` entry with `kind` matches the file (its exact path is then also the
   * first entry of `files`, so `kindOf` agrees).
   */
  kind?: Kind;
  /** Config files that went into this config, lowest precedence first (presets by name); for watching. */
  sources?: string[];
}

/** A problem in a config file, located in that file. */
export interface ConfigProblem {
  /** Absolute path of the config file (or the CLI's `--config`). */
  path: string;
  range: Range;
  message: string;
  severity: 'error' | 'warning';
}
