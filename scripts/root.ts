/** The repository root, whether a script runs as ESM (`tsx scripts/x.ts`) or CJS (required by mocha). */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..');
