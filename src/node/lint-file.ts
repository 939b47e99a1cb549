/**
 * One file of `prompt-coach lint`: read it (or say why not), analyse it once, apply fixes with
 * `--fix`, and, for the cache, note what the analysis depended on. The CLI runs it in its own
 * thread for a few files and in pool workers (lint-pool.ts) for many.
 */
import * as fs from 'node:fs';
import { analyze, kindOf } from '../core/analyze';
import type { EffectiveConfig } from '../core/config/types';
import { applyFixes } from '../core/fix';
import { FILE_SKIPPED, type LintResult } from '../core/format';
import type { Finding, Host } from '../core/types';
import { clockDay, digest, recordingHost, type CacheFiles, type CacheRecord } from './lint-cache';
import { decodeText } from './text-file';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const MAX_FIX_PASSES = 10;

export interface FileLintOptions {
  maxFileSize: number;
  fix: boolean;
  /** The time rules see as now: one for the whole run, so every file sees the same day. */
  now: number;
  /** Note what the analysis depended on, for the cache that keeps these files. */
  record?: CacheFiles;
}

/** A linted file: its result, and what the cache needs when asked for and the file was analysed. */
export interface FileOutcome extends LintResult {
  /** False when the file was skipped (too large, binary, unreadable). */
  analysed: boolean;
  record?: CacheRecord;
}

export async function lintFile(file: string, config: EffectiveConfig, host: Host, options: FileLintOptions): Promise<FileOutcome> {
  const read = readTextFile(file, options.maxFileSize);
  if (typeof read !== 'string') return { path: file, findings: [skipped(file, read.reason)], analysed: false };
  const recorder = options.record ? recordingHost(host, options.record) : undefined;
  const result = await lintText(file, read, config, options.fix, recorder?.host ?? host, options.now);
  if (!recorder) return { ...result, analysed: true };
  const text = result.fixedText ?? read;
  const day = clockDay(config, kindOf(file, config), text, options.now);
  return { ...result, analysed: true, record: { hash: digest(text), deps: recorder.dependencies(), ...(day !== undefined ? { day } : {}) } };
}

/** Analyzes one text; with `fix`, applies fixes and re-analyzes until nothing changes (at most 10 passes). */
async function lintText(file: string, original: string, config: EffectiveConfig, fix: boolean, host: Host, now: number): Promise<LintResult> {
  let text = original;
  let { findings } = await analyze({ path: file, text }, config, host, { now });
  if (fix) {
    for (let pass = 0; pass < MAX_FIX_PASSES && findings.some((f) => f.fixes?.length); pass++) {
      const fixed = applyFixes(text, findings);
      if (fixed.applied === 0 || fixed.text === text) break;
      text = fixed.text;
      ({ findings } = await analyze({ path: file, text }, config, host, { now }));
    }
    if (text !== original) {
      fs.writeFileSync(file, text);
      return { path: file, findings, fixedText: text };
    }
  }
  return { path: file, findings };
}

/** The file's text, or why it is not analyzed. */
export function readTextFile(file: string, maxBytes: number): string | { reason: string } {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return { reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (size > maxBytes) return { reason: `it is ${size} bytes, over the ${maxBytes}-byte limit (raise it with --max-file-size)` };
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (error) {
    return { reason: `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return decodeText(buffer);
}

export function skipped(file: string, reason: string): Finding {
  const at = { line: 0, character: 0 };
  return { ruleId: FILE_SKIPPED, severity: 'info', message: `File not checked: ${reason}.`, range: { start: at, end: at }, path: file };
}
