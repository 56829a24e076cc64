/**
 * The Amazon provider version an environment runs: the one its Airflow version's constraints file
 * pins (MWAA installs Airflow with those constraints). It decides which connection secret formats
 * the secrets backend reads. No vscode here: tested under node.
 */
import { compareVersions } from '../../core/lint/airflowVersion';
import { loadConstraints, loadConstraintsIndex, type ConstraintsIndex } from '../../core/lint/constraints';

const AMAZON = 'apache-airflow-providers-amazon';

export interface ProviderVersion {
  readonly version: string;
  /** The Airflow version whose constraints were read (another one when MWAA's is not bundled). */
  readonly fromAirflow: string;
}

/**
 * The provider version pinned for `airflowVersion`; for a version this build does not bundle, the
 * newest bundled one of the same major that is not newer (the provider is at least that new).
 */
export function amazonProviderVersion(dataDir: string | undefined, airflowVersion: string, index?: ConstraintsIndex): ProviderVersion | undefined {
  if (!dataDir || !/^\d+(\.\d+){0,3}$/.test(airflowVersion)) return undefined;
  let idx: ConstraintsIndex;
  try {
    idx = index ?? loadConstraintsIndex(dataDir);
  } catch {
    return undefined;
  }
  const major = airflowVersion.split('.')[0];
  const candidates = idx.versions
    .map((v) => v.airflow)
    .filter((v) => v.split('.')[0] === major && compareVersions(v, airflowVersion) <= 0)
    .sort(compareVersions);
  const exact = candidates.includes(airflowVersion) ? airflowVersion : candidates.at(-1);
  if (!exact) return undefined;
  try {
    const version = loadConstraints(dataDir, exact, idx)?.pins.get(AMAZON);
    return version ? { version, fromAirflow: exact } : undefined;
  } catch {
    return undefined;
  }
}
