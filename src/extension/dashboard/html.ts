/**
 * The dashboard page's HTML shell. Pure (no `vscode`), so the unit test serves exactly what the
 * panel serves. The CSP, the nonce rule and the escaping are the inspection panel's.
 */
import { contentSecurityPolicy, escapeHtml, type PageResources } from '../inspection/html';
import type { InitialState } from '../../webview/dashboard/protocol';

export { newNonce, type PageResources } from '../inspection/html';

export function dashboardHtml(res: PageResources, initial: InitialState): string {
  const csp = contentSecurityPolicy(res);
  const state = escapeHtml(JSON.stringify(initial));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(res.styleUri)}">
<title>Prompt Quality</title>
</head>
<body>
<main id="app" data-state="${state}" aria-busy="true"><p class="loading">Loading the quality report…</p></main>
<script nonce="${escapeHtml(res.nonce)}" src="${escapeHtml(res.scriptUri)}"></script>
</body>
</html>`;
}
