/**
 * The floors under `lint` for the `lint` suite (corpus.ts): read every file of a list, and with
 * `--parse` also parse each with unified + remark-parse + remark-frontmatter + GFM, in one thread,
 * doing nothing with the tree. The GFM extensions are those src/core/document.ts uses (tables, task
 * lists, strikethrough, footnotes; not autolink literals), built here from the packages so the
 * floor does not move when the product's parse does.
 *
 *   node --import tsx scripts/bench/parse-floor.ts LIST [--parse]
 *
 * LIST holds absolute paths, one a line. Prints JSON: files, bytes, milliseconds reading, parsing.
 */
import * as fs from 'node:fs';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

export interface FloorRun {
  files: number;
  bytes: number;
  readMs: number;
  parseMs: number;
}

function gfm(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push(gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown());
}

function main(): void {
  const [list, ...flags] = process.argv.slice(2);
  if (!list) throw new Error('Unexpected missing file list, expected: parse-floor.ts LIST [--parse]');
  const files = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const parse = flags.includes('--parse');
  const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(gfm);
  let bytes = 0;
  let readMs = 0;
  let parseMs = 0;
  for (const file of files) {
    const started = performance.now();
    const buffer = fs.readFileSync(file);
    bytes += buffer.length;
    const text = buffer.toString('utf8');
    const read = performance.now();
    readMs += read - started;
    if (parse) {
      processor.parse(text);
      parseMs += performance.now() - read;
    }
  }
  process.stdout.write(`${JSON.stringify({ files: files.length, bytes, readMs, parseMs } satisfies FloorRun)}\n`);
}

main();
