/**
 * What each YAML frontmatter key does, per flavour of file: the tools that read these files
 * (VS Code Copilot, Claude Code, Cursor, Agent Skills) each define their own keys. Pure data and
 * helpers: the language server uses it for hovers and completion, rules can use it to check keys.
 */
import * as path from 'node:path';
import type { Kind } from './types';

/** A family of files that share one set of frontmatter keys. */
export type FrontmatterFlavor =
  | 'prompt'
  | 'instructions'
  | 'agent'
  | 'chatmode'
  | 'claude-agent'
  | 'claude-command'
  | 'skill'
  | 'rules';

export interface FrontmatterKey {
  key: string;
  /** What the key does, Markdown, one or two sentences. */
  description: string;
  /** The values the tool accepts, when they are a closed list (completion offers them). */
  values?: readonly string[];
  /** A value as it would be written, for completion and hovers. */
  example?: string;
  /** The tool ignores or rejects the file without it. */
  required?: boolean;
}

/** Who reads the keys of a flavour, for hovers. */
export const FLAVOR_TOOLS: Readonly<Record<FrontmatterFlavor, string>> = {
  prompt: 'VS Code Copilot prompt file (`*.prompt.md`)',
  instructions: 'VS Code Copilot instructions file (`*.instructions.md`)',
  agent: 'VS Code Copilot custom agent (`*.agent.md`)',
  chatmode: 'VS Code Copilot chat mode (`*.chatmode.md`)',
  'claude-agent': 'Claude Code subagent (`.claude/agents/*.md`)',
  'claude-command': 'Claude Code slash command (`.claude/commands/*.md`)',
  skill: 'Agent Skill (`SKILL.md`)',
  rules: 'Cursor rule (`.cursor/rules/*.mdc`)',
};

const description = (what: string): FrontmatterKey => ({
  key: 'description',
  description: what,
  example: 'Summarize a pull request for reviewers',
});

