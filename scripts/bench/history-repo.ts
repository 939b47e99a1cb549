/**
 * A deterministic synthetic git repository for the `history` benchmark: a monorepo whose team
 * keeps prompt and context files (`prompts/**\/*.prompt.md`, `.github/instructions/*.instructions.md`,
 * `AGENTS.md` per folder, `.cursor/rules/*.mdc`, `SKILL.md`) next to a little code and docs, with
 * a year of commits by several authors, each touching one to five prompt files.
 *
 * The same options give the same repository, to the commit ids: a seeded generator, fixed dates
 * and identities. It is written by one `git fast-import` (a second or two) instead of a thousand
 * `git commit` processes (minutes).
 *
 *   tsx scripts/bench/history-repo.ts --keep DIR [--commits 1000] [--files 200] [--seed 1]
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { render, sourceText, Writer, type DocModel, type FileKind, type World } from './prose';
import { Random } from './random';

export interface HistoryRepoOptions {
  commits: number;
  /** Distinct prompt and context paths over the whole history (a few are deleted on the way). */
  files: number;
  seed: number;
  /** Build here (and keep it) instead of a temporary folder that `cleanup` removes. */
  keep?: string;
}

export const DEFAULT_HISTORY_REPO: Readonly<HistoryRepoOptions> = { commits: 1000, files: 200, seed: 1 };

export interface HistoryRepo {
  dir: string;
  head: string;
  commits: number;
  /** Prompt file changes over all commits: adds, edits, deletes. */
  changes: { added: number; edited: number; deleted: number };
  /** Prompt files at HEAD, and their size in bytes. */
  filesAtHead: number;
  bytesAtHead: number;
  authors: number;
  /** Whether an earlier build in `keep` was reused. */
  reused: boolean;
  buildMs: number;
  cleanup(): void;
}

const PACKAGES = ['billing', 'checkout', 'catalog', 'auth', 'notifications', 'search', 'payments', 'ledger', 'reporting', 'shipping', 'inventory', 'admin-ui'];
const SERVICES = ['api-gateway', 'webhooks', 'scheduler', 'mailer', 'exporter', 'importer', 'pricing', 'fraud'];
const APPS = ['web', 'mobile', 'admin', 'docs'];
const AREAS = ['engineering', 'support', 'data', 'docs', 'security', 'release', 'onboarding'];
const TOPICS = ['typescript', 'react', 'testing', 'sql', 'terraform', 'api-design', 'accessibility', 'security', 'logging', 'errors', 'i18n', 'performance', 'migrations', 'docs', 'naming', 'graphql', 'observability', 'feature-flags', 'caching', 'queues'];
const TASKS = ['review-pr', 'write-tests', 'explain-code', 'release-notes', 'migrate-schema', 'triage-bug', 'refactor-module', 'summarize-incident', 'draft-rfc', 'generate-fixtures', 'audit-dependencies', 'write-runbook', 'plan-rollout', 'update-changelog', 'answer-ticket', 'profile-endpoint', 'document-api', 'rename-symbol', 'add-metrics', 'fix-flaky-test'];
const SKILLS = ['pdf-invoices', 'csv-import', 'sql-explain', 'changelog-writer', 'incident-timeline', 'api-client-generator', 'load-test', 'dependency-upgrade', 'screenshot-diff', 'i18n-extract', 'schema-diff', 'log-search', 'release-checklist', 'cost-report', 'access-review', 'fixture-builder', 'query-tuner', 'doc-linker', 'flag-cleanup', 'backfill'];
const AUTHORS: readonly (readonly [string, string, string, number])[] = [
  ['Ana Souza', 'ana@example.com', '-0300', 30],
  ['Bram de Vries', 'bram@example.com', '+0100', 20],
  ['Chen Wei', 'chen@example.com', '+0800', 14],
  ['Dana Okafor', 'dana@example.com', '+0000', 10],
  ['Eitan Levi', 'eitan@example.com', '+0200', 8],
  ['Farah Haddad', 'farah@example.com', '+0400', 6],
  ['Gus Lindqvist', 'gus@example.com', '+0100', 5],
  ['Hana Sato', 'hana@example.com', '+0900', 4],
  ['Ivan Petrov', 'ivan@example.com', '-0500', 3],
];
/** 2025-01-06 09:00 UTC, a Monday: fixed so the commit ids are too. */
const START = Date.UTC(2025, 0, 6, 9, 0) / 1000;
const YEAR = 365 * 86_400;

