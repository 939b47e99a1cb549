// Builds every target from one file: `node esbuild.config.mjs [--watch] [--production]`.
// Targets are added here as they land (extension, language server, webviews).
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
  define: { 'process.env.PROMPT_COACH_VERSION': JSON.stringify(process.env.npm_package_version ?? '0.0.0') },
};

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] building on change');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
