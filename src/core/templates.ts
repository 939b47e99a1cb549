/**
 * Templates: prompt and context files with `${input:id}` or `${input:id:placeholder}` where the
 * specifics go (the syntax of VS Code's prompt-file variables). Using one asks each input once and
 * writes the file; snippets are derived from the same text (`${input:id}` → a tab stop).
 */
import type { Template } from './config/types';
import type { Host } from './types';

export interface TemplateInput {
  id: string;
  /** The question: the declared description, else the placeholder written in the text, else the id. */
  description: string;
  default?: string;
}

/** `${input:id}` or `${input:id:placeholder}`; the placeholder runs to the next `}`. Global: clone it (`new RegExp(INPUT)`) to keep state apart. */
export const INPUT = /\$\{input:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g;

/**
 * The inputs a template asks, in order: the declared ones first (in their order), then any the
 * text, the file name or the folder uses that were not declared, in order of appearance.
 */
export function templateInputs(template: Pick<Template, 'inputs' | 'fileName' | 'folder'>, text: string): TemplateInput[] {
  const found = new Map<string, string | undefined>();
  for (const source of [template.folder ?? '', template.fileName, text]) {
    for (const m of source.matchAll(INPUT)) if (!found.has(m[1] as string) || found.get(m[1] as string) === undefined) found.set(m[1] as string, m[2]);
  }
  const inputs: TemplateInput[] = [];
  for (const declared of template.inputs) {
    inputs.push({ id: declared.id, description: declared.description, ...(declared.default !== undefined ? { default: declared.default } : {}) });
  }
  for (const [id, placeholder] of found) {
    if (inputs.some((i) => i.id === id)) continue;
    inputs.push({ id, description: placeholder?.trim() || id });
  }
  return inputs;
}

/** The template's text: built into it (a preset's), or read from its file; undefined when unreadable. */
export function templateText(template: Pick<Template, 'file' | 'text'>, host: Pick<Host, 'readFile'>): string | undefined {
  if (template.text !== undefined) return template.text;
  try {
    return host.readFile(template.file);
  } catch {
    return undefined;
  }
}

/** Replaces every `${input:…}` with its answer; an input without an answer keeps its placeholder text. */
export function fillTemplate(text: string, answers: Readonly<Record<string, string>>): string {
  return text.replace(INPUT, (whole, id: string, placeholder: string | undefined) => answers[id] ?? placeholder ?? whole);
}

export interface Instantiated {
  /** Relative to the workspace folder, `/`-separated. */
  path: string;
  text: string;
}

/**
 * The file a template makes with these answers. A file name or folder that would leave the
 * workspace folder (`..`, an absolute path) is refused with a message in the house formula.
 */
export function instantiateTemplate(template: Pick<Template, 'inputs' | 'fileName' | 'folder' | 'id'>, text: string, answers: Readonly<Record<string, string>>): Instantiated {
  for (const m of `${template.folder ?? ''}${template.fileName}`.matchAll(INPUT)) {
    const answer = (answers[m[1] as string] ?? '').trim();
    if (!answer || answer === '.' || answer === '..' || /[/\\]/.test(answer)) {
      throw new Error(`Unexpected file name '${answer}' for input '${m[1]}' of template '${template.id}', expected a name without '/' to make a path inside the workspace folder`);
    }
  }
  const fileName = fillTemplate(template.fileName, answers).trim();
  const folder = fillTemplate(template.folder ?? '', answers).trim().replace(/\\/g, '/').replace(/^\.\/|\/+$/g, '');
  const rel = folder ? `${folder}/${fileName}` : fileName;
  const parts = rel.split('/');
  if (!fileName || fileName.includes('/') || fileName.includes('\\') || rel.startsWith('/') || /^[A-Za-z]:/.test(rel) || parts.some((p) => p === '..' || p === '')) {
    throw new Error(`Unexpected file name '${rel}' from template '${template.id}', expected a path inside the workspace folder`);
  }
  return { path: rel, text: fillTemplate(text, answers) };
}

/**
 * The template as a VS Code snippet body: each input a numbered tab stop with its placeholder
 * (the same input again is the same stop), `$` and `}` in the text escaped.
 */
export function snippetBody(text: string, inputs: readonly TemplateInput[]): string[] {
  const order = new Map(inputs.map((input, i) => [input.id, i + 1]));
  let out = '';
  let last = 0;
  const seen = new Set<string>();
  for (const m of text.matchAll(INPUT)) {
    out += escapeSnippet(text.slice(last, m.index));
    const id = m[1] as string;
    const stop = order.get(id) ?? order.size + 1;
    const input = inputs.find((i) => i.id === id);
    const label = (input?.default ?? id).replace(/[$}\\]/g, '\\$&');
    out += seen.has(id) ? `$${stop}` : `\${${stop}:${label}}`;
    seen.add(id);
    last = (m.index as number) + m[0].length;
  }
  out += escapeSnippet(text.slice(last));
  return out.replace(/\n$/, '').split('\n');
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
