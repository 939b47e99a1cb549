/** The analyzer's `Host` on Node: the real file system, synchronous, never throwing. */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Host } from '../core/types';

export function createNodeHost(): Host {
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
  };
}

/** The shared instance: it holds no state. */
export const nodeHost: Host = createNodeHost();
