/**
 * Realistic prompt and context files for the synthetic repositories, and the small edits people
 * make to them. A file is kept as a model (frontmatter, sections of paragraphs, lists and code) so
 * an edit changes a sentence or a list item the way a person would, not random bytes: the analyser
 * then sees what it sees in real history (objectives, output formats, vague words, placeholders,
 * references to files that exist or not), and each edit makes a new blob of about the same size.
 */
import * as path from 'node:path';
import { Random } from './random';

export type FileKind = 'prompt' | 'instructions' | 'context' | 'rules' | 'skill';

export type Block =
  | { type: 'p'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'code'; lang: string; lines: string[] };

type Role = 'objective' | 'context' | 'steps' | 'constraints' | 'output' | 'examples' | 'notes' | 'setup' | 'style' | 'testing' | 'review';

interface Section {
  heading: string;
  role: Role;
  blocks: Block[];
}

export interface DocModel {
  path: string;
  kind: FileKind;
  frontmatter: [string, string][];
  title?: string;
  sections: Section[];
  /** Size in bytes the file hovers around: edits grow it below and shrink it above. */
  target: number;
  /** Chance a sentence carries a vague word or a placeholder: some authors are sloppier. */
  sloppiness: number;
  /** The package the file is about, so its sentences stay on one subject. */
  pkg: string;
}

/** What the files can refer to: files that exist in the repository, and a few that no longer do. */
export interface World {
  packages: readonly string[];
  sources: readonly string[];
  missing: readonly string[];
}

