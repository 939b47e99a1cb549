/** Report formatters by name. Pure: results and context in, text out. */
import { github } from './github';
import { json } from './json';
import { junit } from './junit';
import { sarif } from './sarif';
import { stylish } from './stylish';
import type { FormatName, Formatter } from './types';

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = { stylish, json, sarif, junit, github };

export { ENGINE_RULES, FILE_SKIPPED } from './engine-rules';
export { FORMAT_NAMES, type FormatContext, type FormatName, type Formatter, type LintResult } from './types';
export { countFindings, relativePath } from './common';
