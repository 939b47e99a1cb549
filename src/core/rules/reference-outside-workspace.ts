import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Nodes } from 'mdast';
import { editedFrom, editedLines, type PromptDocument } from '../document';
import { defineRule, type Fix, type Host, type Range } from '../types';

/**
 * A file in one person's home folder: `/Users/ana/…`, `/home/ana/…`, `/root/…`, `C:\Users\ana\…`. A segment
 * must follow the user's folder: `/home/about` is a site route.
 */
const HOME_PATH = /^(?:\/(?:Users|home)\/[^/]+|\/root|[A-Za-z]:[\\/](?:Users|Documents and Settings)[\\/][^\\/]+)[\\/]./i;
/** A Windows drive path: the document parser reads `C:` as a URL scheme and keeps no reference for it. */
const DRIVE_PATH = /^[A-Za-z]:[\\/]/;

/** Cheap test for a `file:` URL or a drive path anywhere in the text (`https:/` is not one). */
const MACHINE_HINT = /file:|(?<![A-Za-z0-9])[A-Za-z]:[\\/]/g;

/** A reference as this rule sees it: the target as written, where it is, and the absolute path it names. */
interface Target {
  written: string;
  range: Range;
  /** The path it names when written as an absolute one (`/…`, `~/…`, `file:…`, `C:\…`). */
  absolute?: string;
  /** The path it names, relative targets resolved against the file's folder. */
  resolved: string;
  atImport: boolean;
}

/** A target written as a `file:` URL or a drive path, and where (offsets). */
interface MachinePath {
  written: string;
  start: number;
  end: number;
}

const isMachinePath = (raw: string) => /^file:/i.test(raw) || DRIVE_PATH.test(raw);

