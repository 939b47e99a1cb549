// Builds every target from one file: `node esbuild.config.mjs [--watch] [--production]`.
// Targets are added here as they land (extension, language server, webviews).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The VS Code client: thin, loaded at activation; `vscode` is provided by the host.
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // The bundle's first statement notes the time, so activation is measured from there
    // (src/extension/activationTimes.ts). "use strict" first: a directive after it would not count.
    banner: { js: '"use strict";\nvar __promptCoachBundleStart = performance.now();' },
  },
  {
    // The language server, its own process: `node dist/server.cjs --stdio` (or `--node-ipc`).
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The inspection panel's page, loaded into a webview: plain DOM, no Node, no `vscode`.
    entryPoints: ['src/webview/inspection/main.ts'],
    outfile: 'dist/webview/inspection.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    // The quality dashboard's page: the report's charts (src/core/report/charts.ts) drawn with the DOM.
    entryPoints: ['src/webview/dashboard/main.ts'],
    outfile: 'dist/webview/dashboard.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // Prefer packages' ESM entry: jsonc-parser's UMD `main` requires its own files dynamically,
  // which a bundle cannot resolve ("Cannot find module './impl/format'").
  mainFields: ['module', 'main'],
};

// A production build packs `dist/webview/**` into the .vsix: no source map of an earlier
// development build may be left there.
if (production) fs.rmSync('dist/webview', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] building on change');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
