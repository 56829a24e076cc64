/**
 * Airflow's connection URI (`conn-type://login:password@host:port/schema?extra`), written and read
 * the way Airflow's Connection.get_uri() and _parse_from_uri() do (Python's urlsplit, quote and
 * urlencode rules), so a secret written here is the connection Airflow builds from it. Messages
 * never quote the text: it holds a password.
 */
import type { ConnectionFields } from './connectionFields';

const EXTRA_KEY = '__extra__';

/** Python's quote(s, safe=''): everything but A-Z a-z 0-9 _ . - ~ percent-encoded as UTF-8. */
export function pyQuote(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Python's quote_plus (urlencode's): like quote, spaces as "+". */
function pyQuotePlus(s: string): string {
  return pyQuote(s).replace(/%20/g, '+');
}

/** Python's json.dumps defaults (", " and ": " separators, non-ASCII escaped): get_uri()'s __extra__. */
export function pyJsonDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pyJsonDumps(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
  const text = JSON.stringify(v ?? null);
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Python's unquote: %XX sequences decoded as UTF-8 (invalid ones kept), "+" left alone. */
export function pyUnquote(s: string): string {
  if (!s.includes('%')) return s;
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8');
    }
  });
}

function pyUnquotePlus(s: string): string {
  return pyUnquote(s.replace(/\+/g, ' '));
}

export function formatConnectionUri(f: ConnectionFields): string {
  const connType = f.connType.toLowerCase().replace(/_/g, '-');
  let uri = connType ? `${connType}://` : '//';
  let host = f.host;
  if (host && host.includes('://')) {
    const [protocol, rest] = [host.slice(0, host.indexOf('://')), host.slice(host.indexOf('://') + 3)];
    // Airflow adds the host's own protocol unless it is the connection type.
    if (protocol !== f.connType) {
      uri += `${protocol}://`;
      host = rest;
    }
  }
  let authority = '';
  if (f.login !== undefined) authority += pyQuote(f.login);
  if (f.password !== undefined) authority += `:${pyQuote(f.password)}`;
  if (authority) uri += `${authority}@`;
  let hostBlock = host ? pyQuote(host) : '';
  if (f.port) hostBlock += hostBlock === '' && authority === '' ? `@:${f.port}` : `:${f.port}`;
  if (f.schema) hostBlock += `/${pyQuote(f.schema)}`;
  uri += hostBlock;
  const extra = f.extra && Object.keys(f.extra).length ? f.extra : undefined;
  if (extra) {
    // Flat only when every value stays a string for every reader (Airflow 3 JSON-decodes query values).
    const flat = Object.values(extra).every((v) => typeof v === 'string' && !decodesAsJson(v));
    const query = flat
      ? Object.entries(extra).map(([k, v]) => `${pyQuotePlus(k)}=${pyQuotePlus(v as string)}`).join('&')
      : `${EXTRA_KEY}=${pyQuotePlus(pyJsonDumps(extra))}`;
    uri += (f.schema ? '?' : '/?') + query;
  }
  return uri;
}

interface SplitUrl {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
}

/** Python's urlsplit for what Airflow needs (fragments are dropped, as Airflow drops them). */
function urlsplit(url: string): SplitUrl {
  let rest = url.replace(/[\t\r\n]/g, '');
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return { scheme, netloc, path: q < 0 ? rest : rest.slice(0, q), query: q < 0 ? '' : rest.slice(q + 1) };
}

interface NetlocParts {
  username?: string;
  password?: string;
  hostname?: string;
  port?: number | { error: string };
}

function netlocParts(netloc: string): NetlocParts {
  const at = netloc.lastIndexOf('@');
  const out: NetlocParts = {};
  if (at >= 0) {
    const userinfo = netloc.slice(0, at);
    const colon = userinfo.indexOf(':');
    out.username = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (colon >= 0) out.password = userinfo.slice(colon + 1);
  }
  const hostinfo = netloc.slice(at + 1);
  let hostname: string;
  let port: string;
  const br = hostinfo.indexOf('[');
  if (br >= 0) {
    const bracketed = hostinfo.slice(br + 1);
    const close = bracketed.indexOf(']');
    hostname = close < 0 ? bracketed : bracketed.slice(0, close);
    const after = close < 0 ? '' : bracketed.slice(close + 1);
    port = after.includes(':') ? after.slice(after.indexOf(':') + 1) : '';
  } else {
    const colon = hostinfo.indexOf(':');
    hostname = colon < 0 ? hostinfo : hostinfo.slice(0, colon);
    port = colon < 0 ? '' : hostinfo.slice(colon + 1);
  }
  if (hostname) {
    const pct = hostname.indexOf('%');
    out.hostname = pct < 0 ? hostname.toLowerCase() : hostname.slice(0, pct).toLowerCase() + hostname.slice(pct);
  }
  if (port) {
    if (!/^[0-9]+$/.test(port)) out.port = { error: 'its port is not a number (a ":" in an unencoded password or host ends up there: percent-encode it as %3A)' };
    else if (Number(port) > 65535) out.port = { error: 'its port is outside 0-65535' };
    else out.port = Number(port);
  }
  return out;
}