/** The prompt and context paths of the repository, `files` of them, by kind. */
function promptPaths(rnd: Random, files: number): { path: string; kind: FileKind; pkg: string }[] {
  const counts: [FileKind, number][] = [['prompt', 0.35], ['instructions', 0.15], ['context', 0.125], ['rules', 0.225], ['skill', 0.15]];
  const out: { path: string; kind: FileKind; pkg: string }[] = [];
  const seen = new Set<string>();
  const add = (p: string, kind: FileKind, pkg: string) => {
    if (seen.has(p)) return false;
    seen.add(p);
    out.push({ path: p, kind, pkg });
    return true;
  };
  const folders = ['', ...PACKAGES.map((p) => `packages/${p}/`), ...SERVICES.map((s) => `services/${s}/`), ...APPS.map((a) => `apps/${a}/`)];
  let assigned = 0;
  counts.forEach(([kind, share], index) => {
    const n = index === counts.length - 1 ? files - assigned : Math.round(files * share);
    assigned += n;
    for (let made = 0, guard = 0; made < n && guard < 100_000; guard++) {
      const pkg = rnd.pick(PACKAGES);
      const suffix = guard >= 400 ? `-${guard}` : '';
      let p: string;
      switch (kind) {
        case 'prompt':
          p = `prompts/${rnd.pick(AREAS)}/${rnd.pick(TASKS)}${rnd.chance(0.3) ? `-${pkg}` : ''}${suffix}.prompt.md`;
          break;
        case 'instructions':
          p = `.github/instructions/${rnd.chance(0.4) ? `${pkg}-` : ''}${rnd.pick(TOPICS)}${suffix}.instructions.md`;
          break;
        case 'context': {
          const folder = folders[made] ?? `packages/${pkg}/${rnd.pick(['src', 'test', 'scripts', 'docs'])}${suffix}/`;
          p = `${folder}AGENTS.md`;
          break;
        }
        case 'rules':
          p = `${rnd.chance(0.3) ? `packages/${pkg}/` : ''}.cursor/rules/${rnd.pick(TOPICS)}${suffix}.mdc`;
          break;
        case 'skill':
          p = `${rnd.chance(0.6) ? '.claude/skills' : 'skills'}/${rnd.pick(SKILLS)}${suffix}/SKILL.md`;
          break;
      }
      if (add(p, kind, p.startsWith('packages/') ? (p.split('/')[1] as string) : pkg)) made++;
    }
  });
  return out;
}

function sourcePaths(): string[] {
  return [
    ...PACKAGES.map((p) => `packages/${p}/src/index.ts`),
    ...SERVICES.map((s) => `services/${s}/src/main.ts`),
    'README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/testing.md', 'docs/api-guidelines.md', 'docs/release-process.md',
    'docs/security.md', 'docs/style-guide.md', 'docs/adr/0001-use-pnpm.md', 'docs/runbooks/payments.md',
  ];
}

/** Commit times over a year, oldest first: mostly weekdays and daytime (UTC). */
function commitTimes(rnd: Random, n: number): number[] {
  const times = [START];
  while (times.length < n) {
    const t = START + 3600 + Math.floor(rnd.next() * (YEAR - 3600));
    const day = new Date(t * 1000).getUTCDay();
    const hour = new Date(t * 1000).getUTCHours();
    if ((day === 0 || day === 6) && rnd.chance(0.9)) continue;
    if ((hour < 7 || hour > 20) && rnd.chance(0.8)) continue;
    times.push(t);
  }
  return times.sort((a, b) => a - b);
}

/** A short name for a path in a commit subject: the task, topic, skill or folder. */
function scope(p: string): string {
  const base = path.posix.basename(p);
  if (base === 'AGENTS.md' || base === 'SKILL.md') return path.posix.dirname(p) === '.' ? 'AGENTS.md' : path.posix.basename(path.posix.dirname(p));
  return base.replace(/\.(prompt|instructions)\.md$|\.mdc$/, '');
}

