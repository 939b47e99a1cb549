import * as path from 'node:path';
import { z } from 'zod';
import type { PromptDocument } from '../document';
import { defineRule, KINDS, type Fix, type Host, type Kind } from '../types';
import { isEnglish, kindNoun, lineBreak, topRange } from './util';

const SECTION = z.object({
  name: z.string().min(1).describe('The section, as the message and the inserted heading name it.'),
  match: z
    .array(z.string().min(1))
    .min(1)
    .describe('Words or phrases a heading may contain for the section to count as present (case-insensitive, from the start of a word).'),
  commands: z
    .array(z.string().min(1))
    .optional()
    .describe('Commands whose appearance in code (a fenced block or inline code) also counts, matched from the start of a word: `npm test`, `pytest`.'),
  hint: z.string().optional().describe("What the section should hold, as a phrase: the message says 'expected <hint>' and the quick fix inserts it under the heading."),
});

type SectionSpec = z.infer<typeof SECTION>;

const OPTIONS = z
  .object({
    sections: z
      .partialRecord(z.enum(KINDS), z.array(SECTION))
      .default({})
      .describe('Kind → the sections its files must have; replaces the default for that kind (`[]` requires none).'),
  })
  .default({ sections: {} });

type Options = z.infer<typeof OPTIONS>;

/** A built-in requirement: heading words, and the commands that show the section's content is there. */
interface Requirement {
  name: string;
  match: readonly string[];
  commands: RegExp;
  /** Prose that says the same ("install the dependencies with pnpm"); the defaults only. */
  prose?: RegExp;
  hint: string;
}

