import * as path from 'node:path';
import type { PromptDocument, Reference } from '../document';
import { defineRule, type Fix, type Host, type Kind } from '../types';

/** A link target that stands in for one in a template: `[Sponsor](url)`, `![preview](thumbnail_url)`. */
const PLACEHOLDER_TARGET = /^(?:[\w-]*[_-])?(?:url|uri|link|href)$/i;

/** A library named the way `@` mentions docs (`Follow @Next.js 14 App Router docs`), not a file. */
const LIBRARY_MENTION = /^[A-Z][A-Za-z0-9]*\.js$/;

/**
 * Kinds whose tool reads `@path` as an import relative to the file (Claude Code's CLAUDE.md, agents,
 * commands and skills). Cursor and Continue resolve an `@name` against the whole workspace, so a bare
 * name there cannot be checked from the file's folder.
 */
const RELATIVE_AT_IMPORT = new Set<Kind | undefined>(['context', 'agent', 'prompt', 'skill']);

/**
 * A reference inside double quotes on its line is quoted text, an example of what to write
 * ("For API patterns, see @docs/api-guide.md", "I agree to the [Terms](/terms)"), not a file to read.
 */
function isQuoted(doc: PromptDocument, ref: Reference): boolean {
  const before = doc.lines.lineText(ref.range.start.line).slice(0, ref.range.start.character);
  return (before.match(/"/g)?.length ?? 0) % 2 === 1 || before.lastIndexOf('“') > before.lastIndexOf('”');
}

/** A file named as a template or an example to copy. */
const TEMPLATE_FILE = /(?:^|[-_.])(?:template|example)s?(?=[-_.])/i;

/** Whether the rule can judge the reference at all. */
function checkable(doc: PromptDocument, ref: Reference): boolean {
  if (ref.target.startsWith('~/') || PLACEHOLDER_TARGET.test(ref.target) || isQuoted(doc, ref)) return false;
  if (ref.form !== 'at-import') return true;
  if (LIBRARY_MENTION.test(ref.target)) return false;
  return RELATIVE_AT_IMPORT.has(doc.kind) || ref.target.includes('/');
}

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
 * The names in the same folder that `closeMatch` tries for a missing file, as paths: the same name in
 * another case or with another extension. They depend on the path alone, and a file with many missing
 * references asks for them on every keystroke (forty-odd joins each), so they are kept.
 */
const SIBLINGS = new Map<string, readonly string[]>();
const MAX_SIBLINGS = 4096;

function siblingsOf(resolved: string): readonly string[] {
  let known = SIBLINGS.get(resolved);
  if (known) return known;
  const dir = path.dirname(resolved);
  const base = path.basename(resolved);
  const stem = base.replace(/(?<=.)(?:\.(?:prompt|instructions))?\.[^.]+$/, '');
  const ext = base.slice(stem.length);
  const stems = [stem, stem.toLowerCase(), stem.toUpperCase(), stem.charAt(0).toUpperCase() + stem.slice(1).toLowerCase()];
  known = [...new Set(stems.flatMap((s) => [ext, ...EXTENSIONS].map((e) => s + e)))].filter((name) => name !== base).map((name) => path.join(dir, name));
  if (SIBLINGS.size >= MAX_SIBLINGS) SIBLINGS.clear();
  SIBLINGS.set(resolved, known);
  return known;
}

/**
 * A file that exists and is probably the one meant: the same name in another case or with another
 * extension in the same folder, or the same path from a folder above within the repository (a path
 * written from the repository root). Returned as a target relative to the file, `/`-separated. The
 * host cannot list folders, so the candidates are probed one by one. `up` is `foldersUp` of the file.
 */
function closeMatch(host: Host, doc: PromptDocument, ref: Reference, up: () => { folders: string[]; inRepository: boolean }): string | undefined {
  const accepts = (c: string) => host.exists(c) && (ref.target.endsWith('/') || !host.isDirectory(c));
  let found = siblingsOf(ref.resolved).find(accepts);
  if (!found && !ref.target.startsWith('.') && !path.isAbsolute(ref.target)) {
    const { folders, inRepository } = up();
    if (inRepository) found = folders.slice(1).map((folder) => path.join(folder, ref.target)).find(accepts);
  }
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
        'neither are stand-in targets of a template (`[Sponsor](url)`), references inside double quotes (an example of ' +
        'what to write), `@Next.js`-style library mentions, and bare `@name` mentions in Cursor and Continue rules and ' +
        'Copilot instructions, which those tools look up across the whole workspace. Files named as templates or ' +
        'examples (`EXAMPLE-README.md`, `templates/…`) are skipped: their links name files the people who copy them will write.',
      precision: {
        right: 25,
        judged: 27,
        note:
          'The corpus copies prompt files without the rest of their repositories, so most of its 600-odd findings point ' +
          'at files that exist upstream (of 13 checked against the source repositories, 12 exist there); those were not ' +
          'judged. Judged: every finding outside the two partial copies (AGENTS.md in the wild, awesome-copilot) whose ' +
          'target could be settled. Right were real breaks: `references/x.md` written from inside `references/` (ten ' +
          'times in one plugin collection), `../../plugin/` one level short, links to an internal wiki, a skill copied ' +
          'into a prompt collection without its reference files. The misses were an image in an example of the output ' +
          'and a link inside a README the command generates. Quoted examples, `@Next.js` mentions, Cursor\'s bare ' +
          '`@name` mentions and template files were wrong before and are skipped since.',
      },
    },
  },
  check({ doc, host, report }) {
    // A template's links point at files the people who copy it will write (`EXAMPLE-README.md` → `CHANGELOG.md`).
    if (TEMPLATE_FILE.test(doc.fileName) || /^(?:templates?|examples?)$/i.test(path.basename(doc.dir))) return;
    let up: { folders: string[]; inRepository: boolean } | undefined;
    const folders = () => (up ??= foldersUp(host, doc));
    for (const ref of doc.references) {
      if (!checkable(doc, ref) || host.exists(ref.resolved)) continue;
      // A `/`-rooted path may be written from the repository root rather than the file system root.
      if (ref.target.startsWith('/') && folders().folders.some((f) => host.exists(path.join(f, ref.target)))) continue;
      const match = closeMatch(host, doc, ref, folders);
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
