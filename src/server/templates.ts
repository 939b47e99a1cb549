/**
 * The `promptcoach/templates` request: the templates in force for a folder, with their text and
 * the questions they ask, for "New Prompt from Template…". The client fills them in and writes
 * the file (an undoable edit); the server only says what there is. Templates come from configs
 * the resolver already loaded, so an untrusted workspace gets only what its trust allows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { EffectiveConfig, Template } from '../core/config/types';
import { templateInputs, templateText } from '../core/templates';
import type { TemplateSummary, TemplatesParams, TemplatesResult } from './protocol';
import { pathToUri, uriToPath, type Workspace } from './workspace';

export function templatesFor(workspace: Workspace, params: TemplatesParams | null | undefined): TemplatesResult {
  const uri: unknown = params?.uri;
  if (uri !== undefined && typeof uri !== 'string') throw invalid(`Unexpected uri ${JSON.stringify(uri)}, expected a file: URI as a string`);
  const target = uri === undefined ? workspace.workspaceFolders[0] : uriToPath(uri);
  if (uri !== undefined && !target) throw invalid(`Unexpected URI '${uri}', expected a file: URI`);
  if (!target) throw invalid('No workspace folder is open: give the URI of a folder or a file');
  // A folder's templates are those a new file in it would get from its config.
  const isDirectory = fs.statSync(target, { throwIfNoEntry: false })?.isDirectory() ?? false;
  const probe = isDirectory ? path.join(target, 'probe.prompt.md') : target;
  const folder = workspace.folderOf(probe);
  const config = workspace.fileInfo(probe).config;

  const templates: TemplateSummary[] = [];
  const problems: string[] = [];
  for (const t of nearestFirst(config)) {
    const text = templateText(t, workspace.host);
    if (text === undefined) {
      problems.push(`Cannot read template '${t.id}' from ${t.file}: it is left out`);
      continue;
    }
    templates.push({
      id: t.id,
      title: t.title,
      description: t.description,
      kind: t.kind,
      source: sourceName(t.source, config, workspace),
      builtIn: t.text !== undefined,
      fileName: t.fileName,
      ...(t.folder === undefined ? {} : { folder: t.folder }),
      inputs: templateInputs(t, text),
      text,
    });
  }
  return { folder: folder ? pathToUri(folder) : null, templates, problems };
}

/**
 * The templates with the nearest config's first (the team's own before a pack's, a pack's before
 * the built-in ones), each source's in the order it lists them.
 */
function nearestFirst(config: EffectiveConfig): Template[] {
  const order = config.sources ?? [];
  const rank = (t: Template) => {
    const i = order.indexOf(t.source);
    return i < 0 ? -1 : i;
  };
  return (config.templates ?? []).map((t, i) => ({ t, i })).sort((a, b) => rank(b.t) - rank(a.t) || a.i - b.i).map(({ t }) => t);
}

/** A pack by its name; a config file relative to its workspace folder. */
function sourceName(source: string, config: EffectiveConfig, workspace: Workspace): string {
  return config.packs?.find((p) => p.source === source)?.name ?? workspace.displayPath(source);
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
