/**
 * The dashboard page's HTML shell. Pure (no `vscode`), so the unit test serves exactly what the
 * panel serves. The CSP, the nonce rule and the escaping are the inspection panel's.
 */
import type { InitialState } from '../../webview/dashboard/protocol';
import { webviewPageHtml, type PageResources } from '../inspection/html';

export { newNonce, type PageResources } from '../inspection/html';

export function dashboardHtml(res: PageResources, initial: InitialState): string {
  return webviewPageHtml(res, { title: 'Prompt Quality', loading: 'Loading the quality report…', state: initial });
}
