/**
 * How the language server process is started (no `vscode` here: the benchmark starts the server
 * the same way, scripts/bench/editor.ts).
 */

/**
 * Node options of the server process. V8 lets a heap that may grow to gigabytes reach about four
 * times its live data between full collections, and under a 1 GB cap about one and a half. A
 * workspace scan parses thousands of files and drops each tree: on the 2,253 prompt files of the
 * benchmark's corpus the server kept about 50 MB alive yet stood at 310–420 MB resident uncapped,
 * about 210–260 MB capped, and scanned as fast. 1 GB is still many times what an analysis needs.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-old-space-size=1024'];
