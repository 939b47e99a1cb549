/**
 * `prompt-coach inspections verify`: every required output (all of them, or those changed since
 * a ref) must carry an accepted inspection whose hash matches its current content.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EffectiveConfig } from '../../core/config/types';
import { isInspectionRequired } from '../../core/inspection/checklists';
import type { VerifyReport } from '../../core/inspection/format';
import { INSPECTIONS_DIR, type FileHash } from '../../core/inspection/record';
import { judge } from '../../core/inspection/verify';
import { nodeGitFiles, type GitFiles } from './git';
import { readRecords } from './records';
import { sha256File } from './record';

export interface VerifyOptions {
  /** Repository root. */
  root: string;
  /** The config in force: one for every file, or per file (`resolver.forFile`). */
  config: EffectiveConfig | ((absPath: string) => EffectiveConfig);
  /** Only files changed since this ref (see `GitFiles.changedSince`). */
  since?: string;
  /** Default: the git binary in `root`. */
  git?: GitFiles;
}

/** The files that need an inspection, judged; git failures (an unknown ref) reject with a `GitError`. */
export async function verifyInspections(options: VerifyOptions): Promise<VerifyReport> {
  const git = options.git ?? nodeGitFiles(options.root);
  const candidates = options.since === undefined ? await git.files() : await git.changedSince(options.since);
  const configFor = typeof options.config === 'function' ? options.config : () => options.config as EffectiveConfig;
  const required: FileHash[] = [];
  for (const rel of new Set(candidates)) {
    if (rel === INSPECTIONS_DIR || rel.startsWith(`${INSPECTIONS_DIR}/`)) continue;
    const abs = path.join(options.root, ...rel.split('/'));
    // Deleted since the ref, or a folder (a submodule): nothing to inspect.
    if (!fs.statSync(abs, { throwIfNoEntry: false })?.isFile()) continue;
    if (!isInspectionRequired(abs, configFor(abs))) continue;
    required.push({ path: rel, sha256: sha256File(abs) });
  }
  const { records, problems } = readRecords(options.root);
  return { ...(options.since === undefined ? {} : { since: options.since }), files: judge(required, records), problems };
}
