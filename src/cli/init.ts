/** `prompt-coach init`: a starter `.promptcoach.json` in the cwd, never over an existing one unless `--force`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, STARTER_CONFIG } from '../core/config/starter';
import { ok, usageError, type CliEnv, type CommandResult } from './io';

export { CONFIG_FILE_NAME, STARTER_CONFIG };


export function runInit(options: { force: boolean }, env: CliEnv): CommandResult {
  const target = path.join(env.cwd, CONFIG_FILE_NAME);
  if (fs.existsSync(target) && !options.force) {
    return usageError(`${CONFIG_FILE_NAME} already exists in ${env.cwd}; use --force to overwrite it.`);
  }
  try {
    fs.writeFileSync(target, STARTER_CONFIG);
  } catch (error) {
    return usageError(`cannot write ${target}: ${(error as Error).message}`);
  }
  return ok(`Wrote ${CONFIG_FILE_NAME}. Run 'prompt-coach lint' to check your prompt and context files.\n`);
}
