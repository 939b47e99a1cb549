/**
 * Inspection of agent output: checklists from the config, automatic checks, the record format and
 * the CI verdict. Pure; the Node side (records on disk, locks, git, commands) is
 * `src/node/inspection/`.
 */
export { checklistApplies, checklistHash, checklistsFor, canonicalJson, isInspectionRequired, sha256Hex } from './checklists';
export { CHECK_RULES, repoPath, runAutoChecks, type AutoCheckOutput, type CommandOutcome, type CommandRequest, type CommandRunner, type RunAutoChecksInput } from './auto';
export * from './record';
export { chronological, judge, latestByPath, VERIFY_STATUSES, type DecidingRecord, type VerifyEntry, type VerifyStatus } from './verify';
export { formatList, formatVerify, LIST_FORMATS, RECORD_INVALID_ID, VERIFY_FORMATS, VERIFY_RULE_IDS, type ListFormat, type VerifyFormat, type VerifyReport } from './format';
export { OUTPUT_REVIEW } from './recommended';
