/** The Node side of inspections: records on disk with locking, git, commands, verification. */
export { appendRecord, LOCK_NAME, readRecords, recordsDir, type AppendOptions } from './records';
export { git, GitError, gitRoot, gitUser, nodeGitFiles, type GitFiles } from './git';
export { nodeCommandRunner } from './command';
export { fileHash, newRecord, RecordError, sha256File, type NewRecordInput } from './record';
export { verifyInspections, type VerifyOptions } from './verify';
