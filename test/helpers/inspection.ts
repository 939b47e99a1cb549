/** Test helpers for inspections: valid records, real git repositories in temp folders. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { InspectionRecord } from '../../src/core/inspection/record';

const HASH = 'a'.repeat(64);

/** A valid record; `over` replaces top-level fields. */
export function sampleRecord(over: Partial<InspectionRecord> = {}): InspectionRecord {
  return {
    schemaVersion: 1,
    id: randomUUID(),
    time: '2025-06-01T09:30:00.000Z',
    reviewer: { name: 'Ada Reviewer', email: 'ada@example.com' },
    checklist: { id: 'output-review', version: 1, hash: HASH },
    outputs: [{ path: 'src/a.ts', sha256: HASH }],
    prompt: null,
    items: [{ id: 'objective-met', verdict: 'pass', note: '' }],
    auto: [],
    decision: 'accepted',
    reason: '',
    tool: { name: 'prompt-coach', version: '0.0.0-test' },
    ...over,
  };
}

/** A fresh temp folder with `files` (relative path → content) written in it. */
export function tempDir(files: Record<string, string> = {}, prefix = 'promptcoach-inspection-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Runs git in `dir` with a fixed identity and no user or system config; returns stdout. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The environment of `git`: no global or system config, so the tests see only what they set. */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}

/** A new repository holding `files`, all committed on `main`; user.name/email set locally. */
export function gitRepo(files: Record<string, string>): string {
  const dir = tempDir(files, 'promptcoach-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Ada Reviewer');
  git(dir, 'config', 'user.email', 'ada@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

/** Adds everything and commits. */
export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}
