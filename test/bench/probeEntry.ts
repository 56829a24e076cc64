import * as fs from 'node:fs';

/**
 * A benchmark probe's entry point inside the extension host: `measure` fills `out`; whatever it
 * got to, or the error that stopped it, goes to MWAA_TEST_RESULTS for the bench runner to print.
 */
export function probeEntry(measure: (out: Record<string, unknown>) => Promise<void>): () => Promise<void> {
  return async () => {
    const out: Record<string, unknown> = {};
    try {
      await measure(out);
    } catch (err) {
      out.error = String((err as Error).stack ?? err);
    }
    fs.writeFileSync(process.env.MWAA_TEST_RESULTS!, JSON.stringify(out));
  };
}
