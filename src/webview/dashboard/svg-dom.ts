/**
 * Builds a chart (`SvgNode`, src/core/report/svg.ts) as DOM nodes in the dashboard page: the same
 * tree the HTML report writes as markup, with the same rules. Elements come from
 * `createElementNS` and text from `textContent`, so a file name or a commit subject in a tooltip
 * is never parsed as markup; tags outside `SVG_TAGS` and attributes that could run code or carry
 * style (`on*`, `style`, `href`) are refused, as `renderSvg` refuses them.
 */
import { formatNumber, isSafeAttributeName, SVG_TAGS, type SvgNode } from '../../core/report/svg';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgElement(node: SvgNode): SVGElement {
  if (!SVG_TAGS.has(node.tag)) throw new Error(`Unexpected SVG element '${node.tag}', expected one of ${[...SVG_TAGS].join(', ')}`);
  const el = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    // The namespace is the element's own; `xmlns` is only needed in standalone markup.
    if (name === 'xmlns') continue;
    if (!isSafeAttributeName(name)) throw new Error(`Unexpected attribute '${name}' on <${node.tag}>, expected a plain name that is not on*, style or href`);
    el.setAttribute(name, typeof value === 'number' ? formatNumber(value) : value);
  }
  if (node.text !== undefined) el.textContent = node.text;
  for (const child of node.children ?? []) el.append(svgElement(child));
  return el;
}
