import type { FaultRule } from '../../sandbox/src/faults';

/**
 * The DAG sync tests' lossy S3 (host and sandbox tiers): about 10% of PutObject calls fail, in
 * even parts a 5xx, a throttle (SlowDown) and a dropped connection (two may fire on one call).
 * For the sandbox's fault control, with a seed so a run can be replayed: `{ seed: 7, rules }`.
 */
export function putObjectFaults(eachProbability = 0.034): FaultRule[] {
  return (['serverError', 'throttle', 'drop'] as const).map((kind) => ({ kind, service: 's3', operation: 'PutObject', probability: eachProbability }));
}
