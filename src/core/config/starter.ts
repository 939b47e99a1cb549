/**
 * The config file's name and the starter config that `prompt-coach init` and the editor's
 * "Create Config" write. No imports: the VS Code client bundles this without the analyzer.
 */
export const CONFIG_FILE_NAME = '.promptcoach.json';

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
