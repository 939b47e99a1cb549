import type { FrontmatterEntry } from '../document';
import { defineRule } from '../types';
import { toolNames } from './util';

/** `Bash`, `Bash()`, `Bash(*)`, `Bash(:*)`: a shell with no command restriction. */
const UNRESTRICTED_BASH = /^Bash(?:\(\s*(?::?\*)?\s*\))?$/;

function problem(entry: FrontmatterEntry): string | undefined {
  const key = entry.key;
  if (key === 'tools' || key === 'allowed-tools' || key === 'allowedTools') {
    const names = toolNames(entry.value) ?? [];
    const wildcard = names.find((n) => n === '*' || n.toLowerCase() === 'all');
    if (wildcard) {
      return `Unexpected '${wildcard}' in '${key}', expected the tools the task needs by name (for example 'Read, Grep, Glob'): a wildcard grants every tool, including ones added later`;
    }
    // Only `allowed-tools` takes command restrictions (`Bash(git status:*)`); a subagent's `tools` lists names.
    const bash = key === 'tools' ? undefined : names.find((n) => UNRESTRICTED_BASH.test(n));
    if (bash) {
      return `Unexpected unrestricted '${bash}' in '${key}', expected the commands the task needs (for example 'Bash(git status:*)', 'Bash(npm test:*)'): plain Bash runs any command`;
    }
    return undefined;
  }
  if (key === 'permissionMode' && entry.value === 'bypassPermissions') {
    return "Unexpected 'permissionMode: bypassPermissions', expected 'default' or 'acceptEdits' with the tools it needs listed in 'tools': bypassing permissions runs every tool call unasked";
  }
  if (typeof entry.value === 'string' && /dangerously-skip-permissions/.test(entry.value)) {
    return `Unexpected '--dangerously-skip-permissions' in '${key}', expected the tools the task needs granted by name: skipping permissions runs every tool call unasked`;
  }
  if (/^dangerously-?skip-?permissions$/i.test(key) && entry.value === true) {
    return `Unexpected '${key}: true', expected the tools the task needs granted by name: skipping permissions runs every tool call unasked`;
  }
  return undefined;
}

export const broadToolGrant = defineRule({
  meta: {
    id: 'broad-tool-grant',
    category: 'safety',
    defaultSeverity: 'warning',
    kinds: ['agent', 'prompt', 'skill'],
    fixable: false,
    docs: {
      summary:
        "Reports frontmatter that grants every tool: `tools: ['*']` or `all`, an `allowed-tools` `Bash` with no command restriction, `permissionMode: bypassPermissions`.",
      rationale:
        'The frontmatter decides what the agent may do without asking. A wildcard, an unrestricted shell or bypassed ' +
        'permissions turn one prompt injection (a malicious issue, a poisoned web page, a file in the repository) ' +
        'into arbitrary commands on the machine. Granting the tools and commands the task needs by name keeps the ' +
        'agent useful and the damage small.',
      bad: '---\nname: release\ndescription: Cut a release\nallowed-tools: Bash\npermissionMode: bypassPermissions\n---\nTag and publish the release.',
      good: '---\nname: release\ndescription: Cut a release\nallowed-tools: Bash(git tag:*), Bash(npm publish:*), Read\n---\nTag and publish the release.',
      kindsNote:
        'Agents, prompts and skills: the kinds whose frontmatter grants tools (VS Code `tools`, Claude Code `tools`, ' +
        '`allowed-tools` and `permissionMode`). Instructions, rules and context files grant none.',
      precision: {
        right: 5,
        judged: 5,
        note:
          'Every corpus finding judged: `tools: [\'*\']` on a bug-fixing agent, and plain `Bash` in `allowed-tools` of three ' +
          'business-analysis commands that also fetch web pages and of a PlantUML skill that needs one command.',
      },
    },
  },
  check({ doc, report }) {
    const fm = doc.frontmatter;
    if (!fm) return;
    for (const entry of fm.entries) {
      const message = problem(entry);
      if (message) report({ range: entry.valueRange, message });
    }
  },
});
