/**
 * The frame every webview of the extension shares (the secrets pages, the DAG view): a
 * Content-Security-Policy that allows only the page's own stylesheet and (with a fresh nonce) its
 * own script, nothing remote, no inline script or style, and text escaped for HTML.
 */
import { randomBytes } from 'node:crypto';

export interface PageParts {
  readonly title: string;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** `webview.asWebviewUri(...)` of the page's stylesheet. */
  readonly styleUri: string;
  /** Of the page's script, if it has one. */
  readonly scriptUri?: string;
  /** Already escaped HTML of the body. */
  readonly body: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(parts: PageParts): string {
  const n = nonce();
  const script = parts.scriptUri ? `script-src 'nonce-${n}';` : "script-src 'none';";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${parts.cspSource}; style-src ${parts.cspSource}; font-src ${parts.cspSource}; ${script} form-action 'none'; base-uri 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(parts.styleUri)}">
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
${parts.body}
${parts.scriptUri ? `<script nonce="${n}" src="${escapeHtml(parts.scriptUri)}"></script>` : ''}
</body>
</html>`;
}
