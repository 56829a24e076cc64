import type { IncomingMessage } from 'node:http';

/** What a SigV4 credential scope says about a request: `AKID/date/region/service/aws4_request`. */
export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/**
 * Reads the credential scope from the Authorization header (or from X-Amz-Credential for
 * presigned URLs). We do not verify the signature itself: the sandbox has one static test key,
 * but a request signed for the wrong service or with no region is a client bug we want to surface.
 */
export function readSigV4Scope(req: IncomingMessage): SigV4Scope | { error: string } {
  const auth = req.headers.authorization;
  let credential: string | undefined;
  if (typeof auth === 'string' && auth.length > 0) {
    if (!auth.startsWith('AWS4-HMAC-SHA256 ')) {
      return { error: `Authorization header is not AWS SigV4 (AWS4-HMAC-SHA256): "${auth.slice(0, 40)}"` };
    }
    credential = /Credential=([^,\s]+)/.exec(auth)?.[1];
  } else {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    credential = query.get('X-Amz-Credential') ?? undefined;
  }
  if (!credential) return { error: 'Request is not signed: missing SigV4 Authorization header (Credential=...)' };
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') {
    return { error: `Malformed SigV4 credential scope "${credential}"` };
  }
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) return { error: `SigV4 scope names no valid region ("${region}")` };
  return { accessKeyId, date, region, service };
}

/** The scope if it names `service`; otherwise a message saying what was signed and what was expected. */
export function requireService(req: IncomingMessage, service: string): SigV4Scope | { error: string } {
  const scope = readSigV4Scope(req);
  if ('error' in scope) return scope;
  if (scope.service !== service) {
    return {
      error: `Request was signed for service "${scope.service}" but this endpoint serves "${service}". `
        + 'Check which endpoint override points where (AWS_ENDPOINT_URL_* / endpoint_url).',
    };
  }
  return scope;
}
