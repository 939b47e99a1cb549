import { editDistance } from '../edit-distance';
import { z } from 'zod';
import type { PromptDocument } from '../document';
import { frontmatterFlavor, frontmatterKey, type FrontmatterFlavor } from '../frontmatter-keys';
import { defineRule, KINDS, type Fix, type Kind } from '../types';
import { kindNoun, lineBreak, topRange } from './util';

/** A key the frontmatter must have, or (an array) keys of which one is enough. */
type Requirement = string | string[];

const OPTIONS = z
  .object({
    required: z
      .partialRecord(z.enum(KINDS), z.array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])))
      .default({})
      .describe(
        'Kind → required frontmatter keys (a nested list: one of those keys is enough). Replaces the defaults for that kind and applies to every file of it.',
      ),
  })
  .default({ required: {} });

/** What the tools that read each flavour of file need. */
const DEFAULTS: Readonly<Partial<Record<FrontmatterFlavor, Requirement[]>>> = {
  prompt: ['description'],
  instructions: ['applyTo'],
  agent: ['description'],
  chatmode: ['description'],
  'claude-agent': ['name', 'description'],
  skill: ['name', 'description'],
  rules: [['description', 'globs', 'alwaysApply']],
};

/**
 * Where VS Code reads frontmatter from, for the flavours that also cover other files: a
 * `prompts/*.md` prompt or `copilot-instructions.md` needs none.
 */
const READ_FROM: Readonly<Partial<Record<FrontmatterFlavor, (doc: PromptDocument) => boolean>>> = {
  prompt: (d) => d.fileName.endsWith('.prompt.md'),
  instructions: (d) => d.fileName.endsWith('.instructions.md'),
  agent: (d) => d.fileName.endsWith('.agent.md') || /[\\/]\.github[\\/]agents[\\/]/.test(d.path),
};

/** What each well-known key is for, for the message. */
const PURPOSE: Readonly<Record<string, string>> = {
  description: 'a line that says what it does and when to use it',
  name: 'its name',
  applyTo: "the glob of the files it applies to (for example '**/*.ts')",
};

function requirementsFor(doc: PromptDocument, required: Partial<Record<Kind, Requirement[]>>): Requirement[] {
  if (!doc.kind) return [];
  const configured = required[doc.kind];
  if (configured) return configured;
  const flavor = frontmatterFlavor(doc.kind, doc.path);
  if (!flavor || READ_FROM[flavor]?.(doc) === false) return [];
  return DEFAULTS[flavor] ?? [];
}

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && !value.trim());
const quoteList = (keys: string[]) => keys.map((k) => `'${k}'`).join(', ').replace(/, ([^,]*)$/, ' or $1');

/** Adds `key: ""` at the end of the frontmatter, or a frontmatter block holding it at the top of the file. */
/**
 * The value a fix can know: a skill's or an agent's `name` is its folder's or file's name (Claude
 * Code matches them); anything else is left empty, and the empty-key finding points at it to fill in.
 */
function knownValue(doc: PromptDocument, key: string): string {
  if (key !== 'name') return '""';
  const parts = doc.path.split(/[\\/]/);
  const file = parts[parts.length - 1] ?? '';
  const name = /^skill\.md$/i.test(file) ? (parts[parts.length - 2] ?? '') : file.replace(/\..*$/, '');
  return /^[a-z0-9][a-z0-9-]*$/.test(name) ? name : '""';
}

function addKey(doc: PromptDocument, key: string): Fix {
  const eol = lineBreak(doc);
  const at = doc.frontmatter ? doc.lines.lineStart(doc.frontmatter.range.end.line) : 0;
  const line = `${key}: ${knownValue(doc, key)}${eol}`;
  return {
    title: `Add '${key}' to the frontmatter`,
    edits: [{ range: doc.range(at, at), newText: doc.frontmatter ? line : `---${eol}${line}---${eol}` }],
  };
}

