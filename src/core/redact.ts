/**
 * Removes credentials and tokens from text before it reaches a log, a notification or disk.
 * Applied to every log line and every error message the extension shows, so a token that slips
 * into an SDK error or a URL never leaves the process.
 */

const REPLACEMENT = '[redacted]';

// Secret-bearing names, matched case-insensitively and only as a whole name (never inside a longer
// word). A name ending in one of these words is secret whatever comes before it (access_token,
// private_token, clientSecret, aws_secret_access_key, X-Amz-Security-Token).
const SECRET_WORD = String.raw`[\w.-]*?(?:token|secret|passw(?:or)?d|passphrase|api[_-]?key|access[_-]?key|private[_-]?key)`;
// Names that mean a secret after `=` or in JSON, but read too much like prose after a bare `:`
// ("no credentials: add keys ...").
const SECRET_NAME = String.raw`${SECRET_WORD}|[\w.-]*?(?:signature|credentials?)|sig|pwd|auth`;
// Short names that are secret only as a query parameter (`?key=` is Google's API key).
const QUERY_SECRET_NAME = String.raw`${SECRET_NAME}|key|jwt`;
// Not inside a longer name, and not a query parameter (the query rule has already seen those).
const NAME_START = String.raw`(?<![\w.?&;-])`;
// An unquoted value: up to whitespace, a quote or an angle bracket; a backslash escape (JSON) is
// part of it. `&`, `;`, `,` and `#` do belong to it: in prose they can be part of a password.
const TEXT_VALUE = String.raw`(?:\\.|[^\s"'<>\\])+`;

// Each rule keeps the part that says what the secret was (so logs stay useful) and drops the value.
//
// LINEAR: every log line goes through these rules, and one CloudWatch event may be 256 KB, so no
// rule may take quadratic time on any line. A pattern that scans a run from each of many possible
// starts inside that run (`\b` also holds after every `-`, `.` or `+`, so `a.a.a.a…` has a start
// at every other character) is written as `secret form|the same start and its run`: when the start
// of a run is not a secret, the second alternative consumes the run, which is kept as it is, and no
// later start inside that run is tried. No later start could have matched: it scans to the same
// end of the run, so the rule matches exactly what it did before, in one pass. The key/value rules
// start only at the beginning of a name (NAME_START), and their alternatives do not overlap.
const RULES: ReadonlyArray<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Access key IDs (long-term AKIA, temporary ASIA, and the other documented prefixes).
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{12,}\b/g, REPLACEMENT],
  // Credentials embedded in URLs (pip index URLs, git remotes, proxies): the whole userinfo up to
  // the LAST `@` of the authority, so a password holding an `@` is not cut in two. The second
  // alternative swallows a scheme-like run that is not a URL with userinfo (see LINEAR below).
  [
    /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/?#<>]*)@|\b[a-z][a-z0-9+.-]*/gi,
    (m, scheme?: string, userinfo?: string) => (scheme === undefined ? m : `${scheme}${redactUserinfo(userinfo ?? '')}@`),
  ],
  // A quoted value after a secret name: JSON ("token": "…"), Python reprs, password="…". A quote
  // left open (a cut-off line) hides the rest of the line.
  // So does a backslash at the end of a line, which used to make the rule give up (and backtrack).
  [
    new RegExp(String.raw`${NAME_START}(["']?)(${SECRET_NAME})\1(\s*[:=]\s*)(["'])(?:\\(?:[^\r\n]|(?=[\r\n])|$)|(?!\4)[^\\\r\n])*(?:\4|(?=[\r\n])|$)`, 'gi'),
    `$1$2$1$3$4${REPLACEMENT}$4`,
  ],
  // Query parameters (and form bodies): the value ends at the next `&` or the fragment.
  [new RegExp(String.raw`([?&;])(${QUERY_SECRET_NAME})=[^&#\s"'<>]+`, 'gi'), `$1$2=${REPLACEMENT}`],
  // key=value in prose, INI and env files (not `a == b`).
  [new RegExp(String.raw`${NAME_START}(${SECRET_NAME})(["']?\s*=\s*)(?!["'\s]|=\s)${TEXT_VALUE}`, 'gi'), `$1$2${REPLACEMENT}`],
  // key: value for the unmistakable names (YAML, headers, JSON numbers).
  [new RegExp(String.raw`${NAME_START}(["']?)(${SECRET_WORD})\1(\s*:\s*)(?!["'\s])${TEXT_VALUE}`, 'gi'), `$1$2$1$3${REPLACEMENT}`],
  // HTTP auth headers and bearer tokens anywhere in a line.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REPLACEMENT}`],
  [/(Authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${REPLACEMENT}`],
  // The MWAA console-SSO login URL carries the web-login token in its fragment.
  [/(aws-console-sso\?[^#\s]*#)[^\s"']+|aws-console-sso\?[^#\s]*/g, (m, head?: string) => (head === undefined ? m : `${head}${REPLACEMENT}`)],
  // JWTs (Airflow 3 API tokens, SSO tokens): three base64url parts starting with eyJ.
  [/\beyJ(?:([A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.)[A-Za-z0-9_-]*|[A-Za-z0-9_-]*)/g, (m, jwt?: string) => (jwt === undefined ? m : REPLACEMENT)],
  // Airflow 2 session cookies.
  [/\b(session|_token)=[^;\s"']{8,}/g, `$1=${REPLACEMENT}`],
];

// A user name worth keeping in `user:password@`: short and plain. Anything longer may itself be
// the token (GitHub's `<token>:x-oauth-basic@`), and a userinfo without `:` is the token.
const PLAIN_USER = /^[\w.-]{1,16}$/;

function redactUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  const user = colon < 0 ? '' : userinfo.slice(0, colon);
  return PLAIN_USER.test(user) ? `${user}:${REPLACEMENT}` : REPLACEMENT;
}

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/** Redacts a value of any shape for logging: strings directly, everything else via JSON. */
export function redactValue(value: unknown): string {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`);
  try {
    return redact(JSON.stringify(value, secretFieldReplacer) ?? String(value));
  } catch {
    return redact(String(value));
  }
}

const SECRET_FIELD = /secret|token|passw(?:or)?d|credential|authorization|cookie|signature|api_?key/i;

// Secret-named fields go whole; every other string is redacted before JSON escapes its quotes
// (after that a JSON text inside it would no longer read as JSON).
function secretFieldReplacer(key: string, value: unknown): unknown {
  if (key && SECRET_FIELD.test(key) && value !== undefined && value !== null) return REPLACEMENT;
  return typeof value === 'string' ? redact(value) : value;
}
