/**
 * Every built-in rule, in the order they run and are documented. Add a rule here after writing
 * `src/core/rules/<id>.ts`, its fixtures under `test/fixtures/rules/<id>/` and running
 * `npm run generate` (README table, JSON Schema).
 */
import type { Rule } from '../types';

export const RULES: readonly Rule<any>[] = [];
