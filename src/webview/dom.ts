/**
 * Building DOM in the webview pages without markup: every string becomes a text node, never HTML,
 * so a file name or a commit subject from the repository cannot inject anything. Shared by the
 * inspection and dashboard pages.
 */
export type Child = Node | string | null | undefined | false;
export type Children = Child | Children[];
export type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element; strings become text nodes, never markup. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...nodes(children));
  return el;
}

/** Flattens children into nodes; strings become text nodes. */
export function nodes(children: Children[]): Node[] {
  return (children.flat(Infinity as 1) as Child[]).flatMap((c) =>
    c === null || c === undefined || c === false ? [] : [typeof c === 'string' ? document.createTextNode(c) : c],
  );
}

/** A polite live region for screen readers, outside the re-rendered content so it is never replaced. */
export function liveRegion(): HTMLElement {
  const live = document.createElement('div');
  live.className = 'visually-hidden';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  document.body.append(live);
  return live;
}

/** The webview API of a page that posts `Out` messages and keeps state `S`. */
export interface WebviewApi<Out, S> {
  postMessage(message: Out): void;
  getState(): unknown;
  setState(state: S): void;
}
declare function acquireVsCodeApi(): WebviewApi<never, never>;

/** `acquireVsCodeApi()`, typed by the page's protocol (VS Code allows one call per page). */
export function vscodeApi<Out, S>(): WebviewApi<Out, S> {
  return acquireVsCodeApi() as unknown as WebviewApi<Out, S>;
}
