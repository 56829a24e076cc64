/**
 * Loopback hosts: where a local stand-in for MWAA (the sandbox) serves plain http. Only there may
 * a URL be http rather than https.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether `hostname` (without a port, IPv6 in brackets as in a URL's `hostname`) names this
 * machine: localhost, 127.0.0.1 or [::1]. Case-insensitive.
 */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}
