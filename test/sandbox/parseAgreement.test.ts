// Local parse verdict == the real scheduler's verdict after upload, file for file, on Airflow 2
// and 3 (one Airflow at a time: the machine has 2 cores). See parseAgreement.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { corpusAgreement, formatAgreement } from './parseAgreement';
import { useSandbox } from './useSandbox';

describe('parse gate agrees with the scheduler after upload', { timeout: 20 * 60_000 }, () => {
  const sandbox = useSandbox({ envs: [], dagSyncIntervalMs: 1000, log: (l) => console.log(`[sandbox] ${l}`) });

  for (const [env, major] of [['sandbox-af2', 2], ['sandbox-af3', 3]] as const) {
    it(`${env}: every corpus file's verdict (import error or not, DAG ids) equals Airflow ${major}'s`, async () => {
      const sb = sandbox();
      // What an MWAA environment would carry; the local parse uses the scheduler's effective values either way.
      const state = sb.emulator.registry.get(sb.region, env);
      if (state) state.airflowConfigurationOptions = { 'core.dagbag_import_timeout': '5' };
      const t0 = Date.now();
      try {
        const a = await corpusAgreement(sb, env, { log: (l) => console.log(`[agreement] ${l}`) });
        console.log(`${formatAgreement(a)}\n  (${((Date.now() - t0) / 1000).toFixed(0)} s with the Airflow start)`);
        assert.ok(a.total >= 11, `the corpus is listed (${a.total} files)`);
        assert.equal(a.rows.filter((r) => !r.airflow).map((r) => r.file).join(', '), '', 'the scheduler gave a verdict on every file');
        assert.equal(a.agreed, a.total, formatAgreement(a));
        // The corpus is not trivially healthy or broken on either major.
        assert.ok(a.rows.some((r) => r.local.error) && a.rows.some((r) => !r.local.error));
      } finally {
        await sb.emulator.registry.backend(env)?.stop();
      }
    });
  }
});
