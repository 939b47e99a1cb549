/**
 * The server's view of the workspace: the file system with open buffers over it, one config
 * resolver per workspace folder, and which configs and files are in play.
 */
import * as path from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { kindOf } from '../core/analyze';
import { ConfigResolver } from '../core/config/load';
import { isIgnored } from '../core/config/merge';
import { CONFIG_FILE_NAME } from '../core/config/schema';
import type { ConfigProblem, EffectiveConfig } from '../core/config/types';
import type { Host, Kind } from '../core/types';
import { nodeHost } from '../node/host';

export function uriToPath(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? path.resolve(parsed.fsPath) : undefined;
  } catch {
    return undefined;
  }
}

export function pathToUri(filePath: string): string {
  return URI.file(filePath).toString();
}

export function isConfigFileName(filePath: string): boolean {
  return path.basename(filePath) === CONFIG_FILE_NAME;
}

function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Where a file stands: the config in force, its kind, and whether it is checked. */
export interface FileInfo {
  config: EffectiveConfig;
  kind: Kind | undefined;
  /** The config's `ignore` globs exclude it. */
  ignored: boolean;
}

/** How long what the disk said about a path stands (`Workspace.fileFacts`). */
const FILE_FACTS_MS = 1000;
const MAX_FILE_FACTS = 10_000;

export class Workspace {
  /** Open documents by absolute path. */
  private readonly open = new Map<string, TextDocument>();
  private folders: string[] = [];
  private readonly resolvers = new Map<string, ConfigResolver>();
  /** Resolvers for files outside every workspace folder, by the file's folder. */
  private readonly looseResolvers = new Map<string, ConfigResolver>();
  /** Config files (absolute paths) that went into some file's config, `extends` included. */
  private readonly configSources = new Set<string>();

  /**
   * Whether paths exist and are folders, as the disk said within the last `FILE_FACTS_MS`: rules ask
   * on every keystroke (a file with many missing references asks for dozens of near names each),
   * and the disk rarely changes while someone types. A watched file created or deleted forgets them
   * all (`forgetFileFacts`), so files checked again for it see the change.
   */
  private readonly fileFacts = new Map<string, { at: number; resolved: string; exists: boolean; directory: boolean | undefined }>();

  /** The file system as the analyzer sees it: an open buffer's text wins over the file on disk. */
  readonly host: Host;

  constructor(private trusted: boolean) {
    const open = this.open;
    const facts = (p: string) => {
      const now = Date.now();
      let known = this.fileFacts.get(p);
      if (!known || now - known.at > FILE_FACTS_MS) {
        if (this.fileFacts.size >= MAX_FILE_FACTS) this.fileFacts.clear();
        known = { at: now, resolved: known?.resolved ?? path.resolve(p), exists: nodeHost.exists(p), directory: undefined };
        this.fileFacts.set(p, known);
      }
      return known;
    };
    this.host = {
      exists: (p) => {
        const known = facts(p);
        return open.has(known.resolved) || known.exists;
      },
      isDirectory: (p) => {
        const known = facts(p);
        return (known.directory ??= known.exists && nodeHost.isDirectory(p));
      },
      readFile: (p) => {
        const doc = open.get(path.resolve(p));
        return doc ? doc.getText() : nodeHost.readFile(p);
      },
      resolvePackage: (specifier, fromDir) => nodeHost.resolvePackage?.(specifier, fromDir),
      // An open buffer with unsaved edits has changed now, whatever the disk says.
      lastChanged: (p) => {
        const doc = open.get(path.resolve(p));
        return doc && doc.getText() !== nodeHost.readFile(p) ? { time: Date.now(), source: 'mtime' } : nodeHost.lastChanged?.(p);
      },
      listFiles: (root) => nodeHost.listFiles?.(root),
    };
  }

  /** Forgets what the disk said about which paths exist (a watched file was created or deleted). */
  forgetFileFacts(): void {
    this.fileFacts.clear();
  }

