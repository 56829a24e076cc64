/**
 * What a bound environment tells the local runtime, from GetEnvironment: its Airflow version (the
 * binding's may be older than an upgrade) and its `AirflowConfigurationOptions`. The options are
 * sensitive (the API says so, and the environments model drops them): they are kept in memory for
 * a few minutes, handed to the parse worker, and never logged or written anywhere.
 */
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { getEnvironment } from '../../core/mwaa/environmentCalls';
import type { EnvironmentBinding } from '../bindings';
import type { EnvironmentServices } from '../environmentServices';

export interface EnvironmentFacts {
  readonly airflowVersion?: string;
  /** `section.key` -> value, as MWAA applies them (e.g. `core.dagbag_import_timeout`). */
  readonly configOptions: Readonly<Record<string, string>>;
}

const KEEP_MS = 5 * 60_000;
const MAX_OPTIONS = 500;
const MAX_VALUE = 4096;
const OPTION_KEY = /^[a-z0-9_]{1,64}\.[a-z0-9_]{1,128}$/i;

export class EnvironmentFactsCache {
  private readonly cache = new Map<string, { at: number; facts: EnvironmentFacts }>();

  constructor(private readonly environments: () => EnvironmentServices, private readonly logger: Logger) {}

  /** The environment's facts; the binding's version and no options when GetEnvironment fails. */
  async of(binding: EnvironmentBinding, signal?: AbortSignal): Promise<EnvironmentFacts> {
    const key = environmentKey(binding);
    const kept = this.cache.get(key);
    if (kept && Date.now() - kept.at < KEEP_MS) return kept.facts;
    try {
      const environments = this.environments();
      const raw = await getEnvironment(environments.factory.mwaa(environments.targetOf(binding)), binding.name, signal ? { abortSignal: signal } : {});
      const facts: EnvironmentFacts = {
        ...(raw.AirflowVersion ? { airflowVersion: raw.AirflowVersion } : binding.airflowVersion ? { airflowVersion: binding.airflowVersion } : {}),
        configOptions: cleanOptions(raw.AirflowConfigurationOptions),
      };
      this.cache.set(key, { at: Date.now(), facts });
      return facts;
    } catch (err) {
      if (signal?.aborted) throw err;
      // The option values never reach the log: only that they could not be read.
      this.logger.warn(`local runtime: GetEnvironment for ${binding.name} failed (${describeError(err)}); using the binding's Airflow ${binding.airflowVersion ?? '(unknown)'} and Airflow's default configuration`);
      const facts: EnvironmentFacts = { ...(binding.airflowVersion ? { airflowVersion: binding.airflowVersion } : {}), configOptions: {} };
      // Kept as long as an answer: saves do not call (and warn) again every time.
      this.cache.set(key, { at: Date.now(), facts });
      return facts;
    }
  }

  clear(): void {
    this.cache.clear();
  }
}

/** Only `section.key` names with string values, bounded (the API's output is not trusted either). */
export function cleanOptions(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw || typeof raw !== 'object') return out;
  let n = 0;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (n >= MAX_OPTIONS) break;
    if (!OPTION_KEY.test(k) || typeof v !== 'string' || v.length > MAX_VALUE) continue;
    out[k.toLowerCase()] = v;
    n++;
  }
  return out;
}
