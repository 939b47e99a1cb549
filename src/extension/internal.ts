/**
 * Commands for tests and benchmarks, not contributed in package.json (so the Command Palette
 * does not offer them).
 */

/** Resolves with the running language server's `ServerInfo` (its process id). */
export const SERVER_INFO_COMMAND = 'promptcoach.internal.serverInfo';
