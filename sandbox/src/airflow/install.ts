/**
 * Which Airflow each sandbox major runs, and its venv. Versions are pinned in
 * sandbox/python/requirements/airflow-<major>.txt together with the official constraints file.
 */
import { ensureVenv, type Venv } from './venv';

export interface AirflowRelease {
  major: 2 | 3;
  version: string;
  requirements: string;
  constraints: string;
}

/**
 * 2.x: newest 2.11.x (2.11.2), official constraints-2.11.2-py3.12.
 * 3.x: PyPI's newest is 3.3.2, but constraints are available only up to 3.3.1 (also MWAA's newest),
 * so 3.3.1 with constraints-3.3.1-py3.12. Both py3.12 files install and run on Python 3.11.
 */
export const AIRFLOW_RELEASES: Record<2 | 3, AirflowRelease> = {
  2: { major: 2, version: '2.11.2', requirements: 'airflow-2.txt', constraints: 'constraints-2.11.2-py3.12.txt' },
  3: { major: 3, version: '3.3.1', requirements: 'airflow-3.txt', constraints: 'constraints-3.3.1-py3.12.txt' },
};

/** Installs (cold: minutes) or confirms (warm: one marker read) the venv of an Airflow major. */
export function ensureAirflow(major: 2 | 3): Promise<Venv> {
  const r = AIRFLOW_RELEASES[major];
  return ensureVenv({ name: `airflow-${r.version}`, requirements: [r.requirements], constraints: r.constraints });
}