/** A package manager's script: `npm test`, `pnpm run build`, `yarn build`, `bun run test:unit`. */
const SCRIPT = (names: string) => String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:${names})\b`;
/** A task runner's target: `make test`, `just build`, `./gradlew test`, `mvn verify`, `turbo run build`. */
const TARGET = (names: string) =>
  String.raw`(?:make|just|task|(?:\.\/)?gradlew?|(?:\.\/)?mvnw?|turbo(?:[ \t]+run)?|nx(?:[ \t]+run-many)?|rake|mage)[ \t]+(?:[\w:.=-]+[ \t]+){0,4}[\w:-]*(?:${names})`;

/**
 * What the AGENTS.md convention asks of a project's context file: how to set it up, build it and test it.
 * Each counts as present when a heading names it or a command for it appears in code.
 */
const CONTEXT_DEFAULT: readonly Requirement[] = [
  {
    name: 'Setup',
    match: ['setup', 'set up', 'install', 'environment', 'getting started', 'get started', 'quick start', 'quickstart', 'prerequisite', 'requirements', 'local development', 'bootstrap', 'onboarding'],
    commands: new RegExp(
      String.raw`\b(?:` +
        [
          String.raw`(?:npm|pnpm|bun)\s+(?:install|i|ci)\b`,
          String.raw`yarn(?:\s+install)?\s*$`,
          String.raw`pip3?\s+install`,
          String.raw`uv\s+(?:sync|pip\s+install|venv|tool\s+install)`,
          String.raw`(?:poetry|pipenv|pdm|pixi|mise|asdf|composer|bundle)\s+install`,
          String.raw`conda\s+(?:env\s+create|create|install)`,
          String.raw`go\s+(?:mod\s+(?:download|tidy)|get)`,
          String.raw`cargo\s+(?:fetch|install)`,
          String.raw`dotnet\s+restore`,
          String.raw`mix\s+deps\.get`,
          String.raw`(?:flutter|dart)\s+pub\s+get`,
          String.raw`brew\s+install`,
          String.raw`apt(?:-get)?\s+install`,
          String.raw`docker[\s-]compose\s+up`,
          String.raw`corepack\s+enable`,
          String.raw`nvm\s+(?:use|install)`,
          String.raw`pre-commit\s+install`,
          String.raw`git\s+clone`,
          // A project's own script: `script/setup`, `./bootstrap.sh`, `bin/install`.
          String.raw`(?:\.\/|(?:scripts?|bin|tools|dev)\/)(?:[\w-]+\/)*[\w-]*(?:setup|bootstrap|install)[\w-]*(?:\.\w+)?`,
          TARGET('setup|install|bootstrap|deps|init'),
        ].join('|') +
        ')',
      'im',
    ),
    prose: /\binstall(?:ing)?\b[^.\n]{0,60}\b(?:dependenc|packages|requirements)|\b(?:dependenc\w*|packages)\b[^.\n]{0,40}\binstall/i,
    hint: 'how to install the dependencies and set up the environment (for example `npm ci`)',
  },
  {
    name: 'Build',
    match: ['build', 'compil', 'commands', 'running', 'run locally', 'development workflow', 'scripts'],
    commands: new RegExp(
      String.raw`\b(?:` +
        [
          SCRIPT('build[\\w:-]*|compile|dev|start|typecheck|check|lint'),
          String.raw`(?:go|cargo|dotnet|swift|zig|bazel|flutter|docker|hatch|vite|next|nuxt|astro|ng|expo|xcodebuild|msbuild)\s+build`,
          String.raw`cargo\s+(?:check|run)`,
          String.raw`go\s+(?:run|install|vet)`,
          String.raw`dotnet\s+run`,
          String.raw`(?:c?make)(?:\s|$)`,
          String.raw`tsc\b`,
          String.raw`python3?\s+-m\s+build`,
          String.raw`(?:uv|poetry|pdm|hatch)\s+run\s+\S`,
          TARGET('build|compile|assemble|package|install|all|dev|run|check|lint'),
        ].join('|') +
        ')',
      'im',
    ),
    prose: /\b(?:build|compile)\s+(?:the\s+)?(?:project|app|code|package|binary|binaries|workspace)\b/i,
    hint: 'the command that builds the project, or runs it when there is nothing to build (for example `npm run build`)',
  },
  {
    name: 'Test',
    match: ['test', 'verification', 'verify', 'validation', 'quality checks', 'checks'],
    commands: new RegExp(
      String.raw`\b(?:` +
        [
          SCRIPT('test[\\w:-]*|e2e|check'),
          String.raw`(?:go|cargo|dotnet|swift|flutter|dart|deno|mix|bazel|zig|bun|hatch|forge)\s+test`,
          String.raw`cargo\s+nextest`,
          String.raw`(?:pytest|jest|vitest|mocha|rspec|phpunit|ctest|tox|nox|unittest|playwright\s+test|cypress\s+run)\b`,
          String.raw`python3?\s+-m\s+(?:pytest|unittest)`,
          TARGET('test|spec|check|verify|e2e|ci'),
        ].join('|') +
        ')',
      'im',
    ),
    prose: /\brun(?:ning)?\s+(?:the\s+|all\s+|unit\s+|relevant\s+|affected\s+)?(?:tests|test\s+suite|specs)\b/i,
    hint: 'the command that runs the tests, and how to run a single one (for example `npm test -- cart.test.ts`)',
  },
];

/** Files a context file may hand over to by name alone ("Read AGENTS.md before proceeding"). */
const HANDOVER_NAMES = ['AGENTS.md', 'CLAUDE.md', 'GEMINI.md', 'CONTRIBUTING.md', 'DEVELOPMENT.md', '.github/copilot-instructions.md'];
/** Context files in the folders above, which agents load with this one. */
const CONTEXT_NAMES = ['AGENTS.md', 'CLAUDE.md', 'GEMINI.md'];
/** Files worth reading for headings and commands. */
const MARKDOWN = /\.(?:md|mdc|markdown|txt)$/i;
/** At most this many linked files are read. */
const MAX_LINKED = 10;
/** A file this short that names another context file hands over to it (`@AGENTS.md`, "Read AGENTS.md first"). */
const SHORT_LINES = 20;

/**
 * Signs that the file describes software (a manifest, a source file, a language): a context file for a
 * business, a prompt collection or a set of workflows has nothing to build or test.
 */
const SOFTWARE =
  /\b(?:package\.json|pyproject\.toml|requirements\.txt|setup\.py|Cargo\.toml|go\.mod|pom\.xml|build\.gradle|Makefile|CMakeLists\.txt|Gemfile|composer\.json|mix\.exs|pubspec\.yaml|deno\.json|tsconfig\.json|TypeScript|JavaScript|Python|Golang|Rust|Kotlin|Java|C\+\+|C#|Ruby|PHP|Elixir|Swift)\b|\w\.(?:[cm]?[jt]sx?|py|go|rs|java|kt|swift|cs|cpp|cc|hpp|rb|php|ex|exs|dart|scala|vue|svelte|csproj)\b/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function fromConfig(spec: SectionSpec): Requirement {
  const commands = spec.commands?.length
    ? new RegExp(String.raw`(?<![\w-])(?:${spec.commands.map((c) => escape(c).replace(/\s+/g, '\\s+')).join('|')})`, 'i')
    : /(?!)/;
  return { name: spec.name, match: spec.match, commands, hint: spec.hint ?? `a '${spec.name}' heading` };
}

/**
 * Headings and code (fenced blocks, inline code) of a Markdown text read only for this rule, in one pass
 * over its lines: cheaper than parsing it, and linear whatever the text.
 */
function scanMarkdown(text: string): { headings: string[]; code: string[] } {
  const headings: string[] = [];
  const code: string[] = [];
  let fence: { marker: string; lines: string[] } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && (f[1] as string).startsWith(fence.marker)) {
        code.push(fence.lines.join('\n'));
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    if (f) {
      fence = { marker: f[1] as string, lines: [] };
      continue;
    }
    const h = /^ {0,3}#{1,6}[ \t]+(.*)$/.exec(line);
    if (h) headings.push(h[1] as string);
    for (const m of line.matchAll(/`([^`]+)`/g)) code.push(m[1] as string);
  }
  if (fence) code.push(fence.lines.join('\n'));
  return { headings, code };
}

/**
 * Other files whose content the agent reads with this one: the local Markdown files it links or imports
 * (`@AGENTS.md`, `[guide](docs/dev.md)`), the ones it names ("Read AGENTS.md"), and the context files of the
 * folders above it up to the workspace root.
 */
function related(doc: PromptDocument, host: Host, root: string): string[] {
  const texts: string[] = [];
  const seen = new Set([doc.path]);
  const read = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = host.exists(file) ? host.readFile(file) : undefined;
    if (text !== undefined) texts.push(text);
  };
  const linked = doc.references.filter((r) => MARKDOWN.test(r.resolved) && !r.target.startsWith('~/')).slice(0, MAX_LINKED);
  for (const ref of linked) read(ref.resolved);
  for (const name of HANDOVER_NAMES) if (name !== doc.fileName && doc.text.includes(name)) read(path.join(doc.dir, name));
  const rel = path.relative(root, doc.dir);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    for (let dir = path.dirname(doc.dir); ; dir = path.dirname(dir)) {
      for (const name of CONTEXT_NAMES) read(path.join(dir, name));
      if (dir === root || path.dirname(dir) === dir) break;
    }
  }
  return texts;
}

