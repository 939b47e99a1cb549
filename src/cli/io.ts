/** What every command gets from its caller and gives back: no globals, so tests run commands in-process. */
import { version as packageVersion } from '../../package.json';
import type { Host } from '../core/types';
import { createNodeHost } from '../node/host';

export interface CliEnv {
  /** Folder relative paths resolve against and reports are relative to. */
  cwd: string;
  /** Whether `stylish` may use ANSI colours (stdout is a TTY, no `NO_COLOR`). `--no-color` overrides. */
  color: boolean;
  version: string;
  host: Host;
}

export function defaultEnv(over: Partial<CliEnv> = {}): CliEnv {
  // One run sees the disk as it was when it started: a workspace is listed once, not every 5 s.
  return { cwd: process.cwd(), color: false, version: VERSION, host: over.host ?? createNodeHost({ snapshot: true }), ...over };
}

export const VERSION: string = packageVersion;

/** 0: clean. 1: findings at error level, or warnings over `--max-warnings`. 2: usage or config error. */
export type ExitCode = 0 | 1 | 2;

export interface CommandResult {
  exitCode: ExitCode;
  /** For stdout (empty when `--output` wrote the report to a file). */
  output: string;
  /** For stderr: usage errors and notes that must not mix with a machine-readable report. */
  stderr: string;
}

export function ok(output: string, stderr = ''): CommandResult {
  return { exitCode: 0, output, stderr };
}

export function usageError(message: string, usage?: string): CommandResult {
  return { exitCode: 2, output: '', stderr: `prompt-coach: ${message}\n${usage ? `\n${usage}` : ''}` };
}
