/** Test helpers: an EffectiveConfig literal and in-memory hosts, so unit tests need no config files. */
import type { EffectiveConfig } from '../../src/core/config/types';
import { DEFAULT_FILES } from '../../src/core/kinds';
import type { Host, Rule } from '../../src/core/types';
import { RULES } from '../../src/core/rules';

/** Every built-in rule off unless named; custom rules as given. */
export function configWith(root: string, enabled: Record<string, unknown> = {}, customRules: Rule<unknown>[] = []): EffectiveConfig {
  const rules: EffectiveConfig['rules'] = {};
  for (const r of RULES) rules[r.meta.id] = { severity: 'off' };
  for (const [id, options] of Object.entries(enabled)) rules[id] = { severity: 'warning', options };
  return {
    root,
    files: { ...DEFAULT_FILES },
    ignore: [],
    rules,
    customRules,
    requireSuppressionReason: false,
    reportUnusedSuppressions: true,
  };
}

/** A host over a map of absolute paths to contents (folders are implied by the paths). */
export function memoryHost(files: Record<string, string>): Host {
  const has = (p: string) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`));
  return {
    exists: has,
    isDirectory: (p) => !(p in files) && has(p),
    readFile: (p) => files[p],
  };
}

/** The real file system, as the CLI and the server see it. */
export { nodeHost } from '../../src/node/host';