interface Evidence {
  headings: string[];
  code: string[];
  /** Everything read: the software test and the defaults' prose phrases look at it. */
  text: string;
}

function evidenceOf(doc: PromptDocument, host: Host, root: string, withRelated: boolean): Evidence {
  const headings = doc.allSections.map((s) => s.title);
  const code = doc.codeSpans.map((c) => doc.text.slice(c.start, c.end).replace(/^`+|`+$/g, ''));
  const evidence: Evidence = { headings, code, text: doc.text };
  if (withRelated) {
    const texts = related(doc, host, root);
    for (const text of texts) {
      const found = scanMarkdown(text);
      headings.push(...found.headings);
      code.push(...found.code);
    }
    evidence.text = [doc.text, ...texts].join('\n');
  }
  return evidence;
}

function present(req: Requirement, evidence: Evidence): boolean {
  const words = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${req.match.map((m) => escape(m.toLowerCase()).replace(/\s+/g, '\\s+')).join('|')})`, 'u');
  if (evidence.headings.some((h) => words.test(h.toLowerCase()))) return true;
  if (req.prose?.test(evidence.text)) return true;
  return evidence.code.some((c) => req.commands.test(c));
}

/** Appends `## Name` and a line asking for its content at the end of the file. */
function appendSection(doc: PromptDocument, req: Requirement): Fix {
  const nl = lineBreak(doc);
  // Sections under one `# Title` are `##`; a file whose sections are all `#` gets another `#`.
  const depth = doc.allSections.filter((s) => s.depth === 1).length > 1 ? 1 : 2;
  const end = doc.text.length;
  const before = doc.text.endsWith(nl + nl) || end === 0 ? '' : doc.text.endsWith(nl) ? nl : nl + nl;
  return {
    title: `Add a '${req.name}' section`,
    edits: [{ range: doc.range(end, end), newText: `${before}${'#'.repeat(depth)} ${req.name}${nl}${nl}TODO: ${req.hint.charAt(0).toUpperCase()}${req.hint.slice(1)}.${nl}` }],
  };
}