const NOUNS = [
  'invoice totals', 'the payment webhook handler', 'customer records', 'the database migration', 'feature flags',
  'the public API', 'React components', 'test fixtures', 'error messages', 'the retry policy', 'cache keys',
  'the search index', 'release notes', 'the audit log', 'the rate limiter', 'the checkout form', 'email templates',
  'GraphQL resolvers', 'CLI commands', 'Terraform modules', 'the onboarding flow', 'SQL queries', 'background jobs',
  'the changelog', 'the session store', 'webhook signatures', 'currency rounding', 'the import pipeline',
];
const VERBS = ['review', 'refactor', 'document', 'test', 'migrate', 'summarize', 'triage', 'explain', 'harden', 'profile', 'simplify', 'audit'];
const OUTCOMES = [
  'the tests pass without retries', 'a reviewer can follow the change in one sitting', 'no customer-facing behaviour changes',
  'the p95 latency stays under 200 ms', 'every error path is covered by a test', 'the on-call engineer can act on it at 3 a.m.',
  'the migration can be rolled back in one command', 'the diff stays under 400 lines',
];
const PROBLEMS = ['unhandled error', 'missing test', 'N+1 query', 'race condition', 'hard-coded credential', 'unclear name', 'breaking API change', 'silent retry', 'unbounded loop'];
const ROLES = ['backend engineer', 'TypeScript reviewer', 'site reliability engineer', 'technical writer', 'data engineer', 'security reviewer'];
const TOOLS = ['pnpm', 'vitest', 'eslint', 'prettier', 'zod', 'Prisma', 'Playwright', 'Terraform', 'OpenTelemetry'];
const COMMANDS = ['pnpm install', 'pnpm test', 'pnpm lint', 'pnpm typecheck', 'pnpm build', 'pnpm dev', 'docker compose up -d db', 'pnpm db:migrate', 'pnpm e2e'];
const COLUMNS = ['file', 'line', 'severity', 'finding', 'suggested fix', 'owner', 'risk', 'status', 'effort'];
const PLACEHOLDERS = ['{{ticket_id}}', '{{service_name}}', '${input:branch}', '${input:ticket}', '[TODO: add the acceptance criteria]', '<SERVICE_NAME>', '{{customer}}', 'TBD'];
const VAGUE_TAILS = [' as appropriate', ' properly', ', etc.', ' if needed', ' where it makes sense', ' somehow', ' and so on'];
const VAGUE_LEADS = ['Try to ', 'Make sure to ', 'Be sure to ', 'If possible, ', 'Ideally, '];
const VAGUE_SENTENCES = [
  'Follow best practices.', 'Write high-quality code.', 'Handle errors properly.', 'Add some tests where appropriate.',
  'Keep it reasonably short.', 'Use various examples.', 'Be thorough but concise.', 'Make it clean and readable.',
];
const FRONT_TOOLS = ['codebase', 'editFiles', 'runCommands', 'search', 'fetch', 'githubRepo', 'problems', 'terminalLastCommand'];
const MODES = ['agent', 'ask', 'edit'];

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export class Writer {
  constructor(
    private readonly rnd: Random,
    private readonly world: World,
  ) {}

  /** A new file of `kind` at `file`, about `target` bytes long. */
  create(file: string, kind: FileKind, pkg: string): DocModel {
    const r = this.rnd;
    const median = { prompt: 3500, instructions: 3800, context: 6500, rules: 1400, skill: 5500 }[kind];
    const target = Math.round(Math.min(40_000, Math.max(350, r.logNormal(median, 0.7))));
    const doc: DocModel = { path: file, kind, frontmatter: [], sections: [], target, sloppiness: Math.min(0.6, r.logNormal(0.12, 0.8)), pkg };
    this.begin(doc);
    const name = path.basename(file).replace(/\.(prompt|instructions)\.md$|\.mdc$|\.md$/, '');
    switch (kind) {
      case 'prompt':
        if (r.chance(0.8)) {
          doc.frontmatter.push(['mode', r.pick(MODES)], ['description', this.description()]);
          if (r.chance(0.5)) doc.frontmatter.push(['tools', `[${r.shuffle([...FRONT_TOOLS]).slice(0, r.int(1, 4)).map((t) => `'${t}'`).join(', ')}]`]);
        }
        doc.title = cap(name.replace(/-/g, ' '));
        doc.sections.push(this.section('objective', r.pick(['Objective', 'Task', 'Goal', 'What to do'])));
        doc.sections.push(this.section('context', 'Context'));
        doc.sections.push(this.section('steps', r.pick(['Steps', 'Process', 'How to work'])));
        if (r.chance(0.8)) doc.sections.push(this.section('constraints', r.pick(['Constraints', 'Rules', 'Boundaries'])));
        // A fifth of prompts forget to say what to return: output-format-missing has something to find.
        if (r.chance(0.8)) doc.sections.push(this.section('output', r.pick(['Output format', 'Output', 'Response format'])));
        if (r.chance(0.4)) doc.sections.push(this.section('examples', 'Examples'));
        break;
      case 'instructions':
        doc.frontmatter.push(['applyTo', `"${r.pick(['**/*.ts', '**/*.tsx', 'packages/**/src/**', '**/*.test.ts', '**/*.sql', 'infra/**/*.tf'])}"`]);
        if (r.chance(0.6)) doc.frontmatter.push(['description', this.description()]);
        doc.title = `${cap(name.replace(/-/g, ' '))} guidelines`;
        doc.sections.push(this.section('style', 'Conventions'));
        doc.sections.push(this.section('testing', 'Tests'));
        if (r.chance(0.5)) doc.sections.push(this.section('constraints', 'Avoid'));
        break;
      case 'context':
        doc.title = file === 'AGENTS.md' ? 'AGENTS.md' : `Agent guide: ${pkg}`;
        doc.sections.push(this.section('context', 'Overview'));
        doc.sections.push(this.section('setup', r.pick(['Setup commands', 'Dev environment', 'Getting started'])));
        doc.sections.push(this.section('style', 'Code style'));
        doc.sections.push(this.section('testing', 'Testing instructions'));
        doc.sections.push(this.section('review', r.pick(['PR instructions', 'Pull requests', 'Before you commit'])));
        break;
      case 'rules':
        doc.frontmatter.push(['description', this.description()], ['globs', r.pick(['', '**/*.ts', 'src/**/*.tsx', '**/*.sql', '*.md'])], ['alwaysApply', r.pick(['true', 'false', 'false'])]);
        if (r.chance(0.5)) doc.title = cap(name.replace(/-/g, ' '));
        doc.sections.push(this.section('style', ''));
        break;
      case 'skill':
        doc.frontmatter.push(['name', name === 'SKILL' ? path.basename(path.dirname(file)) : name], ['description', this.description()]);
        doc.title = cap(path.basename(path.dirname(file)).replace(/-/g, ' '));
        doc.sections.push(this.section('objective', 'When to use this skill'));
        doc.sections.push(this.section('steps', 'Instructions'));
        doc.sections.push(this.section('setup', 'Scripts'));
        if (r.chance(0.6)) doc.sections.push(this.section('output', 'Output'));
        if (r.chance(0.5)) doc.sections.push(this.section('context', 'References'));
        break;
    }
    // Grow to the target the way files grow: more items in the lists, more sections.
    for (let guard = 0; render(doc).length < doc.target && guard < 400; guard++) this.grow(doc);
    return doc;
  }

  /** One edit a person would make; returns a few words for the commit subject. */
  edit(doc: DocModel): string {
    this.begin(doc);
    const r = this.rnd;
    const size = render(doc).length;
    const ops: [() => string | undefined, number][] = [
      [() => this.reword(doc), 34],
      [() => this.addItem(doc), size < doc.target * 1.2 ? 20 : 4],
      [() => this.removeItem(doc), size > doc.target * 0.8 ? 12 : 3],
      [() => this.addSection(doc), size < doc.target ? 6 : 1],
      [() => this.removeSection(doc), size > doc.target * 1.1 ? 6 : 1],
      [() => this.makePrecise(doc), 8],
      [() => this.makeVague(doc), 6],
      [() => this.placeholder(doc), 4],
      [() => this.frontmatter(doc), 4],
    ];
    for (let attempt = 0; attempt < 8; attempt++) {
      const done = r.weighted(ops)();
      if (done) return done;
    }
    return this.reword(doc) ?? 'touch up wording';
  }

  private section(role: Role, heading: string): Section {
    const r = this.rnd;
    const blocks: Block[] = [];
    switch (role) {
      case 'objective':
        blocks.push({ type: 'p', text: this.sentence('objective') });
        if (r.chance(0.5)) blocks.push({ type: 'p', text: this.sentence('objective') });
        break;
      case 'context':
        blocks.push({ type: 'p', text: `${this.sentence('context')} ${this.sentence('context')}` });
        if (r.chance(0.5)) blocks.push(this.list('context', r.int(2, 4), false));
        break;
      case 'steps':
        blocks.push(this.list('steps', r.int(3, 6), true));
        break;
      case 'constraints':
        blocks.push(this.list('constraints', r.int(3, 6), false));
        break;
      case 'output':
        blocks.push({ type: 'p', text: this.sentence('output') });
        if (r.chance(0.5)) blocks.push(this.jsonShape());
        else blocks.push(this.list('output', r.int(2, 4), false));
        break;
      case 'examples':
        blocks.push({ type: 'p', text: `Input: ${this.sentence('steps')}` }, this.jsonShape());
        break;
      case 'setup':
        blocks.push({ type: 'code', lang: 'bash', lines: r.shuffle([...COMMANDS]).slice(0, r.int(2, 5)).map((c) => c.replace('pnpm ', `pnpm --filter ${this.pkgOf()} `)) });
        if (r.chance(0.6)) blocks.push({ type: 'p', text: this.sentence('context') });
        break;
      case 'style':
      case 'testing':
      case 'review':
      case 'notes':
        blocks.push(this.list(role === 'notes' ? 'context' : 'constraints', r.int(3, 7), false));
        if (r.chance(0.3)) blocks.push({ type: 'p', text: this.sentence('context') });
        break;
    }
    return { heading, role, blocks };
  }

  private list(role: Role, n: number, ordered: boolean): Block {
    return { type: 'list', ordered, items: Array.from({ length: n }, () => this.sentence(role)) };
  }

  private jsonShape(): Block {
    const r = this.rnd;
    const keys = r.shuffle(COLUMNS.map((c) => c.replace(/ /g, '_'))).slice(0, r.int(2, 5));
    return { type: 'code', lang: 'json', lines: ['{', ...keys.map((k, i) => `  "${k}": "${k === 'severity' ? 'error | warning' : '…'}"${i < keys.length - 1 ? ',' : ''}`), '}'] };
  }

  /** Mostly the file's own package, sometimes a neighbour it talks to. */
  private pkgOf(): string {
    return this.rnd.chance(0.7) && this.pkgNow ? this.pkgNow : this.rnd.pick(this.world.packages);
  }

  private description(): string {
    const r = this.rnd;
    return `${cap(r.pick(VERBS))} ${r.pick(NOUNS)} in ${r.pick(this.world.packages)}`;
  }

  /** A reference as people write them: a Markdown link, a backticked path, `#file:` or `@`. */
  private ref(from: string): string {
    const r = this.rnd;
    const target = r.chance(0.08) ? r.pick(this.world.missing) : r.pick(this.world.sources);
    const rel = path.posix.relative(path.posix.dirname(from), target) || target;
    return r.weighted<string>([
      [`[${path.posix.basename(target)}](${rel})`, 5],
      [`\`${target}\``, 3],
      [`#file:${rel}`, 1],
      [`@${target}`, 1],
    ]);
  }

  /** The file the sentence is written for, so relative references resolve from it. */
  private current = '';

  sentence(role: Role): string {
    const r = this.rnd;
    const noun = r.pick(NOUNS);
    const verb = r.pick(VERBS);
    const pkg = this.pkgOf();
    let s: string;
    switch (role) {
      case 'objective':
        s = r.pick([
          `Your task is to ${verb} ${noun} in the \`${pkg}\` package so that ${r.pick(OUTCOMES)}.`,
          `${cap(verb)} ${noun} and report every ${r.pick(PROBLEMS)} you find, with the file and line.`,
          `You are a ${r.pick(ROLES)} helping the ${pkg} team ${verb} ${noun}.`,
          `${cap(verb)} the change described in {{ticket_id}} and propose the smallest diff that does it.`,
          `Help me ${verb} ${noun}.`,
        ]);
        break;
      case 'context':
        s = r.pick([
          `The code lives in ${this.ref(this.current)}; the conventions are in ${this.ref(this.current)}.`,
          `Read ${this.ref(this.current)} before changing anything in \`packages/${pkg}\`.`,
          `${cap(pkg)} calls ${this.pkgOf()} through ${noun}; the contract is described in ${this.ref(this.current)}.`,
          `We deploy ${pkg} ${r.pick(['twice a day', 'on every merge', 'every Tuesday', 'behind a feature flag'])} from the \`main\` branch.`,
          `The code behind ${noun} dates from ${r.int(2019, 2024)} and has ${r.int(2, 14)} known issues.`,
          `${cap(noun)} must stay compatible with the mobile app, which updates slowly.`,
        ]);
        break;
      case 'steps':
        s = r.pick([
          `Read ${this.ref(this.current)} and list the ${noun.replace(/^the /, '')} it touches.`,
          `Run \`${r.pick(COMMANDS)}\` and note every failure.`,
          `Write a failing test for each ${r.pick(PROBLEMS)} before fixing it.`,
          `${cap(verb)} ${noun} one file at a time.`,
          `Open a draft pull request titled "${pkg}: ${verb} ${noun}".`,
          `Ask which ${noun.replace(/^the /, '')} to ${verb} first when more than ${r.int(3, 10)} are affected.`,
          `Check the result against ${this.ref(this.current)}.`,
        ]);
        break;
      case 'constraints':
        s = r.pick([
          `Do not change the public API of \`${pkg}\`.`,
          'Never commit directly to `main`.',
          `Keep each function under ${r.int(20, 80)} lines.`,
          `Only edit files under \`packages/${pkg}/src\`.`,
          `Use ${r.pick(TOOLS)} for ${r.pick(['validation', 'tests', 'formatting', 'migrations', 'tracing'])}; do not add new dependencies.`,
          `Stop and ask before deleting any ${noun.replace(/^the /, '')}.`,
          'Do not log customer emails or card numbers.',
          `Prefer small pure functions over classes in \`${pkg}\`.`,
          `Name tests after the behaviour they check, for example \`rejects an expired ${r.pick(['token', 'coupon', 'session'])}\`.`,
          `Run \`${r.pick(COMMANDS)}\` before you push.`,
          `Do not change ${noun} without a migration note in ${this.ref(this.current)}.`,
          `Return early on invalid input instead of nesting checks around ${noun}.`,
          `Log changes to ${noun} at info level with the request id.`,
          `Keep ${noun} behind the \`${pkg}-${verb}\` flag until the rollout finishes.`,
          `Throw the errors from \`packages/${pkg}/src/errors.ts\`, never bare strings.`,
          `Ask for a review from the ${this.pkgOf()} owners when ${noun} change.`,
        ]);
        // Now and then someone shouts.
        if (r.chance(0.05)) s = `IMPORTANT: ${s.toUpperCase()}`;
        break;
      case 'output':
        s = r.pick([
          `Respond with a Markdown table with the columns ${r.shuffle([...COLUMNS]).slice(0, 3).join(', ')}.`,
          'Return JSON only, matching this shape:',
          'Reply with a one-line summary, then the list of changed files.',
          `Write the result to \`docs/${verb}-report.md\` and reply with its path.`,
          'Give a short summary of what you changed.',
        ]);
        break;
      default:
        s = `${cap(verb)} ${noun}.`;
    }
    if (r.chance(this.sloppinessNow)) s = this.vague(s);
    return s;
  }

  /** The sloppiness and package of the file being written (set by `begin` before each create and edit). */
  private sloppinessNow = 0.1;
  private pkgNow = '';

  private vague(s: string): string {
    const r = this.rnd;
    return r.weighted<() => string>([
      [() => s.replace(/\.$/, `${r.pick(VAGUE_TAILS)}.`), 4],
      [() => `${r.pick(VAGUE_LEADS)}${s.charAt(0).toLowerCase()}${s.slice(1)}`, 2],
      [() => `${s} ${r.pick(VAGUE_SENTENCES)}`, 3],
      [() => s.replace(/\.$/, ` for ${r.pick(PLACEHOLDERS)}.`), 1],
    ])();
  }

  private grow(doc: DocModel): void {
    this.begin(doc);
    const lists = this.lists(doc);
    if (lists.length && this.rnd.chance(0.6)) {
      const { section, block } = this.rnd.pick(lists);
      block.items.push(this.sentence(section.role === 'steps' ? 'steps' : section.role === 'context' ? 'context' : 'constraints'));
    } else {
      this.addSection(doc);
    }
  }

  private begin(doc: DocModel): void {
    this.current = doc.path;
    this.pkgNow = doc.pkg;
    this.sloppinessNow = doc.sloppiness;
  }

  private lists(doc: DocModel): { section: Section; block: Extract<Block, { type: 'list' }> }[] {
    return doc.sections.flatMap((section) => section.blocks.filter((b): b is Extract<Block, { type: 'list' }> => b.type === 'list').map((block) => ({ section, block })));
  }

  private texts(doc: DocModel): { get(): string; set(s: string): void }[] {
    const out: { get(): string; set(s: string): void }[] = [];
    for (const s of doc.sections) {
      for (const b of s.blocks) {
        if (b.type === 'p') out.push({ get: () => b.text, set: (t) => (b.text = t) });
        if (b.type === 'list') b.items.forEach((_, i) => out.push({ get: () => b.items[i] as string, set: (t) => (b.items[i] = t) }));
      }
    }
    return out;
  }

  private reword(doc: DocModel): string | undefined {
    this.begin(doc);
    const r = this.rnd;
    const section = r.pick(doc.sections);
    const block = r.pick(section.blocks);
    const role: Role = section.role === 'steps' || section.role === 'objective' || section.role === 'output' ? section.role : section.role === 'context' ? 'context' : 'constraints';
    if (block.type === 'p') block.text = this.sentence(role);
    else if (block.type === 'list') block.items[r.int(0, block.items.length - 1)] = this.sentence(role === 'objective' ? 'steps' : role);
    else if (block.lang === 'bash') block.lines[r.int(0, block.lines.length - 1)] = r.pick(COMMANDS);
    else return undefined;
    return r.pick([`reword ${section.heading || 'rules'}`, `clarify ${(section.heading || 'the rules').toLowerCase()}`, 'tighten wording', `update ${role} guidance`]);
  }

  private addItem(doc: DocModel): string | undefined {
    this.begin(doc);
    const lists = this.lists(doc);
    if (!lists.length) return undefined;
    const { section, block } = this.rnd.pick(lists);
    block.items.splice(this.rnd.int(0, block.items.length), 0, this.sentence(section.role === 'steps' ? 'steps' : section.role === 'output' ? 'output' : 'constraints'));
    return `add a ${section.role === 'steps' ? 'step' : 'rule'} to ${(section.heading || 'the rules').toLowerCase()}`;
  }

  private removeItem(doc: DocModel): string | undefined {
    const lists = this.lists(doc).filter(({ block }) => block.items.length > 2);
    if (!lists.length) return undefined;
    const { section, block } = this.rnd.pick(lists);
    block.items.splice(this.rnd.int(0, block.items.length - 1), 1);
    return `drop an outdated item from ${(section.heading || 'the rules').toLowerCase()}`;
  }

  private addSection(doc: DocModel): string | undefined {
    this.begin(doc);
    const r = this.rnd;
    const [role, heading] = r.pick<[Role, string]>([
      ['constraints', 'Constraints'], ['notes', 'Notes'], ['examples', 'Examples'], ['output', 'Output format'],
      ['testing', 'Testing'], ['context', 'Background'], ['review', 'Review checklist'], ['steps', 'Follow-up'],
    ]);
    if (doc.sections.some((s) => s.heading === heading)) {
      const same = doc.sections.find((s) => s.heading === heading) as Section;
      same.blocks.push(...this.section(role, heading).blocks);
    } else {
      doc.sections.splice(r.int(1, doc.sections.length), 0, this.section(role, heading));
    }
    return `add ${heading.toLowerCase()}`;
  }

  private removeSection(doc: DocModel): string | undefined {
    if (doc.sections.length < 3) return undefined;
    const i = this.rnd.int(1, doc.sections.length - 1);
    const [gone] = doc.sections.splice(i, 1);
    return `remove ${(gone as Section).heading.toLowerCase() || 'a section'}`;
  }

  private makePrecise(doc: DocModel): string | undefined {
    const vague = new RegExp(`(${[...VAGUE_TAILS, ...VAGUE_LEADS, ...VAGUE_SENTENCES].map((v) => v.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
    const hits = this.texts(doc).filter((t) => vague.test(t.get()));
    if (!hits.length) return undefined;
    const t = this.rnd.pick(hits);
    t.set(t.get().replace(vague, '').replace(/ {2,}/g, ' ').replace(/ \./g, '.').trim() || 'Run the tests before you push.');
    return this.rnd.pick(['be specific', 'replace vague wording', 'say exactly what done means']);
  }

  private makeVague(doc: DocModel): string | undefined {
    const texts = this.texts(doc);
    if (!texts.length) return undefined;
    const t = this.rnd.pick(texts);
    t.set(this.vague(t.get()));
    return this.rnd.pick(['simplify instructions', 'shorten', 'quick fix', 'wip']);
  }

  private placeholder(doc: DocModel): string | undefined {
    const texts = this.texts(doc);
    if (!texts.length) return undefined;
    const t = this.rnd.pick(texts);
    const text = t.get();
    const found = PLACEHOLDERS.find((p) => text.includes(p));
    if (found) {
      t.set(text.replace(found, this.rnd.pick(this.world.packages)));
      return 'fill in placeholder';
    }
    t.set(text.replace(/\.$/, ` (${this.rnd.pick(PLACEHOLDERS)}).`));
    return 'add template variable';
  }

  private frontmatter(doc: DocModel): string | undefined {
    const i = doc.frontmatter.findIndex(([k]) => k === 'description');
    if (i < 0) return undefined;
    doc.frontmatter[i] = ['description', this.description()];
    return 'update description';
  }
}

/** The file's text: frontmatter, title, sections. */
export function render(doc: DocModel): string {
  const out: string[] = [];
  if (doc.frontmatter.length) out.push('---', ...doc.frontmatter.map(([k, v]) => `${k}: ${v}`), '---', '');
  if (doc.title) out.push(`# ${doc.title}`, '');
  for (const s of doc.sections) {
    if (s.heading) out.push(`## ${s.heading}`, '');
    for (const b of s.blocks) {
      if (b.type === 'p') out.push(b.text, '');
      else if (b.type === 'list') out.push(...b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item}`), '');
      else out.push(`\`\`\`${b.lang}`, ...b.lines, '```', '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A small non-prompt file (source or docs) for prompts to refer to. */
export function sourceText(file: string, rnd: Random): string {
  if (file.endsWith('.md')) {
    return `# ${cap(path.posix.basename(file, '.md').replace(/-/g, ' '))}\n\n${Array.from({ length: rnd.int(3, 10) }, () => `${cap(rnd.pick(VERBS))} ${rnd.pick(NOUNS)} before release.`).join('\n')}\n`;
  }
  const name = path.posix.basename(file).replace(/\W.*$/, '');
  return `export function ${name}(input: string): string {\n  // revision ${rnd.int(1, 1e6)}\n  return input.trim();\n}\n`;
}