/** The fast-import stream for the whole history, and what it holds. */
function history(options: HistoryRepoOptions): { stream: Buffer[]; changes: HistoryRepo['changes']; head: Map<string, string> } {
  const rnd = new Random(options.seed);
  const sources = sourcePaths();
  const world: World = {
    packages: PACKAGES,
    sources,
    missing: ['docs/old-setup.md', 'docs/legacy/billing-v1.md', 'packages/billing/src/legacy.ts', 'docs/runbooks/kafka.md'],
  };
  const writer = new Writer(rnd, world);
  const planned = promptPaths(rnd, options.files);
  const times = commitTimes(rnd, options.commits);
  const initial = Math.max(1, Math.round(options.files * 0.3));
  // The other paths arrive over the year, one commit each; a few files are deleted in the second half.
  const addAt = new Map<number, typeof planned>();
  for (const file of planned.slice(initial)) {
    const at = rnd.int(1, Math.max(1, options.commits - 1));
    addAt.set(at, [...(addAt.get(at) ?? []), file]);
  }
  const deleteAt = new Set<number>();
  const deletes = Math.round(options.files * 0.04);
  while (deleteAt.size < Math.min(deletes, Math.floor(options.commits / 2) - 1)) deleteAt.add(rnd.int(Math.floor(options.commits / 2), options.commits - 1));

  const live = new Map<string, { doc: DocModel; popularity: number }>();
  const sourceRevisions = new Map<string, string>();
  const stream: Buffer[] = [];
  const changes = { added: 0, edited: 0, deleted: 0 };
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    stream.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  const modify = (p: string, text: string) => {
    stream.push(Buffer.from(`M 100644 inline ${p}\n`));
    data(text);
  };

  for (let i = 0; i < options.commits; i++) {
    const [name, email, zone] = rnd.weighted(AUTHORS.map((a) => [a, a[3]] as const));
    const ops: { path: string; text?: string }[] = [];
    const subjects: string[] = [];
    if (i === 0) {
      for (const s of sources) {
        const text = sourceText(s, rnd);
        sourceRevisions.set(s, text);
        ops.push({ path: s, text });
      }
      for (const f of planned.slice(0, initial)) {
        const doc = writer.create(f.path, f.kind, f.pkg);
        live.set(f.path, { doc, popularity: rnd.logNormal(1, 1) });
        ops.push({ path: f.path, text: render(doc) });
        changes.added++;
      }
      subjects.push('Import prompts, agent guides and rules from the old wiki');
    } else {
      const touched = new Set<string>();
      for (const f of addAt.get(i) ?? []) {
        const doc = writer.create(f.path, f.kind, f.pkg);
        live.set(f.path, { doc, popularity: rnd.logNormal(1, 1) });
        ops.push({ path: f.path, text: render(doc) });
        touched.add(f.path);
        changes.added++;
        subjects.push(`add ${scope(f.path)} ${{ prompt: 'prompt', instructions: 'instructions', context: 'agent guide', rules: 'rule', skill: 'skill' }[f.kind]}`);
      }
      if (deleteAt.has(i) && live.size > 10) {
        const gone = rnd.pick([...live.keys()].filter((p) => !touched.has(p)));
        live.delete(gone);
        ops.push({ path: gone });
        touched.add(gone);
        changes.deleted++;
        subjects.push(`remove ${scope(gone)}, no longer used`);
      }
      const want = rnd.weighted([[1, 35], [2, 25], [3, 18], [4, 12], [5, 10]] as const);
      const candidates = [...live.entries()].map(([p, f]) => [p, f.popularity] as const);
      for (let guard = 0; touched.size < want && guard < 50; guard++) {
        const p = rnd.weighted(candidates);
        if (touched.has(p)) continue;
        touched.add(p);
        const entry = live.get(p) as { doc: DocModel };
        const what = writer.edit(entry.doc);
        if (rnd.chance(0.3)) writer.edit(entry.doc);
        ops.push({ path: p, text: render(entry.doc) });
        changes.edited++;
        subjects.push(`${scope(p)}: ${what}`);
      }
      // Code changes ride along now and then; the report must skip them.
      if (rnd.chance(0.3)) {
        const s = rnd.pick(sources);
        const text = sourceText(s, rnd);
        sourceRevisions.set(s, text);
        ops.push({ path: s, text });
      }
    }
    const subject = subjects.length === 1 ? (subjects[0] as string) : `${subjects[0]} (and ${subjects.length - 1} more)`;
    const when = `${times[i]} ${zone}`;
    stream.push(Buffer.from(`commit refs/heads/main\nmark :${i + 1}\nauthor ${name} <${email}> ${when}\ncommitter ${name} <${email}> ${when}\n`));
    data(`${subject}\n`);
    if (i > 0) stream.push(Buffer.from(`from :${i}\n`));
    for (const op of ops) {
      if (op.text === undefined) stream.push(Buffer.from(`D ${op.path}\n`));
      else modify(op.path, op.text);
    }
    stream.push(Buffer.from('\n'));
  }
  const head = new Map([...live].map(([p, { doc }]) => [p, render(doc)]));
  return { stream, changes, head };
}