/** The path a `file:` URL or a drive path names; undefined for any other target. */
function machinePath(raw: string): string | undefined {
  if (/^file:/i.test(raw)) {
    try {
      // `file:///C:/…` read on a POSIX machine comes back as `/C:/…`.
      return fileURLToPath(raw).replace(/^\/(?=[A-Za-z]:\/)/, '');
    } catch {
      // `file:` with a host, or a Windows URL on a POSIX machine: read the path as written.
      return decodeURIComponent(raw.replace(/^file:\/*(?=[A-Za-z]:)|^file:\/\//i, '').replace(/[?#].*$/, ''));
    }
  }
  return DRIVE_PATH.test(raw) ? raw : undefined;
}

/**
 * What `machineTargets` reads, found per part of the file so that after an edit only the changed part
 * is read again: the hint and `#file:` tags per line (none of them runs across a line break), links,
 * images and definitions per top-level block.
 */
interface Found {
  /** Where `MACHINE_HINT` matched. */
  hints: number[];
  /** The targets, in document order; looked for only in a file with a hint. */
  targets?: { links: MachinePath[]; tags: MachinePath[] };
}

function linksIn(nodes: readonly Nodes[]): MachinePath[] {
  const out: MachinePath[] = [];
  const walk = (node: Nodes) => {
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.position) {
      if (isMachinePath(node.url)) out.push({ written: node.url, start: node.position.start.offset ?? 0, end: node.position.end.offset ?? 0 });
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  for (const node of nodes) walk(node);
  return out;
}

/** `text[from, to)`, without a copy when that is all of it. */
function slice(text: string, from: number, to: number): string {
  return from === 0 && to === text.length ? text : text.slice(from, to);
}

/** The `#file:` tags in the lines `[from, to)` (whole lines). */
function tagsIn(doc: PromptDocument, from: number, to: number): MachinePath[] {
  const tags: MachinePath[] = [];
  for (const m of slice(doc.nonCode, from, to).matchAll(/#file:([A-Za-z]:[\\/][^\s)\]'"`,;]*|file:[^\s)\]'"`,;]+)/g)) {
    const written = (m[1] as string).replace(/[.:]$/, '');
    if (isMachinePath(written)) tags.push({ written, start: from + m.index, end: from + m.index + m[0].length });
  }
  return tags;
}

const hintsIn = (text: string, from: number, to: number) => [...slice(text, from, to).matchAll(MACHINE_HINT)].map((m) => from + m.index);

/** Each document's machine paths; after an edit only the blocks and lines it changed are read again (the rest is moved over). */
const FOUND = new WeakMap<PromptDocument, Found>();

function foundIn(doc: PromptDocument): Found {
  let found = FOUND.get(doc);
  if (found) return found;
  const prior = editedFrom(doc);
  const lines = editedLines(doc);
  const old = prior && FOUND.get(prior.doc);
  if (prior && lines && old) {
    const { from, oldTo, newTo } = lines;
    const by = newTo - oldTo;
    const hints = [...old.hints.filter((at) => at < from), ...hintsIn(doc.text, from, newTo), ...old.hints.filter((at) => at >= oldTo).map((at) => at + by)];
    if (old.targets) {
      const move = (p: MachinePath, shift: number): MachinePath => ({ ...p, start: p.start + shift, end: p.end + shift });
      // Links by the re-parsed blocks, which start and end in the window; tags by the lines around it.
      const { start, oldEnd, newEnd } = prior.edit.window;
      const fresh = doc.ast.children.filter((c) => {
        const at = c.position?.start.offset ?? -1;
        return at >= start && at < newEnd;
      });
      const { links: oldLinks, tags: oldTags } = old.targets;
      const links = [...oldLinks.filter((p) => p.start < start), ...linksIn(fresh), ...oldLinks.filter((p) => p.start >= oldEnd).map((p) => move(p, newEnd - oldEnd))];
      const tags = [...oldTags.filter((p) => p.start < from), ...tagsIn(doc, from, newTo), ...oldTags.filter((p) => p.start >= oldTo).map((p) => move(p, by))];
      found = { hints, targets: { links, tags } };
    } else if (!hints.length) {
      found = { hints };
    }
  }
  if (!found) {
    const hints = hintsIn(doc.text, 0, doc.text.length);
    found = hints.length ? { hints, targets: { links: linksIn(doc.ast.children), tags: tagsIn(doc, 0, doc.text.length) } } : { hints };
  }
  FOUND.set(doc, found);
  return found;
}

/**
 * Links, images and `#file:` tags to `file:` URLs and Windows drive paths: machine paths the document's
 * references leave out because they look like URLs.
 */
function machineTargets(doc: PromptDocument): Target[] {
  const { hints, targets } = foundIn(doc);
  const out: Target[] = [];
  if (!hints.length || !targets) return out;
  for (const { written, start, end } of [...targets.links, ...targets.tags]) {
    const absolute = machinePath(written);
    if (absolute) out.push({ written, range: doc.range(start, end), absolute, resolved: absolute, atImport: false });
  }
  return out;
}

function targetsOf(doc: PromptDocument): Target[] {
  const refs = doc.references.map((r): Target => {
    const t: Target = { written: r.target, range: r.range, resolved: r.resolved, atImport: r.form === 'at-import' };
    if (r.target.startsWith('~/') || path.isAbsolute(r.target)) t.absolute = r.resolved;
    return t;
  });
  return [...refs, ...machineTargets(doc)];
}

const inside = (folder: string, file: string): boolean => {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
};

/** The folder teammates have: the file's repository (nearest `.git` above it), else the workspace root. */
function boundaryOf(host: Host, doc: PromptDocument, root: string): string | undefined {
  for (let dir = doc.dir; ; dir = path.dirname(dir)) {
    if (host.exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  return inside(root, doc.path) ? root : undefined;
}

const posix = (p: string) => p.split(path.sep).join('/');

/**
 * The same file inside the workspace: the absolute path itself when it points into one of `folders`
 * (the workspace root, the repository root), else the longest tail of it (two segments or more:
 * `docs/evals/README.md`) that exists under one of them. Returned relative to the file.
 */
function inWorkspace(host: Host, doc: PromptDocument, absolute: string, folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    if (inside(folder, absolute) && host.exists(absolute)) return posix(path.relative(doc.dir, absolute));
  }
  const segments = absolute.split(/[\\/]+/).filter(Boolean);
  for (let i = 1; i <= segments.length - 2; i++) {
    for (const folder of folders) {
      const candidate = path.join(folder, ...segments.slice(i));
      if (host.exists(candidate) && !host.isDirectory(candidate)) return posix(path.relative(doc.dir, candidate));
    }
  }
  return undefined;
}

/** Replaces the target inside the reference's source, when it is written there verbatim. */
function replaceTarget(doc: PromptDocument, target: Target, replacement: string): Fix | undefined {
  const start = doc.lines.offsetAt(target.range.start);
  const source = doc.text.slice(start, doc.lines.offsetAt(target.range.end));
  const at = source.lastIndexOf(target.written);
  if (at < 0) return undefined;
  return {
    title: `Replace '${target.written}' with '${replacement}'`,
    edits: [{ range: doc.range(start + at, start + at + target.written.length), newText: replacement }],
  };
}

export const referenceOutsideWorkspace = defineRule({
  meta: {
    id: 'reference-outside-workspace',
    category: 'context',
    defaultSeverity: 'warning',
    kinds: 'all',
    fixable: true,
    docs: {
      summary:
        'Reports links, `#file:` references and `@path` imports to files outside the repository: a home folder ' +
        '(`~/…`, `/Users/ana/…`, `C:\\Users\\ana\\…`), a `file:` URL, an absolute path, or `../` past the repository root.',
      rationale:
        'The file works for its author because the path exists on their machine. For every teammate, every CI run ' +
        'and every cloud agent the reference points nowhere, and most tools drop a missing reference without a ' +
        'word: the agent works without the context the author meant to give, and nobody sees why its output ' +
        'differs from the author\'s. A path relative to the file, inside the repository, works everywhere.',
      bad: 'Follow the checklist in [release steps](/Users/ana/code/shop/docs/release.md) and the notes in @~/notes/shop.md.',
      good: 'Follow the checklist in [release steps](docs/release.md) and the notes in @docs/release-notes.md.',
      kindsNote:
        'Every kind. Web URLs are not references. The boundary is the repository (the nearest folder with `.git`), ' +
        'or the workspace root when the file is in no repository. A path starting with `/` that is not in a home ' +
        'folder and not inside the workspace is left alone: GitHub and most doc sites read it from the repository ' +
        'or site root (`/docs/setup.md`, `/favicon.png`), and `broken-reference` reports it when it does not exist. ' +
        'Claude Code imports of `@~/…` in a context file are left alone too: Anthropic documents them as the way ' +
        'for each teammate to add personal instructions that are not checked in, and Claude Code skips them ' +
        'silently where the file does not exist.',
      precision: {
        right: 2,
        judged: 2,
        note:
          'The corpus has two findings, both in one skill: links to `file:///Users/<author>/code/…/README.md`, a ' +
          'path on its author\'s machine, both right. The corpus holds single files out of their repositories, so ' +
          'home paths, `../` past a repository and absolute paths into the workspace were checked on fixtures and ' +
          'unit tests instead; its other absolute link targets are site routes (`/terms`, `/spec/`, ' +
          '`/components/config-provider`) and are rightly left alone.',
      },
    },
  },
  check({ doc, host, root, report }) {
    let boundary: string | undefined | null = null;
    const limit = () => (boundary === null ? (boundary = boundaryOf(host, doc, root)) : boundary);
    for (const target of targetsOf(doc)) {
      const { written, absolute } = target;
      if (absolute === undefined) {
        if (!/(?:^|[\\/])\.\.(?:[\\/]|$)/.test(written)) continue;
        const folder = limit();
        if (!folder || folder === target.resolved || inside(folder, target.resolved)) continue;
        report({
          range: target.range,
          message: `Unexpected reference outside the repository '${written}', expected a file inside it: teammates and CI do not have this one`,
        });
        continue;
      }
      // Claude Code's documented per-person import: `@~/.claude/my-instructions.md` in a CLAUDE.md.
      if (written.startsWith('~/') && target.atImport && doc.kind === 'context') continue;
      const home = written.startsWith('~/') || HOME_PATH.test(absolute);
      const machine = /^file:/i.test(written) || DRIVE_PATH.test(written);
      const folder = limit();
      // `/docs/setup.md` is read from the repository or site root; only a path into this workspace is a machine path.
      if (!home && !machine && !(folder && inside(folder, absolute))) continue;
      const local = inWorkspace(host, doc, absolute, [...new Set([root, ...(folder ? [folder] : [])])]);
      const fix = local === undefined ? undefined : replaceTarget(doc, target, local);
      const what = home ? 'home-folder path' : 'absolute path';
      report({
        range: target.range,
        message:
          local === undefined
            ? `Unexpected ${what} '${written}', expected a file inside the repository, relative to this file: teammates and CI do not have this one`
            : `Unexpected ${what} '${written}', expected '${local}', relative to this file: the absolute path exists only on one machine`,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
  },
});
