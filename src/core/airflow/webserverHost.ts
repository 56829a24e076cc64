import { isLoopbackHost } from '../net/loopback';

/**
 * The webserver host a token call returned is the only place tokens, cookies and bearer JWTs may
 * go. It must be a bare host[:port]: no scheme, path, query or user info that could redirect
 * a credential elsewhere.
 */
export function validateWebserverHost(hostname: string | undefined): string {
  const h = (hostname ?? '').trim().replace(/^https:\/\//, '');
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/.test(h)) {
    throw new Error(`refusing to send credentials: the token API returned an unusable webserver host ${JSON.stringify(hostname)}`);
  }
  return h;
}

/**
 * `https://host`. `http` is only a permission (the caller's MWAA endpoint is a local stand-in such
 * as the sandbox): plain http is used only when the web server host itself is loopback, never for
 * a host elsewhere, whatever endpoint named it.
 */
export function webserverBaseUrl(host: string, scheme: 'https' | 'http'): string {
  const h = validateWebserverHost(host);
  const plain = scheme === 'http' && isLoopbackHost(h.replace(/:\d+$/, ''));
  return `${plain ? 'http' : 'https'}://${h}`;
}
