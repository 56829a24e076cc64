/**
 * Redirects on requests that carry credentials (a SigV4 signature, a CLI token, a session cookie
 * or JWT) are never followed: fetch would resend the body, and with it the token, to wherever the
 * answer points. These say where an answer tried to send it, without anything that could be a token.
 */

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/**
 * The Location of a 3xx answer as origin + path, resolved against the request's URL; the query,
 * fragment and user info are left out (a login redirect may carry a token there). Bounded.
 */
export function redirectTarget(res: Pick<Response, 'headers'>, requestUrl: string | URL): string {
  const location = res.headers.get('location');
  if (!location) return 'no Location given';
  let target: URL;
  try {
    target = new URL(location, requestUrl);
  } catch {
    return 'an unreadable Location';
  }
  const text = `${target.protocol}//${target.host}${target.pathname}`;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