export const frontmatterRequired = defineRule({
  meta: {
    id: 'frontmatter-required',
    category: 'format',
    defaultSeverity: 'warning',
    kinds: ['prompt', 'instructions', 'agent', 'skill', 'rules'],
    fixable: true,
    options: OPTIONS,
    docs: {
      summary: 'Requires the frontmatter keys the tools read: `description` on prompt files, `applyTo` on instructions, `name` and `description` on skills.',
      rationale:
        'Tools decide from the frontmatter whether a file reaches the agent at all: instructions without `applyTo` ' +
        'are never attached, a skill without a `description` is never picked, a Cursor rule with neither ' +
        '`description`, `globs` nor `alwaysApply` only runs when someone names it. The file looks fine and silently ' +
        'does nothing.',
      bad: '---\nmode: agent\n---\nReview the staged changes for security issues.',
      good: '---\nmode: agent\ndescription: Review staged changes for security issues\n---\nReview the staged changes for security issues.',
      kindsNote:
        'By file format: `description` on `*.prompt.md`; `applyTo` on `*.instructions.md`; `description` on ' +
        'Copilot agents (`*.agent.md`, `.github/agents/`) and chat modes; `name` and `description` on `.claude/agents/*.md` and `SKILL.md`; one of ' +
        '`description`, `globs` or `alwaysApply` on Cursor rules (`*.mdc`, `.cursor/rules/`). Other files of these kinds (a `.claude/commands/*.md` ' +
        'prompt, `copilot-instructions.md`) need no frontmatter. Files whose frontmatter does not parse are left ' +
        'to the YAML error.',
      options:
        '`required`: kind → keys, for example `{ "prompt": ["description", "mode"] }`; a nested list means one of ' +
        'those keys is enough. It replaces the defaults for that kind and applies to every file of the kind.',
      precision: {
        right: 8,
        judged: 8,
        note:
          'Every corpus finding judged: instructions without `applyTo`, agents and chat modes without `description`, and ' +
          "two prompts whose frontmatter sits inside a ````prompt fence, where VS Code does not read it.",
      },
    },
  },
  check({ doc, options, report }) {
    const fm = doc.frontmatter;
    if (fm && (fm.errors.length || (fm.raw.trim() && !fm.entries.length))) return;
    const entries = new Map((fm?.entries ?? []).map((e) => [e.key, e]));
    for (const requirement of requirementsFor(doc, options.required)) {
      const keys = typeof requirement === 'string' ? [requirement] : requirement;
      if (keys.some((k) => entries.has(k) && !isBlank(entries.get(k)?.value))) continue;
      const present = keys.map((k) => entries.get(k)).find((e) => e !== undefined);
      if (present) {
        report({
          range: present.keyRange,
          message: `Unexpected empty frontmatter key '${present.key}', expected ${PURPOSE[present.key] ?? 'a value'}`,
        });
        continue;
      }
      const [first] = keys as [string, ...string[]];
      // A misspelt key ('descripton') is the required one written wrong: rename it, the same edit
      // frontmatter-invalid offers, so a fix-all applies one of them and never adds a second key.
      const misspelt = (fm?.entries ?? []).find(
        (e) => !frontmatterKey(doc.kind, doc.path, e.key) && keys.some((k) => e.key !== k && editDistance(e.key.toLowerCase(), k, 2) <= 2),
      );
      if (misspelt) {
        const to = keys.find((k) => editDistance(misspelt.key.toLowerCase(), k, 2) <= 2) as string;
        report({
          range: misspelt.keyRange,
          message: `Unexpected ${kindNoun(doc.kind)} without frontmatter key '${to}' ('${misspelt.key}' looks like it misspelt), expected ${PURPOSE[to] ?? 'the key with a value'}`,
          fixes: [{ title: `Rename the key to '${to}'`, edits: [{ range: misspelt.keyRange, newText: to }] }],
        });
        continue;
      }
      report({
        range: topRange(doc),
        message:
          keys.length === 1
            ? `Unexpected ${kindNoun(doc.kind)} without frontmatter key '${first}', expected ${PURPOSE[first] ?? 'the key with a value'}`
            : `Unexpected ${kindNoun(doc.kind)} without ${quoteList(keys)} in its frontmatter, expected one of them so the tool knows when to apply it`,
        fixes: [addKey(doc, first)],
      });
    }
  },
});
