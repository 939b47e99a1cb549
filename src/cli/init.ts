/** `prompt-coach init`: a starter `.promptcoach.json` in the cwd, never over an existing one unless `--force`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../core/config/schema';
import { ok, usageError, type CliEnv, type CommandResult } from './io';

export { CONFIG_FILE_NAME };

export const STARTER_CONFIG = `// Prompt Coach: the team's standard for prompt and context files (JSON with comments).
//
// The schema of this file ships with the Prompt Coach VS Code extension, which validates and
// completes it as you type. 'npx prompt-coach rules' lists every rule id and
// 'npx prompt-coach explain <rule-id>' says why a rule matters and how to configure it.
{
  // Start from the built-in recommended standard; add a relative file or an npm package to share yours.
  "extends": ["promptcoach:recommended"],

  // Which files are prompts, and of which kind (prompt, instructions, agent, context, rules, skill).
  // "files": { "docs/prompts/**/*.md": "prompt" },

  // Files never checked (globs relative to this folder); .gitignore is honoured too.
  // "ignore": ["vendor/**"],

  // Severity per rule: "error", "warning", "info" or "off"; [severity, options] for options.
  "rules": {
    // "unresolved-placeholder": "error"
  },

  // Different settings for some files.
  "overrides": [
    // { "files": ["drafts/**"], "rules": { "unresolved-placeholder": "off" } }
  ],

  // The team's own rules, written as data.
  "customRules": [
    // {
    //   "id": "no-internal-hostnames",
    //   "type": "existence",
    //   "message": "Unexpected internal hostname, expected a public example domain",
    //   "tokens": ["corp.internal"],
    //   "severity": "warning"
    // }
  ]
}
`;

export function runInit(options: { force: boolean }, env: CliEnv): CommandResult {
  const target = path.join(env.cwd, CONFIG_FILE_NAME);
  if (fs.existsSync(target) && !options.force) {
    return usageError(`${CONFIG_FILE_NAME} already exists in ${env.cwd}; use --force to overwrite it.`);
  }
  try {
    fs.writeFileSync(target, STARTER_CONFIG);
  } catch (error) {
    return usageError(`cannot write ${target}: ${(error as Error).message}`);
  }
  return ok(`Wrote ${CONFIG_FILE_NAME}. Run 'prompt-coach lint' to check your prompt and context files.\n`);
}
