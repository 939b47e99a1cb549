/** Which files are prompt and context files, and of which kind. */
import picomatch from 'picomatch';
import type { Kind } from './types';

/**
 * Default globs (relative to the config's folder, `/`-separated) and the kind each maps to.
 * The first glob that matches wins, so specific ones come before general ones.
 */
export const DEFAULT_FILES: Readonly<Record<string, Kind>> = {
  '**/*.prompt.md': 'prompt',
  '**/*.prompty': 'prompt',
  '**/.claude/commands/**/*.md': 'prompt',
  '**/.github/prompts/**/*.md': 'prompt',
  'prompts/**/*.{md,txt}': 'prompt',
  '**/*.instructions.md': 'instructions',
  '**/.github/copilot-instructions.md': 'instructions',
  '**/.github/instructions/**/*.md': 'instructions',
  '**/*.chatmode.md': 'agent',
  '**/*.agent.md': 'agent',
  '**/.claude/agents/**/*.md': 'agent',
  '**/.github/agents/**/*.md': 'agent',
  '**/AGENTS.md': 'context',
  '**/CLAUDE.md': 'context',
  '**/CLAUDE.local.md': 'context',
  '**/GEMINI.md': 'context',
  '**/.cursorrules': 'rules',
  '**/.cursor/rules/**/*.{md,mdc}': 'rules',
  '**/*.mdc': 'rules',
  '**/.windsurfrules': 'rules',
  '**/.clinerules': 'rules',
  '**/.continue/rules/**/*.md': 'rules',
  '**/SKILL.md': 'skill',
};

export interface KindMatcher {
  /** Kind of a path relative to the config folder, or undefined when no glob matches. */
  kindOf(relativePath: string): Kind | undefined;
}

const cache = new Map<string, KindMatcher>();

export function kindMatcher(files: Readonly<Record<string, Kind>>): KindMatcher {
  const key = JSON.stringify(files);
  const hit = cache.get(key);
  if (hit) return hit;
  const tests = Object.entries(files).map(
    ([glob, kind]) => [picomatch(glob, { dot: true, nocase: false }), kind] as const,
  );
  const matcher: KindMatcher = {
    kindOf(relativePath) {
      const p = relativePath.replace(/\\/g, '/');
      for (const [test, kind] of tests) if (test(p)) return kind;
      return undefined;
    },
  };
  cache.set(key, matcher);
  return matcher;
}
