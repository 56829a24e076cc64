import { startSandbox } from '../../sandbox/src/main';
import { extensionHostEnv } from '../harness/packagedWorkbench';
import { runBench, runProbe, type ProbeResult } from './probeRunner';

interface Probe extends ProbeResult {
  liveMedianMs: number;
  liveP95Ms: number;
  pollMedianMs: number;
  pollP95Ms: number;
  rssGrowthMb: number;
  sustained: Record<string, unknown>;
}

/**
 * PutLogEvents -> line in the extension's live-tail terminal, inside code-server's real
 * extension host against the sandbox (moto CloudWatch Logs + our live-tail stream): live tail vs
 * FilterLogEvents polling (live tail denied by a fault), then 500 events/s sustained.
 */
async function main(): Promise<void> {
  const sandbox = await startSandbox({ envs: [], realEnvironments: [] });
  try {
    const r = await runProbe<Probe>('logsProbe', { scratch: 'bench-logs', env: extensionHostEnv(sandbox), timeoutMs: 600_000 });
    const s = r.sustained;
    process.stdout.write(`PutLogEvents -> terminal line, 200 events: live tail median ${r.liveMedianMs} ms, p95 ${r.liveP95Ms} ms (target median < 1500); polling median ${r.pollMedianMs} ms, p95 ${r.pollP95Ms} ms (target median < 2500)\n`);
    process.stdout.write(`sustained: ${Number(s.ratePerSecond).toFixed(0)} events/s for ${Number(s.seconds).toFixed(0)} s, ${s.deliveredLines}/${s.sentLines} lines shown (${s.sampledWarnings} sampling warnings: live tail samples updates over 500 events), extension host CPU ${Number(s.extensionHostCpuPercent).toFixed(1)}%, RSS ${Number(s.rssStartMb).toFixed(0)} -> ${Number(s.rssEndMb).toFixed(0)} MB (samples ${JSON.stringify(s.rssSamplesMb)})\n`);
    process.stdout.write(`logs: live_median_ms=${r.liveMedianMs} live_p95_ms=${r.liveP95Ms} poll_median_ms=${r.pollMedianMs} rss_growth_mb=${r.rssGrowthMb.toFixed(1)}\n`);
  } finally {
    await sandbox.stop();
  }
}

runBench('logs', main);
