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

/** https for AWS; http only when the MWAA endpoint itself is a local plain-http override (sandbox). */
export function webserverBaseUrl(host: string, scheme: 'https' | 'http'): string {
  return `${scheme}://${validateWebserverHost(host)}`;
}
