/**
 * The language server's inspection requests, which the checklist panel calls: the checklists for
 * some outputs, their automatic checks, recording a decision, and listing records. Files are read
 * from disk (what gets committed); the workspace's trust gates `command` checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { z } from 'zod';
import type { Checklist, EffectiveConfig } from '../core/config/types';
import { runAutoChecks, type AutoCheckOutput, type CommandRunner } from '../core/inspection/auto';
import { checklistApplies, checklistHash } from '../core/inspection/checklists';
import { chronological } from '../core/inspection/verify';
import { DECISIONS, VERDICTS, decisionProblems, type AutoCheckResult } from '../core/inspection/record';
import { nodeCommandRunner } from '../node/inspection/command';
import { gitRoot, gitUser } from '../node/inspection/git';
import { fileHash, newRecord, RecordError } from '../node/inspection/record';
import { appendRecord, readRecords } from '../node/inspection/records';
import type {
  InspectionChecklist,
  InspectionChecklistsParams,
  InspectionChecklistsResult,
  InspectionListParams,
  InspectionListResult,
  InspectionRecordParams,
  InspectionRecordResult,
  InspectionRunChecksParams,
  InspectionRunChecksResult,
} from './protocol';
import { pathToUri, uriToPath, type Workspace } from './workspace';
import { decodeText } from '../node/text-file';

/** Outputs larger than this are not read for the text checks (they still get hashed). */
const MAX_TEXT_BYTES = 5 * 1024 * 1024;
/** Automatic results remembered for `record`, most recent last. */
const REMEMBERED_RUNS = 32;

const Uris = z.array(z.string().min(1)).min(1);
const ChecklistsParams = z.object({ outputs: Uris });
const RunChecksParams = z.object({ checklistId: z.string().min(1), outputs: Uris, prompt: z.string().min(1).optional(), only: z.array(z.string()).optional() });
const RecordParams = z.object({
  checklistId: z.string().min(1),
  outputs: Uris,
  prompt: z.string().min(1).optional(),
  items: z.array(z.object({ id: z.string().min(1), verdict: z.enum(VERDICTS), note: z.string().default('') })),
  decision: z.enum(DECISIONS),
  reason: z.string().default(''),
  reviewer: z.object({ name: z.string(), email: z.string().default('') }).optional(),
});
const ListParams = z.object({ uri: z.string().min(1).optional() }).optional();

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function parse<T>(schema: z.ZodType<T>, params: unknown, what: string): T {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalid(`Invalid ${what} request${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'unexpected parameters'}`);
}

interface Resolved {
  root: string;
  /** Absolute paths, as given (duplicates dropped). */
  outputs: string[];
  prompt: string | undefined;
}

export class InspectionService {
  /** Repository root of each folder asked about. */
  private readonly roots = new Map<string, Promise<string>>();
  private readonly runs = new Map<string, AutoCheckResult[]>();

  constructor(
    private readonly workspace: Workspace,
    private readonly toolVersion: string,
    private readonly runCommand: CommandRunner = nodeCommandRunner,
  ) {}

  async checklists(raw: InspectionChecklistsParams): Promise<InspectionChecklistsResult> {
    const params = parse(ChecklistsParams, raw, 'checklists');
    const byId = new Map<string, { checklist: Checklist; outputs: string[] }>();
    for (const uri of params.outputs) {
      const file = this.filePath(uri);
      const config = this.configFor(file);
      for (const c of config.checklists ?? []) {
        if (!checklistApplies(c, file, config)) continue;
        const entry = byId.get(c.id) ?? { checklist: c, outputs: [] };
        entry.outputs.push(uri);
        byId.set(c.id, entry);
      }
    }
    const checklists = [...byId.values()].map(({ checklist: c, outputs }): InspectionChecklist => ({
      id: c.id,
      title: c.title,
      version: c.version,
      ...(c.description === undefined ? {} : { description: c.description }),
      hash: checklistHash(c),
      items: c.items.map((i) => ({
        id: i.id,
        text: i.text,
        ...(i.help === undefined ? {} : { help: i.help }),
        required: i.required,
        ...(i.auto ? { auto: i.auto } : {}),
        ...(i.standard ? { standard: { id: i.standard.id, text: i.standard.text } } : {}),
      })),
      outputs,
    }));
    return { checklists, trusted: this.workspace.isTrusted() };
  }

  async runChecks(raw: InspectionRunChecksParams): Promise<InspectionRunChecksResult> {
    const params = parse(RunChecksParams, raw, 'runChecks');
    const resolved = await this.resolve(params.outputs, params.prompt);
    const checklist = this.checklist(params.checklistId, resolved.outputs);
    const results = await this.check(checklist, resolved, params.only);
    if (!params.only) this.remember(this.runKey(checklist, resolved), results);
    return { results, root: pathToUri(resolved.root) };
  }

