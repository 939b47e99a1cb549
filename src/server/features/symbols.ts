/** Document symbols: the frontmatter and the section tree, for the outline and breadcrumbs. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { PromptDocument, Section } from '../../core/document';

export function provideDocumentSymbols(doc: PromptDocument): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const fm = doc.frontmatter;
  if (fm) {
    symbols.push({
      name: 'Frontmatter',
      kind: SymbolKind.Namespace,
      range: fm.range,
      selectionRange: { start: fm.range.start, end: { line: fm.range.start.line, character: doc.lines.lineText(fm.range.start.line).length } },
      children: fm.entries.map((e) => ({
        name: e.key || '(empty key)',
        detail: typeof e.value === 'string' ? e.value.slice(0, 80) : undefined,
        kind: SymbolKind.Property,
        range: { start: e.keyRange.start, end: e.valueRange.end },
        selectionRange: e.keyRange,
      })),
    });
  }
  symbols.push(...doc.sections.map(toSymbol));
  return symbols;
}

function toSymbol(section: Section): DocumentSymbol {
  return {
    name: section.title || '#'.repeat(section.depth),
    detail: '#'.repeat(section.depth),
    kind: SymbolKind.String,
    range: section.range,
    selectionRange: section.headingRange,
    children: section.children.map(toSymbol),
  };
}
