/**
 * What a report formatter reads and how it is called. Formatters are pure: no file system, no
 * process, no clock. Same results in, same bytes out.
 */
import type { Finding, RuleMeta } from '../types';

/** One linted file (or a config file with problems) and what was found in it. */
export interface LintResult {
  /** Absolute path. */
  path: string;
  findings: Finding[];
  /** The text after `--fix`, when fixes changed it. */
  fixedText?: string;
}

export interface FormatContext {
  /** Paths in the report are shown relative to this folder, `/`-separated. */
  cwd: string;
  /** Metadata of every rule that may appear in the results (built-in, custom, engine). */
  rules: readonly RuleMeta[];
  /** Prompt Coach's version, for SARIF's `tool.driver.version`. */
  version: string;
  /** ANSI colours in `stylish`; the caller decides (TTY, `--no-color`, `NO_COLOR`). */
  color?: boolean;
}

export type Formatter = (results: readonly LintResult[], ctx: FormatContext) => string;

export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
