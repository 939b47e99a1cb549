// Runs the integration suite in desktop VS Code through @vscode/test-electron, the ecosystem's usual
// way. It downloads VS Code (into .vscode-test/), so it needs internet; CI and offline machines
// use run-code-server.ts. Flag: --skip-build. Env: VSCODE_VERSION (default 'stable'), PROMPT_COACH_GREP.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import {
  RESULTS_ENV,
  buildExtension,
  buildSuite,
  copyWorkspace,
  fixtureWorkspace,
  makeScratch,
  readResults,
  repoRoot,
  summarize,
  writeUserSettings,
} from './common';

if (!process.argv.includes('--skip-build')) buildExtension();
const extensionTestsPath = await buildSuite();
const scratch = makeScratch('prompt-coach-it');
const workspace = copyWorkspace(fixtureWorkspace, scratch.dir);
const userDataDir = path.join(scratch.dir, 'data');
writeUserSettings(userDataDir, { trust: true });
const resultsFile = path.join(scratch.dir, 'results.json');

let hostExitCode: number | undefined;
try {
  hostExitCode = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    extensionTestsEnv: {
      [RESULTS_ENV]: resultsFile,
      PROMPT_COACH_WORKSPACE_TRUST: 'trusted',
      ...(process.env.PROMPT_COACH_GREP ? { PROMPT_COACH_GREP: process.env.PROMPT_COACH_GREP } : {}),
    },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; built-ins and ours still load
      '--disable-workspace-trust',
      `--user-data-dir=${userDataDir}`,
      `--extensions-dir=${path.join(scratch.dir, 'extensions')}`,
    ],
  });
} catch (err) {
  // runTests rejects when the tests fail (non-zero exit) as well as when VS Code cannot start.
  console.error(err);
}
const exitCode = summarize(readResults(resultsFile), hostExitCode);
scratch.remove();
process.exit(exitCode);