  didOpen(filePath: string, doc: TextDocument): void {
    this.open.set(filePath, doc);
  }

  didChange(filePath: string, doc: TextDocument): void {
    this.open.set(filePath, doc);
  }

  didClose(filePath: string): void {
    this.open.delete(filePath);
  }

  openDocument(filePath: string): TextDocument | undefined {
    return this.open.get(filePath);
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders.map((f) => path.resolve(f)))];
    for (const dir of [...this.resolvers.keys()]) if (!this.folders.includes(dir)) this.resolvers.delete(dir);
  }

  isTrusted(): boolean {
    return this.trusted;
  }

  /** Recreates every resolver (the trust level is fixed when one is made). */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.resolvers.clear();
    this.looseResolvers.clear();
  }

  /** Drops cached config reads (one file's, or all) so the next look reads them again; last good configs stay. */
  invalidateConfigs(configPath?: string): void {
    for (const r of this.allResolvers()) r.invalidate(configPath);
  }

  /** A config file as the user knows it: relative to its workspace folder (`/`-separated); presets and files elsewhere as they are. */
  displayPath(source: string): string {
    if (!path.isAbsolute(source)) return source;
    const folder = this.folderOf(source);
    return folder ? path.relative(folder, source).split(path.sep).join('/') : source;
  }

  /** The innermost workspace folder holding the file. */
  folderOf(filePath: string): string | undefined {
    let best: string | undefined;
    for (const f of this.folders) if (isWithin(f, filePath) && (!best || f.length > best.length)) best = f;
    return best;
  }

  resolverFor(filePath: string): ConfigResolver {
    const folder = this.folderOf(filePath);
    const map = folder ? this.resolvers : this.looseResolvers;
    const rootDir = folder ?? path.dirname(filePath);
    let resolver = map.get(rootDir);
    if (!resolver) {
      resolver = new ConfigResolver({ host: this.host, rootDir, trusted: this.trusted });
      map.set(rootDir, resolver);
    }
    return resolver;
  }

  allResolvers(): ConfigResolver[] {
    return [...this.resolvers.values(), ...this.looseResolvers.values()];
  }

  /** The config in force for a file, its kind and whether it is ignored. Never throws. */
  fileInfo(filePath: string): FileInfo {
    const config = this.resolverFor(filePath).forFile(filePath);
    for (const source of config.sources ?? []) if (path.isAbsolute(source)) this.configSources.add(source);
    return { config, kind: kindOf(filePath, config), ignored: isIgnored(filePath, config) };
  }

  /** A `.promptcoach.json`, or a file some config extends. */
  isConfigFile(filePath: string): boolean {
    return isConfigFileName(filePath) || this.configSources.has(filePath);
  }

  /** Makes the resolvers read a config file (so its problems are known) even when no prompt file uses it yet. */
  touchConfig(configPath: string): void {
    this.resolverFor(configPath).forFile(configPath);
  }

  /** Every problem of every config file read, by config file path. */
  configProblems(): Map<string, ConfigProblem[]> {
    const byPath = new Map<string, ConfigProblem[]>();
    const seen = new Set<string>();
    for (const resolver of this.allResolvers()) {
      for (const p of resolver.problems()) {
        const key = JSON.stringify([p.path, p.range, p.message, p.severity]);
        if (seen.has(key)) continue;
        seen.add(key);
        const list = byPath.get(p.path) ?? [];
        list.push(p);
        byPath.set(p.path, list);
      }
    }
    return byPath;
  }

  /** Each distinct config in force for the files asked about, for looking up custom rules. */
  *knownConfigs(files: Iterable<string>): Iterable<EffectiveConfig> {
    const seen = new Set<EffectiveConfig>();
    for (const f of files) {
      const config = this.resolverFor(f).forFile(f);
      if (!seen.has(config)) {
        seen.add(config);
        yield config;
      }
    }
  }
}
