/**
 * Removes credentials and tokens from text before it reaches a log, a notification or disk.
 * Applied to every log line and every error message the extension shows, so a token that slips
 * into an SDK error or a URL never leaves the process.
 */

const REPLACEMENT = '[redacted]';

// Each rule keeps the part that says what the secret was (so logs stay useful) and drops the value.
const RULES: ReadonlyArray<[RegExp, string]> = [
  // Access key IDs (long-term AKIA, temporary ASIA, and the other documented prefixes).
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{12,}\b/g, REPLACEMENT],
  // JSON/INI/env style key=value or "key": "value" for secret-bearing names.
  [
    /(\b(?:token|aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken|CliToken|WebToken|accessToken|refreshToken|clientSecret|password|passwd|x-amz-security-token)["']?\s*[:=]\s*["']?)[^"'\s,;&}]+/gi,
    `$1${REPLACEMENT}`,
  ],
  // HTTP auth headers and bearer tokens anywhere in a line.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REPLACEMENT}`],
  [/(Authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${REPLACEMENT}`],
  // SigV4 query-string signing and tokens in URLs.
  [/([?&](?:X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|token|login_token)=)[^&#\s"']+/gi, `$1${REPLACEMENT}`],
  // The MWAA console-SSO login URL carries the web-login token in its fragment.
  [/(aws-console-sso\?[^#\s]*#)[^\s"']+/g, `$1${REPLACEMENT}`],
  // JWTs (Airflow 3 API tokens, SSO tokens): three base64url parts starting with eyJ.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REPLACEMENT],
  // Credentials embedded in URLs (pip index URLs, proxies).
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REPLACEMENT}@`],
  // Airflow 2 session cookies.
  [/\b(session|_token)=[^;\s"']{8,}/g, `$1=${REPLACEMENT}`],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
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

const SECRET_FIELD = /secret|token|password|credential|authorization|cookie/i;

function secretFieldReplacer(key: string, value: unknown): unknown {
  return key && SECRET_FIELD.test(key) && value !== undefined && value !== null ? REPLACEMENT : value;
}
