/**
 * Fetches a small text file named by a workspace file (a `--constraint` URL), inside the limits
 * publicUrl.ts sets: https, a public host (checked on the URL and on every address the name
 * resolves to), no redirect to another origin, a byte cap on the body and a time limit.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { publicUrlPolicy } from './publicUrl';

/** The part of fetch() used here; tests pass their own. */
export type FetchFunction = (url: string, init: { redirect: 'manual'; signal: AbortSignal }) => Promise<Response>;
/** Every address a host name resolves to; tests pass their own. */
export type LookupFunction = (hostname: string) => Promise<readonly string[]>;

export interface PublicFetchOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  /** Same-origin redirects followed (http -> https of the same host is another origin). */
  readonly maxRedirects?: number;
  readonly fetch?: FetchFunction;
  readonly lookup?: LookupFunction;
}

/** The URL is refused by policy (not a network failure): trying again soon will not help. */
export class RefusedUrlError extends Error {
  override readonly name = 'RefusedUrlError';
}

const DEFAULT_REDIRECTS = 3;

const systemLookup: LookupFunction = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** The body of `raw` as text, or an error saying why not (RefusedUrlError for the policy). */
export async function fetchPublicText(raw: string, options: PublicFetchOptions): Promise<string> {
  const shape = publicUrlPolicy(raw);
  if (!shape.allowed) throw new RefusedUrlError(shape.reason);
  const hostname = shape.url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(hostname) ? [hostname] : await (options.lookup ?? systemLookup)(hostname);
  const verdict = publicUrlPolicy(raw, addresses);
  if (!verdict.allowed) throw new RefusedUrlError(verdict.reason);

  const signal = AbortSignal.timeout(options.timeoutMs);
  const fetchFn: FetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
  const maxRedirects = options.maxRedirects ?? DEFAULT_REDIRECTS;
  let current = verdict.url;
  for (let hop = 0; ; hop++) {
    const res = await fetchFn(current.href, { redirect: 'manual', signal });
    if (!isRedirect(res)) {
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status}`);
      }
      return readCapped(res, options.maxBytes);
    }
    await res.body?.cancel();
    current = sameOriginTarget(current, res.headers.get('location'), res.status);
    if (hop >= maxRedirects) throw new RefusedUrlError(`it redirects more than ${maxRedirects} times`);
  }
}

function isRedirect(res: Response): boolean {
  return res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400);
}

/** Where a redirect leads, when that is the same origin; another origin is refused. */
function sameOriginTarget(from: URL, location: string | null, status: number): URL {
  if (!location) throw new Error(`HTTP ${status} without a Location`);
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new Error(`HTTP ${status} to an invalid Location`);
  }
  // The origin alone is named: the Location's path or query may carry a signed token.
  if (next.origin !== from.origin) throw new RefusedUrlError(`it redirects to another origin (${next.protocol}//${next.host})`);
  return next;
}

/** The body as UTF-8 text, refused once it passes `maxBytes` (declared or actually sent). */
export async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new Error(`larger than ${maxBytes} bytes`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
