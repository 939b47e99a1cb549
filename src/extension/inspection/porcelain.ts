/** Parses `git status --porcelain=v1 -z`: pure, so it is tested without git or VS Code. */

/**
 * The files that exist in the working tree and differ from HEAD (staged, unstaged, untracked),
 * repository-relative with `/`. Deleted files are left out: there is nothing to inspect. In the
 * `-z` format each entry is `XY PATH\0`, and a rename or copy is followed by its source `\0`.
 */
export function changedFiles(porcelainZ: string): string[] {
  const fields = porcelainZ.split('\0');
  const files: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i] as string;
    if (entry.length < 4) continue;
    const x = entry[0] as string;
    const y = entry[1] as string;
    const file = entry.slice(3);
    if (x === 'R' || x === 'C') i++; // skip the source path
    if (x === 'D' || y === 'D' || (x === '!' && y === '!')) continue;
    if (!files.includes(file)) files.push(file);
  }
  return files;
}