export const FRONTMATTER_KEYS: Readonly<Record<FrontmatterFlavor, readonly FrontmatterKey[]>> = {
  prompt: [
    description('A short description of the prompt, shown in the prompt picker and when you type `/`.'),
    {
      key: 'mode',
      description: 'The chat mode the prompt runs in: `ask`, `edit` or `agent` (the default). Newer VS Code versions call it `agent`.',
      values: ['ask', 'edit', 'agent'],
    },
    {
      key: 'agent',
      description: 'The agent the prompt runs with: `ask`, `edit`, `agent`, or the name of a custom agent.',
      values: ['ask', 'edit', 'agent'],
    },
    { key: 'model', description: 'The language model to use, as named in the model picker; default: the one selected in chat.', example: 'GPT-5' },
    {
      key: 'tools',
      description: 'The tools (or tool sets, MCP servers) the prompt may use in agent mode, as a list.',
      example: "['codebase', 'fetch', 'githubRepo']",
    },
    { key: 'argument-hint', description: 'Hint text shown in the chat input, telling the user what to type after the prompt name.', example: 'the PR number' },
    { key: 'name', description: 'The name to type after `/` in chat; default: the file name.' },
  ],
  instructions: [
    {
      key: 'applyTo',
      description: 'Glob (relative to the workspace root) of the files these instructions apply to; `**` applies them to every request.',
      example: "'**/*.ts'",
    },
    description('A short description of the instructions, shown on hover in the chat view.'),
  ],
  agent: [
    { key: 'name', description: 'The agent\'s name, shown in the agents dropdown; default: the file name.' },
    description('What the agent is for, shown as placeholder text in the chat input.'),
    { key: 'tools', description: 'The tools (or tool sets, MCP servers) the agent may use, as a list.', example: "['search', 'fetch']" },
    { key: 'model', description: 'The language model the agent uses; default: the one selected in chat.' },
    {
      key: 'handoffs',
      description: 'Suggested next steps: buttons that hand the conversation to another agent with a prompt (`label`, `agent`, `prompt`, `send`).',
    },
    { key: 'argument-hint', description: 'Hint text shown in the chat input.' },
  ],
  chatmode: [
    description('What the chat mode is for, shown as placeholder text in the chat input.'),
    { key: 'tools', description: 'The tools (or tool sets, MCP servers) available in this mode, as a list.', example: "['codebase', 'search']" },
    { key: 'model', description: 'The language model the mode uses; default: the one selected in chat.' },
  ],
  'claude-agent': [
    { key: 'name', description: 'Unique id of the subagent: lowercase letters and hyphens.', required: true, example: 'code-reviewer' },
    {
      key: 'description',
      description: 'When Claude should delegate to this subagent. Be specific: Claude picks subagents by this text ("Use proactively after code changes").',
      required: true,
    },
    { key: 'tools', description: 'Comma-separated tools the subagent may use; default: every tool of the main thread.', example: 'Read, Grep, Glob' },
    { key: 'model', description: 'Model alias (`sonnet`, `opus`, `haiku`) or `inherit`; default: the configured subagent model.' },
    {
      key: 'color',
      description: 'Colour of the subagent in the Claude Code UI.',
      values: ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'],
    },
  ],
  'claude-command': [
    description('What the command does, shown in the `/` menu.'),
    { key: 'argument-hint', description: 'The arguments the command expects, shown when completing it.', example: '[issue-number]' },
    { key: 'allowed-tools', description: 'Tools the command may use without asking.', example: 'Bash(git status:*)' },
    { key: 'model', description: 'The model to run the command with; default: the conversation\'s.' },
  ],
  skill: [
    { key: 'name', description: 'The skill\'s id: lowercase letters, digits and hyphens, matching its folder name.', required: true },
    {
      key: 'description',
      description: 'What the skill does and when to use it. The agent reads only this to decide whether to load the skill, so name the triggers.',
      required: true,
    },
    { key: 'license', description: 'The license the skill is shared under, or the name of a bundled license file.', example: 'Apache-2.0' },
    { key: 'allowed-tools', description: 'Tools the skill may use without asking (where the agent supports it).' },
  ],
  rules: [
    description('When the rule applies, for rules the agent attaches on its own ("Agent Requested").'),
    { key: 'globs', description: 'Glob(s) of files that attach the rule automatically when they are in the context.', example: 'src/**/*.ts' },
    {
      key: 'alwaysApply',
      description: '`true`: the rule is in every request. `false`: it applies through `globs`, its `description`, or when mentioned.',
      values: ['true', 'false'],
    },
  ],
};

/** The frontmatter flavour of a file, from its kind and path; undefined when its keys are free-form. */
export function frontmatterFlavor(kind: Kind | undefined, filePath: string): FrontmatterFlavor | undefined {
  const posix = filePath.split(path.sep).join('/');
  const base = path.basename(filePath);
  if (/\/\.claude\/agents\//.test(posix)) return 'claude-agent';
  if (/\/\.claude\/commands\//.test(posix)) return 'claude-command';
  if (base.endsWith('.chatmode.md')) return 'chatmode';
  switch (kind) {
    case 'prompt':
      return 'prompt';
    case 'instructions':
      return 'instructions';
    case 'agent':
      return 'agent';
    case 'skill':
      return 'skill';
    case 'rules':
      return base.endsWith('.mdc') || /\/\.cursor\/rules\//.test(posix) ? 'rules' : undefined;
    default:
      return undefined;
  }
}

/** The keys a file's frontmatter may use; empty when its flavour is unknown. */
export function frontmatterKeysFor(kind: Kind | undefined, filePath: string): readonly FrontmatterKey[] {
  const flavor = frontmatterFlavor(kind, filePath);
  return flavor ? FRONTMATTER_KEYS[flavor] : [];
}

export function frontmatterKey(kind: Kind | undefined, filePath: string, key: string): FrontmatterKey | undefined {
  return frontmatterKeysFor(kind, filePath).find((k) => k.key === key);
}
