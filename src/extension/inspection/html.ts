/**
 * The inspection page's HTML shell. Pure (no `vscode`), so the unit test serves exactly what the
 * panel serves: the same CSP, the same nonce rule, the same escaped initial state.
 */
import { randomBytes } from 'node:crypto';
import type { InitialState } from '../../webview/inspection/protocol';

export interface PageResources {
  /** `webview.cspSource`: the origin the webview loads local resources from. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/webview/inspection.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/inspection.css)`, as a string. */
  styleUri: string;
  /** Fresh for every render: `newNonce()`. */
  nonce: string;
}

/** A random nonce for `script-src 'nonce-…'`, new for every render. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Only local resources, no inline style, only our one script. */
export function contentSecurityPolicy({ cspSource, nonce }: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Escapes text for an HTML attribute value or element content. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A webview page: the CSP, one stylesheet, one script with the nonce, and the initial state as
 * escaped JSON in `#app`'s `data-state` (a file name like `"><script>` stays text).
 */
export function webviewPageHtml(res: PageResources, page: { title: string; loading: string; state: unknown }): string {
  const csp = contentSecurityPolicy(res);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(res.styleUri)}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<main id="app" data-state="${escapeHtml(JSON.stringify(page.state))}" aria-busy="true"><p class="loading">${escapeHtml(page.loading)}</p></main>
<script nonce="${escapeHtml(res.nonce)}" src="${escapeHtml(res.scriptUri)}"></script>
</body>
</html>`;
}

export function inspectionHtml(res: PageResources, initial: InitialState): string {
  return webviewPageHtml(res, { title: 'Inspect Output', loading: 'Loading the inspection…', state: initial });
}
