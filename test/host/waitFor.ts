/**
 * Polling for the extension-host side (tests and benchmark probes): the twin of the sandbox's
 * `waitFor` (sandbox/src/mwaa/testing/helpers.ts), with the same arguments in the same order.
 * It is kept apart because that module brings in the sandbox's process helpers, which install
 * SIGINT/SIGTERM handlers: nothing the extension host should get from a test.
 *
 * Calls `probe` until it returns something truthy and returns that; a probe that throws is tried
 * again. Throws after `timeoutMs`, saying what was awaited (and the probe's last error).
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
