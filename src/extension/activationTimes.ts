/**
 * How long activation took, measured by the extension itself: "Activated in N ms" in its output
 * channel, and for tests and the benchmark (`npm run bench -- editor`) the extension's exports and
 * the internal command below.
 */

/** Not contributed in package.json, so the Command Palette does not offer it. */
export const ACTIVATION_TIMES_COMMAND = 'promptcoach.internal.activationTimes';

export interface ActivationTimes {
  /** From the bundle's first statement to the call of `activate`: evaluating the modules it loads at start. */
  moduleMs: number;
  /** From the call of `activate` until it returns. */
  activateMs: number;
  /** Both: the first statement of the bundle to the end of `activate`. */
  totalMs: number;
}

/**
 * Set by the first statement of dist/extension.cjs (the extension target's `banner` in
 * esbuild.config.mjs). Reading and compiling the bundle happen before it runs, so they are not
 * counted; undefined when the sources run unbundled.
 */
declare const __promptCoachBundleStart: number | undefined;

/** When the bundle started evaluating, or now when there is no bundle (module time then reads 0). */
export function bundleStart(): number {
  return typeof __promptCoachBundleStart === 'number' ? __promptCoachBundleStart : performance.now();
}

export function activationTimes(bundleStartMs: number, activateStartMs: number, activateEndMs: number): ActivationTimes {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    moduleMs: round(activateStartMs - bundleStartMs),
    activateMs: round(activateEndMs - activateStartMs),
    totalMs: round(activateEndMs - bundleStartMs),
  };
}
