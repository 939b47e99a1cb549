import * as path from 'node:path';
import type { PromptDocument, Reference } from '../document';
import { defineRule, type Fix, type Host } from '../types';

/** A link target that stands in for one in a template: `[Sponsor](url)`, `![preview](thumbnail_url)`. */
const PLACEHOLDER_TARGET = /^(?:[\w-]*[_-])?(?:url|uri|link|href)$/i;

/** Extensions tried when a reference names a file with the wrong one, or none. */
const EXTENSIONS = ['.md', '.mdc', '.mdx', '.markdown', '.txt', '.prompt.md', '.instructions.md', ''];

/**
 * The file's folder and the folders above it, up to the repository root (the nearest folder with
 * `.git`), or up to the file system root when the file is in no repository.
 */
function foldersUp(host: Host, doc: PromptDocument): { folders: string[]; inRepository: boolean } {
  const folders = [doc.dir];
  for (let dir = doc.dir; !host.exists(path.join(dir, '.git')); ) {
    if (path.dirname(dir) === dir) return { folders, inRepository: false };
    dir = path.dirname(dir);
    folders.push(dir);
  }
  return { folders, inRepository: true };
}

/**
 * A file that exists and is probably the one meant: the same name in another case or with another
 * extension in the same folder, or the same path from a folder above within the repository (a path
 * written from the repository root). Returned as a target relative to the file, `/`-separated. The
 * host cannot list folders, so the candidates are probed one by one.
 */
function closeMatch(host: Host, doc: PromptDocument, ref: Reference): string | undefined {
  const dir = path.dirname(ref.resolved);
  const base = path.basename(ref.resolved);
  const stem = base.replace(/(?<=.)(?:\.(?:prompt|instructions))?\.[^.]+$/, '');
  const ext = base.slice(stem.length);
  const stems = [stem, stem.toLowerCase(), stem.toUpperCase(), stem.charAt(0).toUpperCase() + stem.slice(1).toLowerCase()];
  const candidates = [...new Set(stems.flatMap((s) => [ext, ...EXTENSIONS].map((e) => s + e)))]
    .filter((name) => name !== base)
    .map((name) => path.join(dir, name));
  const up = foldersUp(host, doc);
  if (up.inRepository && !ref.target.startsWith('.') && !path.isAbsolute(ref.target)) {
    candidates.push(...up.folders.slice(1).map((folder) => path.join(folder, ref.target)));
  }
  const found = candidates.find((c) => host.exists(c) && (ref.target.endsWith('/') || !host.isDirectory(c)));
  if (!found) return undefined;
  const relative = path.relative(doc.dir, found).split(path.sep).join('/');
  return ref.target.startsWith('./') && !relative.startsWith('../') ? `./${relative}` : relative;
}

/** Replaces the target as written inside the reference, when it is written verbatim. */
function replaceTarget(doc: PromptDocument, ref: Reference, replacement: string): Fix | undefined {
  const start = doc.lines.offsetAt(ref.range.start);
  const source = doc.text.slice(start, doc.lines.offsetAt(ref.range.end));
  const at = source.lastIndexOf(ref.target);
  if (at < 0) return undefined;
  return {
    title: `Replace '${ref.target}' with '${replacement}'`,
    edits: [{ range: doc.range(start + at, start + at + ref.target.length), newText: replacement }],
  };
}

export const brokenReference = defineRule({
  meta: {
    id: 'broken-reference',
    category: 'context',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: {
      summary: 'Reports links, `#file:` references and `@path` imports whose file does not exist.',
      rationale:
        'A reference that points nowhere is context the author meant to give and the agent never gets. Most tools ' +
        'skip it without a word, so the agent works without the file, and the output is wrong in ways nobody ' +
        'traces back to a renamed file.',
      bad: 'Follow the conventions in [our style guide](docs/styleguide.md).',
      good: 'Follow the conventions in [our style guide](docs/STYLEGUIDE.md).',
      kindsNote:
        'Every kind. Paths are relative to the file; a path starting with `/` may also start at any folder above ' +
        'it (the repository root). Paths in your home folder (`~/…`) are not checked: they differ per machine; ' +
        'neither are stand-in targets of a template (`[Sponsor](url)`).',
    },
  },
  check({ doc, host, report }) {
    for (const ref of doc.references) {
      if (ref.target.startsWith('~/') || PLACEHOLDER_TARGET.test(ref.target) || host.exists(ref.resolved)) continue;
      // A `/`-rooted path may be written from the repository root rather than the file system root.
      if (ref.target.startsWith('/') && foldersUp(host, doc).folders.some((f) => host.exists(path.join(f, ref.target)))) continue;
      const match = closeMatch(host, doc, ref);
      const fix = match === undefined ? undefined : replaceTarget(doc, ref, match);
      report({
        range: ref.range,
        message:
          match === undefined
            ? `Unexpected reference to missing file '${ref.target}', expected a path that exists, relative to this file`
            : `Unexpected reference to missing file '${ref.target}', expected '${match}' (that file exists)`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
});
