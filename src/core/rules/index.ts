/**
 * Every built-in rule, in the order they run and are documented. Add a rule here after writing
 * `src/core/rules/<id>.ts`, its fixtures under `test/fixtures/rules/<id>/` and running
 * `npm run generate` (README table, JSON Schema).
 */
import type { Rule } from '../types';
import { brokenReference } from './broken-reference';
import { frontmatterRequired } from './frontmatter-required';
import { objectiveMissing } from './objective-missing';
import { outputFormatMissing } from './output-format-missing';
import { secretInPrompt } from './secret-in-prompt';
import { successCriteriaMissing } from './success-criteria-missing';
import { unresolvedPlaceholder } from './unresolved-placeholder';
import { vagueLanguage } from './vague-language';
import { hiddenCharacters } from './hidden-characters';
import { shoutingOveruse } from './shouting-overuse';
import { weakInstruction } from './weak-instruction';
import { broadToolGrant } from './broad-tool-grant';

export const RULES: readonly Rule<any>[] = [objectiveMissing, outputFormatMissing, successCriteriaMissing, vagueLanguage, unresolvedPlaceholder, brokenReference, frontmatterRequired, secretInPrompt, hiddenCharacters, shoutingOveruse, weakInstruction, broadToolGrant];
