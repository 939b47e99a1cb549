/** The code lens at the top of a prompt file: its size in tokens and its problems, one click to the list. */
import type { CodeLens } from 'vscode-languageserver/node';
import type { Counts } from '../diagnostics';
import { ClientCommands } from '../protocol';

export function codeLensTitle(tokens: number, counts: Counts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.infos) parts.push(plural(counts.infos, 'info'));
  return `≈ ${tokens.toLocaleString('en-US')} tokens · ${parts.join(', ')}`;
}

export function provideCodeLens(tokens: number, counts: Counts): CodeLens[] {
  const at = { line: 0, character: 0 };
  return [{ range: { start: at, end: at }, command: { title: codeLensTitle(tokens, counts), command: ClientCommands.showProblems } }];
}
