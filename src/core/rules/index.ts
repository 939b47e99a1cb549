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
import { constraintsMissing } from './constraints-missing';
import { conflictingInstructions } from './conflicting-instructions';
import { negativeOnlyInstruction } from './negative-only-instruction';
import { missingSharedContext } from './missing-shared-context';
import { undefinedVariable } from './undefined-variable';
import { examplesMissing } from './examples-missing';
import { overlongSentence } from './overlong-sentence';
import { stopConditionMissing } from './stop-condition-missing';
import { referenceOutsideWorkspace } from './reference-outside-workspace';
import { contextBudget } from './context-budget';
import { requiredSections } from './required-sections';
import { reviewOverdue } from './review-overdue';
import { staleReference } from './stale-reference';
import { duplicateContext } from './duplicate-context';
import { frontmatterInvalid } from './frontmatter-invalid';
import { globMatchesNothing } from './glob-matches-nothing';
import { headingStructure } from './heading-structure';
import { duplicateInstruction } from './duplicate-instruction';
import { personalData } from './personal-data';
import { injectionRisk } from './injection-risk';

export const RULES: readonly Rule<any>[] = [
  objectiveMissing,
  outputFormatMissing,
  successCriteriaMissing,
  constraintsMissing,
  examplesMissing,
  stopConditionMissing,
  vagueLanguage,
  weakInstruction,
  missingSharedContext,
  conflictingInstructions,
  negativeOnlyInstruction,
  duplicateInstruction,
  overlongSentence,
  shoutingOveruse,
  unresolvedPlaceholder,
  undefinedVariable,
  brokenReference,
  referenceOutsideWorkspace,
  staleReference,
  reviewOverdue,
  contextBudget,
  requiredSections,
  duplicateContext,
  frontmatterRequired,
  frontmatterInvalid,
  globMatchesNothing,
  headingStructure,
  secretInPrompt,
  personalData,
  injectionRisk,
  hiddenCharacters,
  broadToolGrant,
];