  async record(raw: InspectionRecordParams): Promise<InspectionRecordResult> {
    const params = parse(RecordParams, raw, 'record');
    const resolved = await this.resolve(params.outputs, params.prompt);
    const checklist = this.checklist(params.checklistId, resolved.outputs);
    const problems = decisionProblems(checklist, params.items, params.decision, params.reason);
    if (problems.length) throw invalid(problems.join('; '));
    const reviewer = params.reviewer && params.reviewer.name.trim() ? params.reviewer : await gitUser(resolved.root);
    if (!reviewer.name.trim()) {
      throw invalid('Missing reviewer name, expected one: set `git config user.name` and `user.email` in the repository, or give the reviewer');
    }
    const key = this.runKey(checklist, resolved);
    const auto = this.runs.get(key) ?? (await this.check(checklist, resolved, undefined));
    try {
      const record = newRecord({
        root: resolved.root,
        checklist,
        outputs: resolved.outputs,
        ...(resolved.prompt === undefined ? {} : { prompt: resolved.prompt }),
        items: params.items,
        decision: params.decision,
        reason: params.reason,
        reviewer,
        auto,
        toolVersion: this.toolVersion,
      });
      const file = await appendRecord(resolved.root, record);
      return { record, file: pathToUri(file) };
    } catch (error) {
      if (error instanceof RecordError) throw invalid(error.message);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `The record could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async list(raw: InspectionListParams | undefined): Promise<InspectionListResult> {
    const params = parse(ListParams, raw, 'list');
    let base: string | undefined;
    if (params?.uri) {
      base = uriToPath(params.uri);
      if (!base) throw invalid(`Unexpected URI '${params.uri}', expected a file: URI`);
      if (!fs.statSync(base, { throwIfNoEntry: false })?.isDirectory()) base = path.dirname(base);
    } else base = this.workspace.workspaceFolders[0];
    if (!base) throw invalid('No workspace folder is open: give the URI of a file or folder in the repository');
    const root = await this.rootOf(base);
    const { records, problems } = readRecords(root);
    return { root: pathToUri(root), records: chronological(records), problems };
  }

  // ───────────────────────── helpers ─────────────────────────

  private configFor(file: string): EffectiveConfig {
    return this.workspace.fileInfo(file).config;
  }

  private filePath(uri: string): string {
    const file = uriToPath(uri);
    if (!file) throw invalid(`Unexpected URI '${uri}', expected a file: URI`);
    return file;
  }

  /** Absolute paths of saved files in one repository. */
  private async resolve(outputUris: readonly string[], promptUri: string | undefined): Promise<Resolved> {
    const outputs = [...new Set(outputUris.map((u) => this.savedFile(u)))];
    const prompt = promptUri === undefined ? undefined : this.savedFile(promptUri);
    const roots = await Promise.all(outputs.map((o) => this.rootOf(path.dirname(o))));
    const root = roots[0] as string;
    const other = roots.findIndex((r) => r !== root);
    if (other >= 0) throw invalid(`Unexpected outputs in two repositories (${root} and ${roots[other]}), expected one: inspect each repository's files separately`);
    for (const file of [...outputs, ...(prompt ? [prompt] : [])]) {
      const rel = path.relative(root, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) throw invalid(`Unexpected file ${file} outside the repository ${root}`);
    }
    return { root, outputs, prompt };
  }

  private savedFile(uri: string): string {
    const file = this.filePath(uri);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw invalid(`Cannot find the file ${file}`);
    const open = this.workspace.openDocument(file);
    if (open && open.getText() !== fs.readFileSync(file, 'utf8')) {
      throw invalid(`Save ${path.basename(file)} first: inspections check and record the file as saved`);
    }
    return file;
  }

  /** The git repository root of a folder, or the workspace folder (else the folder) outside git. */
  private rootOf(dir: string): Promise<string> {
    let root = this.roots.get(dir);
    if (!root) {
      root = gitRoot(dir).then((r) => r ?? this.workspace.folderOf(dir) ?? dir);
      this.roots.set(dir, root);
      root.catch(() => this.roots.delete(dir));
    }
    return root;
  }

  /** The checklist with this id in the outputs' configs, preferring one that applies to them. */
  private checklist(id: string, outputs: readonly string[]): Checklist {
    let found: Checklist | undefined;
    for (const file of outputs) {
      const config = this.configFor(file);
      const c = (config.checklists ?? []).find((x) => x.id === id);
      if (c && checklistApplies(c, file, config)) return c;
      found ??= c;
    }
    if (!found) throw invalid(`Unknown checklist '${id}': the config of these files defines none with this id`);
    return found;
  }

  private check(checklist: Checklist, resolved: Resolved, only: readonly string[] | undefined): Promise<AutoCheckResult[]> {
    return runAutoChecks({
      checklist,
      outputs: resolved.outputs.map(readOutput),
      root: resolved.root,
      config: (p) => this.configFor(p),
      host: this.workspace.host,
      trusted: this.workspace.isTrusted(),
      runCommand: this.runCommand,
      ...(only ? { only } : {}),
    });
  }

  /** Identifies a run by the checklist definition, the outputs' content and the trust it ran under. */
  private runKey(checklist: Checklist, resolved: Resolved): string {
    const outputs = resolved.outputs.map((o) => fileHash(resolved.root, o)).sort((a, b) => (a.path < b.path ? -1 : 1));
    return JSON.stringify([resolved.root, checklist.id, checklistHash(checklist), outputs, this.workspace.isTrusted()]);
  }

  private remember(key: string, results: AutoCheckResult[]): void {
    this.runs.delete(key);
    this.runs.set(key, results);
    while (this.runs.size > REMEMBERED_RUNS) this.runs.delete(this.runs.keys().next().value as string);
  }
}

/** The output's text for the text checks; undefined when it is binary, not UTF-8 or too large. */
function readOutput(file: string): AutoCheckOutput {
  try {
    if (fs.statSync(file).size > MAX_TEXT_BYTES) return { path: file, text: undefined };
    const text = decodeText(fs.readFileSync(file));
    return { path: file, text: typeof text === 'string' ? text : undefined };
  } catch {
    return { path: file, text: undefined };
  }
}
