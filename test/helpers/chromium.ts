import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';

/** Headless Debian Chromium for tests: the binary and the flags that keep it off the network. */
export const CHROMIUM = process.env.PROMPT_COACH_CHROMIUM ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling out, and this machine refuses. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A webview page's script bundled as the extension's build bundles it (esbuild, iife for the
 * browser), from its source; asserts zod stayed out (the page imports protocol types only).
 */
export async function bundleWebviewPage(entry: string): Promise<string> {
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'chrome120', logLevel: 'silent' });
  const bundle = built.outputFiles[0]?.text ?? '';
  assert.ok(!/\bzod\b|ZodError/.test(bundle), 'zod must not reach the page bundle');
  return bundle;
}
