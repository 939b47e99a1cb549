/** What the rest of the analyzer needs from the team's config, once loaded and merged. */
import type { CoachingLevel, ScoringSettings, TemplateInputConfig, TrendsSettings } from './schema';
import type { Kind, Range, Rule, SeveritySetting } from '../types';
import type { AutoCheckConfig } from './schema';

/** An automatic check of a checklist item, as configured. */
export type AutoCheck = AutoCheckConfig;

/** One item of an inspection checklist, defaults applied. */
export interface ChecklistItem {
  id: string;
  text: string;
  /** What a good check looks like; shown next to the item. */
  help?: string;
  /** True: accepting needs this item marked 'pass' or 'na'. */
  required: boolean;
  auto?: AutoCheck;
  /** The clause of the team's standard this item checks (a clause's `items` names it). */
  standard?: StandardCitation;
}

/** A clause as a finding or a checklist item cites it. */
export interface StandardCitation {
  id: string;
  text: string;
}

/** One clause of the team's standard, as merged. */
export interface Clause {
  id: string;
  text: string;
  /** Rule ids whose findings cite it. */
  rules: string[];
  /** `checklist-id/item-id` of the items that check it. */
  items: string[];
  /** The config file, pack or preset that defines it. */
  source: string;
}

/** A template for "New Prompt from Template…", as merged. */
export interface Template {
  id: string;
  title: string;
  description: string;
  kind: Kind;
  /** Absolute path of the template's text (read when the template is used); a preset's names its place in the preset. */
  file: string;
  /** The text itself, for templates built into a preset. */
  text?: string;
  /** Name of the new file; may use `${input:…}`. */
  fileName: string;
  /** Folder of the new file, relative to the workspace folder. */
  folder?: string;
  inputs: TemplateInputConfig[];
  /** The config file, pack or preset that defines it. */
  source: string;
}

/** A pack in force: one `extends` brought it in (directly or through another config). */
export interface PackInfo {
  name: string;
  version: string;
  description: string;
  /** Its `promptcoach-pack.json` (or the preset's name). */
  source: string;
}

/** An inspection checklist in force, its scope rebased onto the config's root. */
export interface Checklist {
  id: string;
  title: string;
  version: number;
  description?: string;
  items: ChecklistItem[];
  /** Root-relative globs of the outputs it applies to; with no `files` and no `kinds`, every output. */
  files: string[];
  excludedFiles: string[];
  kinds: Kind[];
  /** The config file (or preset) that defines it. */
  source: string;
}

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
  /** `scoring` as merged from every layer; fields left out take the score model's defaults. */
  scoring?: ScoringSettings;
  /** `trends` as merged; fields left out take the alerts' defaults. */
  trends?: TrendsSettings;
  /**
   * Set when an `overrides` entry with `kind` matches the file (its exact path is then also the
   * first entry of `files`, so `kindOf` agrees).
   */
  kind?: Kind;
  /** Config files that went into this config, lowest precedence first (presets by name); for watching. */
  sources?: string[];
  /**
   * Inspection checklists for this file as an output (a later one with the same id replaced the
   * earlier); `checklistsFor` picks those whose scope matches. Absent means none.
   */
  checklists?: Checklist[];
  /** Root-relative globs of outputs that need an accepted inspection (`!glob` excludes); absent means none. */
  inspectionRequired?: string[];
  /** The team's standard: its clauses, in order (a later clause with the same id replaced the earlier). */
  standard?: { title?: string; clauses: Clause[] };
  templates?: Template[];
  /** The coaching level the config asks for (`coachingLevel`); the editor setting may override it. */
  coachingLevel?: CoachingLevel;
  /** The packs extended, lowest precedence first. */
  packs?: PackInfo[];
}

/** A problem in a config file, located in that file. */
export interface ConfigProblem {
  /** Absolute path of the config file (or the CLI's `--config`). */
  path: string;
  range: Range;
  message: string;
  severity: 'error' | 'warning';
}
