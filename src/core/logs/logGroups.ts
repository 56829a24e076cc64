import type { LogKind } from './streamNames';

/** One log type of an environment's LoggingConfiguration, as GetEnvironment returns it. */
export interface ModuleLoggingConfiguration {
  readonly Enabled?: boolean;
  readonly LogLevel?: string;
  readonly CloudWatchLogGroupArn?: string;
}

export type LoggingConfiguration = Partial<Record<`${LogKind}Logs`, ModuleLoggingConfiguration>>;

export interface LogGroupRef {
  readonly kind: LogKind;
  /** The ARN without a trailing `:*`, as StartLiveTail and logGroupIdentifier require. */
  readonly arn: string;
  readonly name: string;
  readonly region: string;
  readonly enabled: boolean;
  readonly level?: string;
}

const KINDS: readonly LogKind[] = ['Task', 'Worker', 'Scheduler', 'DAGProcessing', 'WebServer'];

/** The documented example ARN ends in `:*`; the APIs that take ARNs reject that suffix. */
export function stripWildcardSuffix(arn: string): string {
  return arn.replace(/:\*$/, '');
}

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME -> its parts; undefined for anything else. */
export function parseLogGroupArn(arn: string): { region: string; account: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** The environment's log groups from its LoggingConfiguration, in a stable order. */
export function logGroupsOf(config: LoggingConfiguration | undefined): LogGroupRef[] {
  const out: LogGroupRef[] = [];
  for (const kind of KINDS) {
    const c = config?.[`${kind}Logs`];
    const arn = c?.CloudWatchLogGroupArn ? stripWildcardSuffix(c.CloudWatchLogGroupArn) : undefined;
    const parsed = arn ? parseLogGroupArn(arn) : undefined;
    if (!arn || !parsed) continue;
    out.push({ kind, arn, name: parsed.name, region: parsed.region, enabled: c?.Enabled !== false, ...(c?.LogLevel ? { level: c.LogLevel } : {}) });
  }
  return out;
}
