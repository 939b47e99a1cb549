import picomatch from 'picomatch';
import { defineRule } from '../types';
import { globValue, type GlobPattern, type GlobValue } from './frontmatter-globs';

type Matcher = (path: string) => boolean;

/** Patterns that match every file: VS Code attaches such instructions to every request. */
const EVERYTHING = new Set(['**', '**/*', '*', '*.*', '**/*.*']);

/**
 * Folders the host's listing leaves out (dependencies, VCS, build output): a pattern that names one
 * would look empty when it is not.
 */
const UNLISTED = /(?:^|\/)(?:node_modules|\.git|\.hg|\.svn|dist|out|build|\.next|\.cache|target|__pycache__|\.venv|venv|vendor|bin|obj)(?:\/|$)/;

/**
 * Not judged here: what frontmatter-invalid reports (backslashes, absolute paths), negations, and
 * template slots a generator fills in (`{{x}}`, `${x}`, `<x>`, `{FILE_PATTERNS}`).
 */
const NOT_JUDGED = /\\|^[A-Za-z]:|^~|^!|\$\{|\{\{|<[^>]*>|\{[A-Z][A-Z0-9_]*\}/;

function balanced(p: string): boolean {
  let braces = 0;
  let brackets = 0;
  for (const c of p) {
    if (c === '{') braces++;
    else if (c === '}') braces--;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    if (braces < 0 || brackets < 0) return false;
  }
  return braces === 0 && brackets === 0;
}

const compiled = new Map<string, Matcher>();
/** One compiled matcher per (key, pattern), kept across lints; the cache is bounded. */
function matcherFor(key: GlobValue['key'], pattern: string): Matcher {
  const id = `${key}\0${pattern}`;
  const hit = compiled.get(id);
  if (hit) return hit;
  // VS Code puts `**/` before a pattern that has none, so `src/**` matches any `src` folder.
  // Cursor's own rule is not documented: accept the pattern from the root, anywhere, or as a folder.
  const forms =
    key === 'applyTo'
      ? [pattern.startsWith('**/') ? pattern : `**/${pattern}`]
      : [pattern, `**/${pattern}`, `${pattern.replace(/\/+$/, '')}/**`];
  const re = new RegExp(forms.map((f) => picomatch.makeRe(f, { dot: true, nocase: true }).source).join('|'), 'i');
  const matcher: Matcher = (path) => re.test(path);
  if (compiled.size > 1000) compiled.clear();
  compiled.set(id, matcher);
  return matcher;
}

/** A listing with its files indexed by name and extension, and the answers found so far. */
interface Listing {
  files: readonly string[];
  byName: Map<string, string[]>;
  byExtension: Map<string, string[]>;
  answers: Map<string, boolean>;
}

/** Kept per listing: the host returns the same array while its listing is fresh. */
const listings = new WeakMap<readonly string[], Listing>();
function listingOf(files: readonly string[]): Listing {
  const hit = listings.get(files);
  if (hit) return hit;
  const listing: Listing = { files, byName: new Map(), byExtension: new Map(), answers: new Map() };
  const add = (map: Map<string, string[]>, key: string, file: string) => {
    const list = map.get(key);
    if (list) list.push(file);
    else map.set(key, [file]);
  };
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
    add(listing.byName, name, file);
    const dot = name.lastIndexOf('.');
    if (dot >= 0) add(listing.byExtension, name.slice(dot + 1), file);
  }
  listings.set(files, listing);
  return listing;
}

/** The pattern's last path segment (`*.{ts,tsx}` of `src/**\/*.{ts,tsx}`). */
function lastSegment(pattern: string): string {
  let depth = 0;
  for (let i = pattern.length - 1; i >= 0; i--) {
    const c = pattern[i];
    if (c === '}' || c === ']') depth++;
    else if (c === '{' || c === '[') depth--;
    else if (c === '/' && depth === 0) return pattern.slice(i + 1);
  }
  return pattern;
}

/**
 * The only files a pattern can match, narrowed by the extension (`*.py`, `*.{ts,tsx}`) or the exact
 * name (`Dockerfile`) its last segment requires: most patterns then test a handful of files.
 */
function candidates(listing: Listing, key: GlobValue['key'], pattern: string): readonly string[] {
  const last = lastSegment(pattern).toLowerCase();
  // Cursor's folder reading (`packages/web` for `packages/web/**`) means a plain name may be a folder.
  if (!/[*?[\]{}]/.test(last)) return key === 'applyTo' ? (listing.byName.get(last) ?? []) : listing.files;
  const braces = /\.\{([\w.,-]+)\}$/.exec(last);
  const single = /\.([\w-]+)$/.exec(last);
  const extensions = braces ? (braces[1] as string).split(',').map((e) => e.slice(e.lastIndexOf('.') + 1)) : single ? [single[1] as string] : undefined;
  if (!extensions) return listing.files;
  return [...new Set(extensions)].flatMap((e) => listing.byExtension.get(e) ?? []);
}

function matchesSome(files: readonly string[], key: GlobValue['key'], pattern: string): boolean {
  const listing = listingOf(files);
  const id = `${key}\0${pattern}`;
  const hit = listing.answers.get(id);
  if (hit !== undefined) return hit;
  const test = matcherFor(key, pattern);
  const found = candidates(listing, key, pattern).some((f) => test(f));
  listing.answers.set(id, found);
  return found;
}

/**
 * VS Code's `applyTo: src/components` names a file, not a folder: the folder's files need
 * `src/components/**`. Returns that pattern when it would match.
 */
function folderPattern(files: readonly string[], glob: GlobValue, pattern: GlobPattern): string | undefined {
  if (glob.key !== 'applyTo' || /[*?]/.test(pattern.text)) return undefined;
  const folder = `${pattern.text.replace(/\/+$/, '')}/**`;
  return matchesSome(files, glob.key, folder) ? folder : undefined;
}

export const globMatchesNothing = defineRule({
  meta: {
    id: 'glob-matches-nothing',
    category: 'context',
    defaultSeverity: 'warning',
    kinds: ['instructions', 'rules'],
    fixable: false,
    docs: {
      summary: 'Reports an `applyTo` (Copilot instructions) or `globs` (Cursor rules) pattern that matches no file in the workspace.',
      rationale:
        'Instructions and rules scoped by a glob reach the agent only when a matching file is in play. A pattern with a ' +
        'typo (`scr/**`), a folder that was renamed, or an extension the project does not use means the file is never ' +
        'attached: the team believes the agent follows these instructions, and it never sees them.',
      bad: "---\napplyTo: 'scr/**/*.ts'\n---\nUse the shared logger in every module.",
      good: "---\napplyTo: 'src/**/*.ts'\n---\nUse the shared logger in every module.",
      kindsNote:
        'Instructions (`applyTo`) and rules (`globs`): the kinds that are attached by file pattern. Patterns are matched ' +
        'as the tools do: VS Code puts `**/` before an `applyTo` pattern and ignores case; for Cursor a pattern counts ' +
        'when it matches from the workspace root, at any depth, or as a folder. `**` and `*` always match; negations, ' +
        'template placeholders, patterns under dependency or build folders (`node_modules`, `dist`, …) and patterns ' +
        "`frontmatter-invalid` reports are not judged. Nothing is reported when the host cannot list the workspace's files.",
      precision: {
        right: 0,
        judged: 0,
        note:
          'Not judged on the corpus: its files were collected out of their repositories, so nearly every pattern there ' +
          'matches nothing. Checked instead on a realistic workspace, a copy of this TypeScript repository (257 files) ' +
          "with the corpus's 447 distinct `applyTo`/`globs` lines: every one of the 627 patterns reported matched no " +
          'file there (`**/*.py`, `src/**/*.tsx`, `tests/**/*.ts`), and none that matched (`**/*.ts`, `src/**`, ' +
          '`**/*.{md,json}`) was reported. Fixtures and unit tests on a temporary workspace cover typos, folders written ' +
          'without `/**`, braces, dot folders, case and the patterns it must leave alone.',
      },
    },
  },
  check({ doc, host, root, report }) {
    const glob = globValue(doc);
    if (!glob || (glob.key === 'applyTo' && glob.form !== 'string')) return;
    const judged = glob.patterns.filter(
      (p) =>
        // A glob becomes a regular expression: very long ones, or many `*`, could make it slow.
        p.text.length <= 300 &&
        (p.text.match(/\*/g) ?? []).length <= 12 &&
        !EVERYTHING.has(p.text) &&
        !NOT_JUDGED.test(p.text) &&
        !UNLISTED.test(p.text) &&
        balanced(p.text) &&
        // A leading `/` is frontmatter-invalid's for VS Code; Cursor's reading of it is not documented.
        !(glob.key === 'applyTo' && p.text.startsWith('/')),
    );
    if (!judged.length) return;
    judged.length = Math.min(judged.length, 100);
    const files = host.listFiles?.(root);
    if (!files) return;
    for (const pattern of judged) {
      const text = pattern.text.replace(/^\.?\/+/, '');
      if (EVERYTHING.has(text)) continue;
      if (matchesSome(files, glob.key, text)) continue;
      const folder = folderPattern(files, glob, pattern);
      const what = glob.key === 'globs' ? 'the rule is' : 'the instructions are';
      report({
        range: doc.range(pattern.start, pattern.end),
        message:
          `Unexpected '${glob.key}' pattern '${pattern.text}' that matches no file in the workspace, ` +
          (folder ? `expected '${folder}' for the files in that folder` : 'expected a pattern for files that exist') +
          (glob.patterns.length === 1 ? `: ${what} never attached` : ''),
      });
    }
  },
});
