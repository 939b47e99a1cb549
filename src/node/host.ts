/** The analyzer's `Host` on Node: the real file system, synchronous, never throwing. */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Host } from '../core/types';
import { createFileLister } from './file-list';
import { createFileTimes } from './file-times';

export function createNodeHost(): Host {
  const times = createFileTimes();
  const lister = createFileLister();
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
