/**
 * Preload (`node --require`) for plain SDK scripts against the sandbox: the SDK prefixes endpoint
 * hosts per operation (`api.`, `env.` for MWAA, `stream-` for Live Tail), which turns
 * `127.0.0.1` into unresolvable names such as `api.127.0.0.1`. Clients can set
 * `disableHostPrefix: true`; scripts that cannot are helped by this, which resolves exactly those
 * loopback-derived names to 127.0.0.1 and leaves every other lookup alone.
 */
// The real module object (an `import * as` namespace is a frozen copy whose members cannot be replaced).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns = require('node:dns') as typeof import('node:dns');

const PREFIXED_LOOPBACK = /^(?:(?:api|env)\.|stream-|streaming-)127\.0\.0\.1$/;
const original = dns.lookup;

function patchedLookup(hostname: string, ...rest: unknown[]): void {
  if (PREFIXED_LOOPBACK.test(hostname)) {
    const callback = rest[rest.length - 1] as (...a: unknown[]) => void;
    const options = rest.length > 1 ? rest[0] : undefined;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
    process.nextTick(() => (all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)));
    return;
  }
  (original as (...a: unknown[]) => void)(hostname, ...rest);
}

(dns as { lookup: unknown }).lookup = patchedLookup;
