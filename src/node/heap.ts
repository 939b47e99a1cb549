import * as v8 from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process and the worker threads it starts.
 *
 * When many objects from one allocation site survive a young-generation collection, V8 starts
 * allocating that site's objects straight in the old generation. Parsing a large Markdown file
 * does that to the parser's tokens and tree nodes, and from then on every file's die in the old
 * generation, whose collection costs far more. Measured on the corpus (4,568 files, 24.5 MB,
 * 2 cores): `lint` handing out the largest files first took 19.6 s and 36 s of CPU with
 * pretenuring, 15.2 s and 28 s without; parsing alone, largest file first, in one thread 16.9 s
 * against 12.9 s. Call it before the first parse: V8 reads the flag when it collects.
 */
export function turnOffPretenuring(): void {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
}
