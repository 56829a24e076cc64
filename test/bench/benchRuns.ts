import { startSandbox } from '../../sandbox/src/main';
import { extensionHostEnv } from '../harness/packagedWorkbench';
import { runBench, runProbe, type ProbeResult } from './probeRunner';

interface Probe extends ProbeResult {
  triggerToFirstStateMs: number;
  callsToFirstState: number;
  polls: number;
  pollCalls: number;
  callsPerPoll: number;
  clientCallsPerMinute: number;
  runState: string;
  tasks: number;
  taskStates: Record<string, number>;
}

/**
 * `mwaa.triggerDag` -> first task state in the runs tree, in code-server's real extension host
 * against the sandbox's real Airflow 2; then the polling cost of following a running 50-task run
 * for a minute with the view visible (target: one batch call per poll).
 */
async function main(): Promise<void> {
  const sandbox = await startSandbox({ envs: ['sandbox-af2'], realEnvironments: ['sandbox-af2'], dagSyncIntervalMs: 1000 });
  try {
    const r = await runProbe<Probe>('runsProbe', { scratch: 'bench-runs', env: extensionHostEnv(sandbox), timeoutMs: 900_000 });
    process.stdout.write(`trigger -> first task state in the tree: ${r.triggerToFirstStateMs} ms, ${r.callsToFirstState} API calls (trigger, reveal, first reads)\n`);
    process.stdout.write(`following a running ${r.tasks}-task run for 60 s (view visible): ${r.polls} polls, ${r.pollCalls} calls (${r.callsPerPoll.toFixed(2)} per poll, target 1); all Airflow calls ${r.clientCallsPerMinute.toFixed(1)}/min; run ${r.runState}, tasks ${JSON.stringify(r.taskStates)}\n`);
    process.stdout.write(`runs: trigger_to_first_state_ms=${r.triggerToFirstStateMs} calls_per_poll=${Number(r.callsPerPoll.toFixed(2))}\n`);
  } finally {
    await sandbox.stop();
  }
}

runBench('runs', main);
