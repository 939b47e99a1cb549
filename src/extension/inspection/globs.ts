/** Glob helpers for `vscode.workspace.findFiles`: pure, so they are tested without VS Code. */

/** `a/*.{md,txt}` → `a/*.md`, `a/*.txt` (one group): VS Code's globs do not nest braces. */
export function expandBraces(glob: string): string[] {
  const m = /\{([^{}]*)\}/.exec(glob);
  if (!m) return [glob];
  return (m[1] as string).split(',').flatMap((alt) => expandBraces(glob.slice(0, m.index) + alt + glob.slice(m.index + m[0].length)));
}
