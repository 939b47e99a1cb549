/**
 * A tiny SVG tree: charts are built as plain data (`SvgNode`) so that the same chart can be written
 * as static markup into the HTML report (`renderSvg`, here) and built with `createElementNS` in the
 * dashboard webview. Text from the repository (paths, authors, subjects, rule ids) ends up in these
 * nodes, so the renderer escapes every text and attribute value and refuses what could run code:
 * tags outside a small list, event handlers (`on*`), `style` and links (`href`).
 */

export interface SvgNode {
  tag: string;
  attrs: Record<string, string | number>;
  children?: SvgNode[];
  text?: string;
}

/** The elements charts draw with; anything else (script, foreignObject, a, image, use) is refused. */
export const SVG_TAGS: ReadonlySet<string> = new Set(['svg', 'g', 'path', 'rect', 'line', 'circle', 'text', 'tspan', 'title', 'desc']);

const ATTRIBUTE_NAME = /^[a-z][a-z0-9-:]*$/i;

/**
 * Whether an attribute may be written: a plain name, not an event handler (`on*`), not `style`
 * (the report's CSP allows no inline style) and not a link (`href`, `xlink:href`), which could
 * carry a `javascript:` URL.
 */
export function isSafeAttributeName(name: string): boolean {
  if (!ATTRIBUTE_NAME.test(name)) return false;
  const lower = name.toLowerCase();
  return !lower.startsWith('on') && lower !== 'style' && lower !== 'href' && !lower.endsWith(':href');
}

/** `h('rect', { x: 1 })`, `h('g', {}, [child])`, `h('text', { x: 1 }, 'label')`. */
export function h(tag: string, attrs: Record<string, string | number | undefined> = {}, content?: SvgNode[] | string): SvgNode {
  const clean: Record<string, string | number> = {};
  // Undefined values drop out, so callers can write `{ 'data-sha': sha || undefined }`.
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) clean[name] = value;
  const node: SvgNode = { tag, attrs: clean };
  if (typeof content === 'string') node.text = content;
  else if (content) node.children = content;
  return node;
}

/** Escapes text for an element's content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Numbers are written with at most two decimals: enough for a 720-unit viewBox, and stable. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`Unexpected number ${n} in an SVG attribute, expected a finite number`);
  const rounded = Math.round(n * 100) / 100;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** The node as SVG markup; the root `svg` gets the SVG namespace so the markup stands alone. */
export function renderSvg(node: SvgNode): string {
  const parts: string[] = [];
  write(node, parts, true);
  return parts.join('');
}

function write(node: SvgNode, out: string[], root: boolean): void {
  if (!SVG_TAGS.has(node.tag)) throw new Error(`Unexpected SVG element '${node.tag}', expected one of ${[...SVG_TAGS].join(', ')}`);
  out.push('<', node.tag);
  if (root && node.tag === 'svg' && !('xmlns' in node.attrs)) out.push(' xmlns="http://www.w3.org/2000/svg"');
  for (const [name, value] of Object.entries(node.attrs)) {
    if (!isSafeAttributeName(name)) {
      throw new Error(`Unexpected attribute '${name}' on <${node.tag}>, expected a plain name that is not on*, style or href`);
    }
    out.push(' ', name, '="', escapeXml(typeof value === 'number' ? formatNumber(value) : value), '"');
  }
  const children = node.children ?? [];
  if (node.text === undefined && !children.length) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (node.text !== undefined) out.push(escapeXml(node.text));
  for (const child of children) write(child, out, false);
  out.push('</', node.tag, '>');
}
