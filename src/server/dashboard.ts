/**
 * The language server's `promptcoach/qualityReport` request, which the quality dashboard calls:
 * the report of the first workspace folder's repository, working tree included, built with the
 * configs as the editor reads them (the workspace's resolvers: trust respected).
 *
 * Analysed file versions are kept between requests (one `BlobCache` per repository, dropped when
 * the configs are read again), so a refresh after a save analyses only the files that changed.
 *
 * What the user can act on (no folder, no git, no commit, a `since` that names nothing) is
 * answered as `{ error }`, shown by the page in place of the charts; anything else fails the
 * request.
 */
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { z } from 'zod';
import type { EffectiveConfig } from '../core/config/types';
import type { QualityReport } from '../core/report/model';
import { nodeHost } from '../node/host';
import type { BlobCache } from '../node/history';
import { git, GitError, gitRoot } from '../node/inspection/git';
import { buildQualityReport, ReportError, type QualityReportOptions } from '../node/report';
import type { DashboardReport, QualityReportParams, QualityReportResult } from './protocol';
import { pathToUri, type Workspace } from './workspace';

export type ReportBuilder = (options: QualityReportOptions) => Promise<QualityReport>;

/** Analysed versions kept per repository; past this many the cache starts again (a long session on a busy repository). */
const MAX_CACHED_VERSIONS = 50_000;

/** A git date, a duration such as `90d`, or a commit: never an option (`-…`), no whitespace. */
const Params = z.object({ since: z.string().min(1).max(100).regex(/^[^-\s]\S*$/, 'expected a duration such as 90d, a date or a commit').optional() }).optional();

export const NOT_A_REPOSITORY = 'Unexpected folder without git history, expected a git repository: the dashboard draws quality over commits';

export class DashboardService {
  /** Builds under way, by repository and range: a save and a config change together cost one build. */
  private readonly running = new Map<string, Promise<QualityReportResult>>();
  /**
   * Analysed versions per repository root, with the config they were analysed under. The
   * workspace makes new config objects whenever a config file is read again (changed, trust
   * changed), so a different object means the cache may be stale.
   */
  private readonly caches = new Map<string, { config: EffectiveConfig; cache: BlobCache }>();

  constructor(
    private readonly workspace: Workspace,
    private readonly build: ReportBuilder = buildQualityReport,
  ) {}

  async report(raw: QualityReportParams | undefined): Promise<QualityReportResult> {
    const parsed = Params.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ResponseError(ErrorCodes.InvalidParams, `Invalid qualityReport request${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'unexpected parameters'}`);
    }
    const since = parsed.data?.since;
    const folder = this.workspace.workspaceFolders[0];
    if (!folder) return { error: 'Unexpected window without a folder, expected a workspace folder in a git repository: open the repository to see its quality over time' };
    // Not cached: `git init` in an open folder makes it a repository.
    const root = await gitRoot(folder);
    if (!root) return { error: `${NOT_A_REPOSITORY} (${path.basename(folder)} is not in one; run \`git init\` and commit to start the history)` };
    if (!(await hasCommits(root))) return { error: 'Unexpected repository without commits, expected at least one: the dashboard draws quality over commits' };

    const key = JSON.stringify([root, since ?? null]);
    const running = this.running.get(key);
    if (running) return running;
    const promise = this.buildFor(root, folder, since).finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }

  private async buildFor(root: string, folder: string, since: string | undefined): Promise<QualityReportResult> {
    try {
      const report = await this.build({
        repo: root,
        cache: this.cacheFor(root, folder),
        // The team's config as the editor resolves it (trust respected), without the editor's own rule settings: the CLI's report, for this workspace.
        configFor: (abs) => this.workspace.fileInfo(abs).config,
        // The files as saved: the dashboard refreshes on save, and a CI run of `report` would see the same.
        host: nodeHost,
        ...(since === undefined ? {} : { since }),
        // Worker threads score the versions (and keep that work off the thread answering the
        // editor) when they resolve configs as the workspace does: the folder is the repository.
        ...(path.resolve(folder) === path.resolve(root) ? { pool: { repo: root, rootDir: folder, trusted: this.workspace.isTrusted() } } : {}),
        workingTree: true,
      });
      const result: DashboardReport = { ...report, root: pathToUri(root) };
      return result;
    } catch (error) {
      // git's own words (an unknown revision in `since`, a damaged repository): the user can act on them.
      if (error instanceof GitError) return { error: `Unexpected answer from git, expected the history: ${error.message}` };
      if (error instanceof ReportError) return { error: error.message };
      throw error;
    }
  }

  private cacheFor(root: string, folder: string): BlobCache {
    const config = this.workspace.fileInfo(path.join(folder, 'probe.prompt.md')).config;
    let entry = this.caches.get(root);
    if (!entry || entry.config !== config || entry.cache.size > MAX_CACHED_VERSIONS) {
      entry = { config, cache: new Map() };
      this.caches.set(root, entry);
    }
    return entry.cache;
  }
}

/** False in a repository whose branch has no commit yet (`git init` only). */
async function hasCommits(root: string): Promise<boolean> {
  try {
    await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], root);
    return true;
  } catch {
    return false;
  }
}
