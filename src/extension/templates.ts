/**
 * "Prompt Coach: New Prompt from Template…": pick a template the config in force offers (the
 * server lists them, `promptcoach/templates`), answer its inputs, and get the file, written as one
 * undoable edit and opened. With arguments (`{ templateId, answers, folder?, overwrite? }`) it runs
 * without asking anything, for the walkthrough and tests.
 */
import * as vscode from 'vscode';
import { uriExists } from './fs';
import type { LanguageClient } from 'vscode-languageclient/node';
import { instantiateTemplate } from '../core/templates';
import { TemplatesRequest, type TemplateInput, type TemplateSummary } from '../server/protocol';

export interface NewFromTemplateArgs {
  templateId: string;
  /** Input id → answer; an input left out takes its default, else keeps its placeholder. */
  answers?: Record<string, string>;
  /** A workspace folder (URI): the active file's folder, else the first, without it. */
  folder?: string | vscode.Uri;
  /** When the file exists: true replaces its text; false (default) writes `name-2.ext` instead. */
  overwrite?: boolean;
}

/** Runs the command; resolves with the file written, or undefined when the user cancelled. */
export async function newFromTemplate(client: LanguageClient, arg?: unknown): Promise<vscode.Uri | undefined> {
  if (isArgs(arg)) return fromArgs(client, arg);
  if (arg !== undefined && !(arg instanceof vscode.Uri)) {
    throw new Error(`Unexpected argument ${JSON.stringify(arg)}, expected { templateId, answers, folder?, overwrite? } or none`);
  }
  return interactive(client, arg);
}

async function fromArgs(client: LanguageClient, args: NewFromTemplateArgs): Promise<vscode.Uri> {
  const folder = args.folder === undefined ? defaultFolder() : workspaceFolderOf(args.folder);
  if (!folder) throw new Error('No workspace folder is open, expected one to put the new file in');
  const templates = await listTemplates(client, folder);
  const template = templates.find((t) => t.id === args.templateId);
  if (!template) {
    throw new Error(`Unknown template '${args.templateId}', expected one of: ${templates.map((t) => t.id).join(', ') || '(none)'}`);
  }
  const answers: Record<string, string> = {};
  for (const input of template.inputs) {
    const answer = args.answers?.[input.id] ?? input.default;
    if (answer !== undefined) answers[input.id] = answer;
  }
  const made = instantiateTemplate(template, template.text, answers);
  let target = joinPath(folder.uri, made.path);
  const exists = await uriExists(target);
  if (exists && !args.overwrite) target = await freeName(target);
  return write(target, made.text, exists && args.overwrite === true);
}

async function interactive(client: LanguageClient, hint: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder(hint);
  if (!folder) return undefined;
  const templates = await listTemplates(client, folder);
  if (templates.length === 0) {
    void vscode.window.showInformationMessage(
      `Prompt Coach: the config of ${folder.name} offers no templates. Add "templates" to .promptcoach.json, or extend a pack that has some.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    templates.map((t) => ({ label: t.title, description: `${t.kind} · ${t.source}`, detail: t.description, template: t })),
    { title: 'New Prompt from Template', placeHolder: 'Which template?', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return undefined;
  const template = picked.template;

  const answers: Record<string, string> = {};
  const total = template.inputs.length;
  for (const [i, input] of template.inputs.entries()) {
    const inPath = usedInPath(template, input);
    const answer = await vscode.window.showInputBox({
      title: `${template.title} (${i + 1}/${total})`,
      prompt: input.description,
      value: input.default ?? '',
      placeHolder: inPath ? undefined : `Leave empty to keep \${input:${input.id}} in the file and fill it in later`,
      ignoreFocusOut: true,
      validateInput: inPath ? validateFileNamePart : undefined,
    });
    if (answer === undefined) return undefined;
    // An empty answer keeps the placeholder: the file then says what is still to write.
    if (answer.trim() !== '') answers[input.id] = answer.trim();
  }

  let made: { path: string; text: string };
  try {
    made = instantiateTemplate(template, template.text, answers);
  } catch (error) {
    void vscode.window.showErrorMessage(`Prompt Coach: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  let target = joinPath(folder.uri, made.path);
  const exists = await uriExists(target);
  let overwrite = false;
  if (exists) {
    const choice = await vscode.window.showWarningMessage(
      `${made.path} already exists in ${folder.name}.`,
      { modal: true, detail: 'Overwrite replaces its text (undo brings it back); Keep Both writes the new file next to it.' },
      'Overwrite',
      'Keep Both',
    );
    if (!choice) return undefined;
    if (choice === 'Keep Both') target = await freeName(target);
    else overwrite = true;
  }
  return write(target, made.text, overwrite);
}

/** The templates in force for the folder; the ones the server could not read are logged by it and listed here. */
async function listTemplates(client: LanguageClient, folder: vscode.WorkspaceFolder): Promise<TemplateSummary[]> {
  const result = await client.sendRequest(TemplatesRequest.type, { uri: folder.uri.toString() });
  for (const problem of result.problems) client.warn(problem, undefined, false);
  return result.templates;
}

/** One folder: it; several: ask, the hint's (a file or folder the command was run on) first. */
async function pickFolder(hint: vscode.Uri | undefined): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Prompt Coach: open a folder first; a template makes a file inside a workspace folder.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  const preferred = (hint && vscode.workspace.getWorkspaceFolder(hint)) ?? defaultFolder();
  const picked = await vscode.window.showQuickPick(
    [...folders]
      .sort((a, b) => Number(b === preferred) - Number(a === preferred))
      .map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.uri, true), folder: f })),
    { title: 'New Prompt from Template', placeHolder: 'In which workspace folder?' },
  );
  return picked?.folder;
}

function defaultFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

function workspaceFolderOf(folder: string | vscode.Uri): vscode.WorkspaceFolder {
  const uri = typeof folder === 'string' ? vscode.Uri.parse(folder) : folder;
  const found = vscode.workspace.getWorkspaceFolder(uri);
  if (!found) throw new Error(`Unexpected folder ${uri.toString()}, expected a workspace folder`);
  return found;
}

/** True when the input names part of the new file's path (its file name or folder). */
function usedInPath(template: Pick<TemplateSummary, 'fileName' | 'folder'>, input: TemplateInput): boolean {
  const marker = new RegExp(`\\$\\{input:${input.id}(?::[^}]*)?\\}`);
  return marker.test(template.fileName) || marker.test(template.folder ?? '');
}

/** The input box's check for an answer that becomes part of a path; core's `instantiateTemplate` checks again. */
export function validateFileNamePart(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Unexpected empty name, expected a name for the file';
  if (/[/\\]/.test(v)) return "Unexpected '/' in the name, expected a name without folders";
  if (v === '.' || v === '..') return `Unexpected name '${v}', expected a name inside the workspace folder`;
  return undefined;
}

function joinPath(base: vscode.Uri, rel: string): vscode.Uri {
  return vscode.Uri.joinPath(base, ...rel.split('/'));
}

/** `task.prompt.md` → `task-2.prompt.md` (then -3…): the first name not taken. */
async function freeName(uri: vscode.Uri): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(uri, '..');
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const dot = base.indexOf('.', 1);
  const [stem, ext] = dot < 0 ? [base, ''] : [base.slice(0, dot), base.slice(dot)];
  for (let n = 2; ; n++) {
    const candidate = vscode.Uri.joinPath(dir, `${stem}-${n}${ext}`);
    if (!(await uriExists(candidate))) return candidate;
  }
}

/**
 * Writes the file as one workspace edit (create and insert, or replace an existing file's text),
 * so Undo takes it back; then saves it, so the file on disk is what the template made, and opens it.
 */
async function write(target: vscode.Uri, text: string, overwrite: boolean): Promise<vscode.Uri> {
  const edit = new vscode.WorkspaceEdit();
  if (overwrite) {
    const existing = await vscode.workspace.openTextDocument(target);
    edit.replace(target, new vscode.Range(existing.positionAt(0), existing.positionAt(existing.getText().length)), text);
  } else {
    edit.createFile(target, { ignoreIfExists: false });
    edit.insert(target, new vscode.Position(0, 0), text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Cannot write ${target.toString()}: the edit was refused`);
  const doc = await vscode.workspace.openTextDocument(target);
  await doc.save();
  await vscode.window.showTextDocument(doc);
  return target;
}

function isArgs(value: unknown): value is NewFromTemplateArgs {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.templateId !== 'string') return false;
  const answersOk =
    v.answers === undefined || (typeof v.answers === 'object' && v.answers !== null && Object.values(v.answers).every((a) => typeof a === 'string'));
  const folderOk = v.folder === undefined || typeof v.folder === 'string' || v.folder instanceof vscode.Uri;
  return answersOk && folderOk && (v.overwrite === undefined || typeof v.overwrite === 'boolean');
}