function run(cmd: string, args: string[], cwd: string, input?: Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`Unexpected exit ${code} from ${cmd} ${args.join(' ')}, expected 0: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', reject);
    for (const chunk of input ?? []) child.stdin.write(chunk);
    child.stdin.end();
  });
}

/** Identity and hooks out of the way: the build must not depend on the machine's git config. */
const GIT_QUIET = ['-c', 'core.hooksPath=/dev/null', '-c', 'gc.auto=0', '-c', 'core.fsmonitor=false'];
const MARKER = 'promptcoach-bench.json';

export async function buildHistoryRepo(options: HistoryRepoOptions): Promise<HistoryRepo> {
  const started = performance.now();
  const dir = options.keep ? path.resolve(options.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'pc-bench-history-'));
  const cleanup = () => {
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  };
  const wanted = JSON.stringify({ commits: options.commits, files: options.files, seed: options.seed, version: 1 });
  const marker = path.join(dir, '.git', MARKER);
  if (fs.existsSync(marker)) {
    const saved = JSON.parse(fs.readFileSync(marker, 'utf8')) as { options: string; repo: Omit<HistoryRepo, 'dir' | 'reused' | 'buildMs' | 'cleanup'> };
    if (saved.options === wanted) return { ...saved.repo, dir, reused: true, buildMs: performance.now() - started, cleanup };
  }
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
    throw new Error(`Unexpected files in ${dir}, expected an empty or missing folder (or one this script built with the same options)`);
  }
  fs.mkdirSync(dir, { recursive: true });
  const { stream, changes, head } = history(options);
  await run('git', ['init', '-q', '-b', 'main', dir], dir);
  await run('git', [...GIT_QUIET, 'fast-import', '--quiet', '--done'], dir, [...stream, Buffer.from('done\n')]);
  await run('git', [...GIT_QUIET, 'reset', '-q', '--hard', 'main'], dir);
  const sha = (await run('git', ['rev-parse', 'HEAD'], dir)).trim();
  const repo = {
    head: sha,
    commits: options.commits,
    changes,
    filesAtHead: head.size,
    bytesAtHead: [...head.values()].reduce((n, t) => n + Buffer.byteLength(t), 0),
    authors: Number((await run('git', ['shortlog', '-s', '-n', 'HEAD'], dir)).trim().split('\n').length),
  };
  fs.writeFileSync(marker, JSON.stringify({ options: wanted, repo }));
  return { ...repo, dir, reused: false, buildMs: performance.now() - started, cleanup };
}

/** The value after `--name` in argv, undefined when absent. */
export function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export function repoOptions(args: readonly string[]): HistoryRepoOptions {
  const number = (name: string, fallback: number) => {
    const raw = flag(args, name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`Unexpected ${name} '${raw}', expected a positive whole number`);
    return Number(raw);
  };
  const keep = flag(args, '--keep');
  return {
    commits: number('--commits', DEFAULT_HISTORY_REPO.commits),
    files: number('--files', DEFAULT_HISTORY_REPO.files),
    seed: number('--seed', DEFAULT_HISTORY_REPO.seed),
    ...(keep ? { keep } : {}),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const options = repoOptions(process.argv.slice(2));
  if (!options.keep) {
    console.error('Usage: tsx scripts/bench/history-repo.ts --keep DIR [--commits 1000] [--files 200] [--seed 1]');
    process.exit(2);
  }
  const repo = await buildHistoryRepo(options);
  const log = spawnSync('git', ['log', '--oneline', '-3'], { cwd: repo.dir, encoding: 'utf8' }).stdout;
  console.log(
    `${repo.reused ? 'Reused' : 'Built'} ${repo.dir} in ${(repo.buildMs / 1000).toFixed(1)} s: ${repo.commits} commits by ${repo.authors} authors, ` +
      `${repo.changes.added} prompt files added, ${repo.changes.edited} edits, ${repo.changes.deleted} deleted; ` +
      `${repo.filesAtHead} prompt files at HEAD (${(repo.bytesAtHead / 1024).toFixed(0)} KB), HEAD ${repo.head}\n${log}`,
  );
}