export const requiredSections = defineRule<Options>({
  meta: {
    id: 'required-sections',
    category: 'context',
    defaultSeverity: 'off',
    kinds: KINDS,
    fixable: true,
    options: OPTIONS,
    docs: {
      summary:
        'Reports a file that lacks a section its kind requires; by default a context file (AGENTS.md, CLAUDE.md) without setup, build and test instructions.',
      rationale:
        'An agent that is not told how to install, build and test the project guesses: it runs `npm install` in a ' +
        'pnpm workspace, skips the tests or runs the whole suite for a one-line change, and reports success on ' +
        'code that does not build. These commands are what the AGENTS.md convention puts first, and what a ' +
        'reviewer checks the agent ran. A team can require its own sections (security notes, the PR checklist) per kind.',
      bad: '# Shop\n\nA Next.js storefront. Use TypeScript and keep components small.',
      good: '# Shop\n\nA Next.js storefront. Use TypeScript and keep components small.\n\n## Setup\n`pnpm install`\n\n## Build\n`pnpm build`\n\n## Test\n`pnpm test` (one file: `pnpm test -- cart.test.ts`)',
      kindsNote:
        'Any kind the team configures; by default only context files, which describe a project rather than a task. ' +
        'A section counts as present when a heading names it (`## Testing`, `## Getting started`) or, for the ' +
        'defaults, when a command for it appears in code (`pnpm test`, `pytest`, `make build`). Headings and ' +
        'commands in the context files it points to (`@AGENTS.md`, "See AGENTS.md") and in those of the folders ' +
        'above it count too: agents read them together. The defaults leave alone a short file that hands over to ' +
        'another context file, a file not in English, and one that describes no software (no manifest, source ' +
        'file, language or command: the context of a business, a collection of prompts).',
      options:
        '`sections`: kind → list of `{ name, match, commands?, hint? }`; `match` lists heading words or phrases ' +
        '(case-insensitive, from the start of a word: `test` matches "Testing"), `commands` lists commands whose ' +
        'appearance in code also counts, `hint` is the line the quick fix inserts under the new heading. A kind ' +
        'listed replaces its default; `"context": []` turns the default off. Default for `context`: Setup, Build ' +
        'and Test, with the heading words and the common commands of npm, pnpm, yarn, pip, uv, poetry, go, cargo, ' +
        'dotnet, make, gradle, maven and others.',
      precision: {
        right: 7,
        judged: 22,
        note:
          'Off by default: a team turns it on with its own sections. With the default (Setup, Build, Test) it found ' +
          '78 gaps in 53 of the 248 corpus context files; of 22 read, 7 were gaps the author would fill (no test ' +
          'command in a TypeScript or Java project, no install step for a Python or pnpm one). The misses: 8 Setup ' +
          'gaps in files that give build and test commands for a checkout that is already set up, 3 Build gaps (a ' +
          'Python project, a collection of subagents, a deprecated repository) and 4 Test gaps (that collection, ' +
          'twice; a policy-only file; a file whose tasks all run through nx).',
      },
    },
  },
  check({ doc, options, host, root, report }) {
    const kind: Kind | undefined = doc.kind;
    if (!kind) return;
    const configured = options.sections[kind];
    const requirements = configured ? configured.map(fromConfig) : kind === 'context' ? CONTEXT_DEFAULT : [];
    if (!requirements.length) return;
    const local = evidenceOf(doc, host, root, false);
    let missing = requirements.filter((r) => !present(r, local));
    if (!missing.length) return;
    const widened = evidenceOf(doc, host, root, kind === 'context');
    missing = missing.filter((r) => !present(r, widened));
    if (!missing.length) return;
    // A short file that hands over to another context file ("@AGENTS.md", "Read AGENTS.md first") is judged by
    // that file, which has its own findings (or cannot be read here).
    if (doc.text.split('\n').filter((l) => l.trim()).length <= SHORT_LINES && HANDOVER_NAMES.some((n) => n !== doc.fileName && doc.text.includes(n))) return;
    // The default's heading words are English.
    if (!configured && !isEnglish(doc)) return;
    // The default asks a project how to build and test it; a context file about something else has neither.
    if (!configured && !SOFTWARE.test(widened.text) && !widened.code.some((c) => CONTEXT_DEFAULT.some((r) => r.commands.test(c)))) return;
    for (const req of missing) {
      report({
        range: topRange(doc),
        message: `Unexpected ${kindNoun(kind)} without a '${req.name}' section, expected ${req.hint}`,
        fixes: [appendSection(doc, req)],
      });
    }
  },
});