/** Python's parse_qsl(keep_blank_values=True) as a dict: the last value of a name wins. */
function parseQuery(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&').slice(0, 1000)) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out[pyUnquotePlus(eq < 0 ? pair : pair.slice(0, eq))] = pyUnquotePlus(eq < 0 ? '' : pair.slice(eq + 1));
  }
  return out;
}

/** Airflow's `postgresql` alias and its dash-to-underscore rule. */
export function normalizeConnType(t: string): string {
  if (t === 'postgresql') return 'postgres';
  return t.replace(/-/g, '_');
}

function decodesAsJson(v: string): boolean {
  if (!v) return false;
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * The connection Airflow builds from a URI, or why it cannot (never quoting the URI). Airflow 3
 * reads each query value that is JSON as that JSON (`timeout=5` is the number 5); Airflow 2 keeps
 * strings.
 */
export function parseConnectionUri(text: string, opts: { airflowMajor?: number } = {}): { fields: ConnectionFields } | { error: string } {
  const uri = text.trim();
  const schemes = uri.split('://').length - 1;
  if (schemes === 0) return { error: 'It is neither JSON nor a connection URI such as postgres://login:password@host:5432/schema.' };
  if (schemes > 2) return { error: 'It has more than two "://": percent-encode the extra ones (%3A%2F%2F).' };
  if (uri.includes('#')) return { error: 'It contains "#", which ends the URI for Airflow (the rest is dropped): percent-encode it as %23.' };
  const first = urlsplit(uri);
  if (!first.scheme) return { error: 'It does not start with a connection type such as postgres:// (letters, digits, "+", "-" or ".").' };
  const rawScheme = uri.slice(0, uri.indexOf(':'));
  if (rawScheme !== first.scheme) return { error: 'Its connection type has capital letters: Airflow cannot read it that way; write it in lower case.' };
  const withProtocol = schemes === 2;
  // Python's str.replace: every occurrence.
  const rest = uri.split(`${first.scheme}://`).join(withProtocol ? '' : '//');
  if (withProtocol) {
    const head = rest.split('://', 1)[0]!;
    if (head.includes('@') || head.includes(':')) return { error: 'Its host protocol (the part before the second "://") is malformed.' };
  }
  const parts = urlsplit(rest);
  const net = netlocParts(parts.netloc);
  if (net.port && typeof net.port === 'object') return { error: `It is not a URI Airflow can read: ${net.port.error}.` };
  let hostname = pyUnquote(net.hostname ?? '');
  if (hostname.includes('/')) {
    // Airflow's _parse_netloc_to_hostname: a host with an encoded "/" keeps its netloc form.
    hostname = parts.netloc;
    if (hostname.includes('@')) hostname = hostname.slice(hostname.lastIndexOf('@') + 1);
    if (hostname.includes(':')) hostname = hostname.slice(0, hostname.indexOf(':'));
    hostname = pyUnquote(hostname);
  }
  const fields: ConnectionFields = { connType: normalizeConnType(first.scheme) };
  const host = withProtocol && parts.scheme ? `${parts.scheme}://${hostname}` : hostname;
  if (host) fields.host = host;
  const schema = parts.path.slice(1);
  if (schema) fields.schema = pyUnquote(schema);
  if (net.username) fields.login = pyUnquote(net.username);
  if (net.password) fields.password = pyUnquote(net.password);
  if (typeof net.port === 'number') fields.port = net.port;
  if (parts.query) {
    const query = parseQuery(parts.query);
    if (EXTRA_KEY in query) {
      const extra = parseExtraText(query[EXTRA_KEY]!);
      if ('error' in extra) return extra;
      fields.extra = extra.extra;
    } else if (Object.keys(query).length) {
      const extra: Record<string, unknown> = { ...query };
      if (opts.airflowMajor !== undefined && opts.airflowMajor >= 3) {
        for (const [k, v] of Object.entries(query)) if (decodesAsJson(v)) extra[k] = JSON.parse(v);
      }
      fields.extra = extra;
    }
  }
  return { fields };
}

/** An `extra` given as text: a JSON object, or why not. */
export function parseExtraText(text: string): { extra: Record<string, unknown> } | { error: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return { extra: v as Record<string, unknown> };
  } catch {
    // the message below says what to do
  }
  return { error: 'Its extra is not a JSON object (such as {"region_name": "eu-west-1"}).' };
}
