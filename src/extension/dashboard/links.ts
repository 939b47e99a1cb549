/**
 * What the dashboard page may ask the host to open: only the files, commits and rules the current
 * report names. The page is untrusted (it draws text from the repository), so a message naming
 * anything else is refused. Pure (no `vscode`), so the unit tests check it directly.
 */
import type { QualityReport } from '../../core/report/model';

export interface ReportLinks {
  /** Repository-relative paths of files the report shows. */
  paths: Set<string>;
  /** Commit → the prompt and context files it changed (the patch the dashboard shows). */
  commits: Map<string, string[]>;
  /** Rule ids the report counts. */
  rules: Set<string>;
}

export function reportLinks(report: QualityReport): ReportLinks {
  const paths = new Set<string>();
  const commits = new Map<string, string[]>();
  const rules = new Set<string>();
  for (const f of report.files) {
    paths.add(f.path);
    for (const id of Object.keys(f.findingsByRule)) rules.add(id);
  }
  for (const s of [...report.snapshots, ...(report.workingTree ? [report.workingTree] : [])]) {
    const changed = [...new Set([...s.moved.map((m) => m.path), ...s.added, ...s.removed])];
    for (const p of changed) paths.add(p);
    for (const id of Object.keys(s.findingsByRule)) rules.add(id);
    if (s.sha) commits.set(s.sha, changed);
  }
  for (const a of report.alerts) {
    for (const f of a.files ?? []) paths.add(f.path);
    // A mover is a snapshot of the report; should it not be, the whole commit is shown.
    for (const m of a.movers) if (m.sha && !commits.has(m.sha)) commits.set(m.sha, []);
  }
  return { paths, commits, rules };
}

/**
 * Whether saving this file may change the report: a file the report shows, a config file, or one
 * that looks like a prompt or context file (a new one is not in the report yet). A false positive
 * costs one rebuild, mostly from the cache.
 */
export function mayChangeReport(relPath: string, languageId: string, links: ReportLinks | undefined): boolean {
  if (links?.paths.has(relPath)) return true;
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (name === '.promptcoach.json') return true;
  if (PROMPT_LANGUAGES.has(languageId)) return true;
  return PROMPT_NAME.test(name);
}

/** The languages VS Code (and its chat extensions) give prompt and context files. */
const PROMPT_LANGUAGES = new Set(['markdown', 'prompt', 'instructions', 'chatagent', 'chatmode', 'mdc', 'skill']);
/** Prompt and context files with no language of their own. */
const PROMPT_NAME = /^(?:\.cursorrules|\.windsurfrules|\.clinerules)$|\.(?:md|mdc|prompty|txt|j2|jinja)$/i;
