/** The secrets webviews' frame: the extension's shared one (src/host/webviewHtml.ts). */
export { escapeHtml, nonce, page, type PageParts } from '../../host/webviewHtml';
