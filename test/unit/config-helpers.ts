/** Shared by the config tests: real temp folders, a node-fs Host and stand-in built-in rules. */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import type { Position, Range } from '../../src/core/types';
import { defineRule, type Host, type Rule } from '../../src/core/types';
import { createNodeHost } from '../../src/node/host';

/** A fresh real-file-system host (the one the CLI uses). */
export function nodeHost(): Host {
  return createNodeHost();
}

/** A fresh temp folder with `files` (relative path → text) written in it. */
export function tempTree(files: Record<string, string> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'promptcoach-config-')));
  writeTree(root, files);
  return root;
}

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

export function removeTree(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Range of the `occurrence`-th `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' not found in the text`);
  }
  const at = (offset: number): Position => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: (lines[lines.length - 1] as string).length };
  };
  return { start: at(index), end: at(index + needle.length) };
}

const docs = { summary: 'Stand-in rule for config tests.', rationale: 'Tests.', bad: 'bad', good: 'good' };

/** Stand-in built-in rules, so the tests do not depend on the real rule list. */
export const TEST_RULES: Rule<unknown>[] = [
  defineRule({
    meta: {
      id: 'vague-language',
      category: 'direction',
      defaultSeverity: 'warning',
      kinds: 'all',
      fixable: false,
      docs: { ...docs, summary: 'Flags vague words.' },
      options: z.strictObject({ max: z.number().int().min(1).default(3), words: z.array(z.string()).default([]) }),
    },
    check() {},
  }) as Rule<unknown>,
  defineRule({
    meta: { id: 'missing-output-format', category: 'direction', defaultSeverity: 'info', kinds: ['prompt'], fixable: false, docs },
    check() {},
  }) as Rule<unknown>,
  defineRule({
    meta: { id: 'secret-in-prompt', category: 'safety', defaultSeverity: 'error', kinds: 'all', fixable: false, docs },
    check() {},
  }) as Rule<unknown>,
  defineRule({
    meta: { id: 'noisy-rule', category: 'format', defaultSeverity: 'off', kinds: 'all', fixable: false, docs },
    check() {},
  }) as Rule<unknown>,
];
