/**
 * Where pip's output of a rollout can be read: MWAA writes `requirements_install_{host}_{epoch}.log`
 * (and `startup_script_execution_…` for a startup script) to the Worker, Scheduler, WebServer and
 * Triggerer groups. The Worker group first (what tasks will import), then Scheduler, then any
 * enabled group.
 */
import type { MwaaEnvironment, MwaaLogGroup } from '../mwaa/environment';
import type { TailTarget } from '../logs/tailSession';
import { ARTIFACTS, type ArtifactKind } from './artifacts';

export interface InstallLogTarget {
  readonly group: MwaaLogGroup & { readonly arn: string };
  readonly streamPrefix: string;
  readonly tail: TailTarget;
}

const PREFERENCE: ReadonlyArray<MwaaLogGroup['kind']> = ['Worker', 'Scheduler', 'Webserver'];

/** undefined when the artifact writes no install log, or the environment sends no logs at all. */
export function installLogTarget(env: Pick<MwaaEnvironment, 'logGroups'>, kind: ArtifactKind): InstallLogTarget | undefined {
  const prefix = ARTIFACTS[kind].streamPrefix;
  if (!prefix) return undefined;
  const usable = env.logGroups.filter((g): g is MwaaLogGroup & { arn: string } => g.enabled && !!g.arn);
  const group = PREFERENCE.map((k) => usable.find((g) => g.kind === k)).find((g) => g !== undefined)
    // Task and DAG processing groups get no install streams on MWAA; still the only chance left.
    ?? usable[0];
  if (!group) return undefined;
  return { group, streamPrefix: prefix, tail: { logGroupArns: [group.arn], streamPrefixes: [prefix] } };
}
