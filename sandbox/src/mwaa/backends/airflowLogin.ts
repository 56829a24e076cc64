import type { AirflowHandle } from './parts';

/**
 * Real Airflow sessions for the MWAA login endpoints: MWAA exchanges a web-login token for the
 * webserver's own credentials (2.x: the Flask `session` cookie; 3.x: the `_token` JWT), so the
 * sandbox does the same and hands out what Airflow itself issued. The UI and the REST API then
 * accept them without any translation.
 */
export async function airflow2SessionCookie(af: AirflowHandle): Promise<string> {
  if (!af.credentials) throw new Error(`${af.name}: the AirflowHandle has no credentials to log in with`);
  const page = await fetch(`${af.baseUrl}/login/`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const html = await page.text();
  const csrf = /name="csrf_token"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /id="csrf_token"[^>]*value="([^"]+)"/.exec(html)?.[1];
  const first = sessionFrom(page.headers.getSetCookie());
  if (!csrf || !first) throw new Error(`${af.name}: Airflow's /login/ page gave no CSRF token or session (HTTP ${page.status})`);
  const res = await fetch(`${af.baseUrl}/login/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `session=${first}` },
    body: new URLSearchParams({ username: af.credentials.username, password: af.credentials.password, csrf_token: csrf }),
    signal: AbortSignal.timeout(10_000),
  });
  const session = sessionFrom(res.headers.getSetCookie());
  if (res.status !== 302 || !session) throw new Error(`${af.name}: Airflow login answered HTTP ${res.status} without a session`);
  return session;
}

/** Airflow 3's own JWT (the one its UI keeps in the `_token` cookie). */
export async function airflow3Jwt(af: AirflowHandle): Promise<string> {
  const auth = (await af.authHeaders()).Authorization ?? (await af.authHeaders()).authorization ?? '';
  const jwt = /^Bearer\s+(\S+)$/.exec(auth)?.[1];
  if (!jwt) throw new Error(`${af.name}: authHeaders() gave no Bearer token`);
  return jwt;
}

function sessionFrom(cookies: string[]): string | undefined {
  for (const c of cookies) {
    const m = /^session=([^;]+)/.exec(c);
    if (m) return m[1];
  }
  return undefined;
}
