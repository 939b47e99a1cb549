/** The analyzer's `Host` on Node: the real file system, synchronous, never throwing. */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Host } from '../core/types';
import { createFileLister } from './file-list';
import { createFileTimes } from './file-times';

export interface NodeHostOptions {
  /**
   * Treat the disk as fixed for the host's life: file listings and git facts are read once, not
   * again every few seconds. Right for one CLI run; a long-lived server wants the default.
   */
  snapshot?: boolean;
}

export function createNodeHost(options: NodeHostOptions = {}): Host {
  const clock = options.snapshot ? () => 0 : Date.now;
  const times = createFileTimes({ now: clock });
  const lister = createFileLister(clock);
  return {
    exists(absPath) {
      return fs.existsSync(absPath);
    },
    isDirectory(absPath) {
      try {
        return fs.statSync(absPath).isDirectory();
      } catch {
        return false;
      }
    },
    readFile(absPath) {
      try {
        return fs.readFileSync(absPath, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolvePackage(specifier, fromDir) {
      try {
        return createRequire(path.join(fromDir, 'noop.js')).resolve(specifier);
      } catch {
        return undefined;
      }
    },
    lastChanged: (absPath) => times.lastChanged(absPath),
    listFiles: (root) => lister.listFiles(root),
  };
}

/** The shared instance: its only state is short-lived caches of file times and listings. */
export const nodeHost: Host = createNodeHost();
