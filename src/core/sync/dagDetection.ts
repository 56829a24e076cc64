/**
 * Which uploaded files Airflow will treat as possible DAG files, for the uploaded -> visible to
 * Airflow tracking: not ignored by `.airflowignore`, a `.py` file (or a zip), and, in Airflow's
 * default safe mode (`core.dag_discovery_safe_mode`), containing both "airflow" and "dag"
 * (case-insensitive), the same heuristic as `might_contain_dag_via_default_heuristic`.
 */
import type { AirflowIgnore } from './airflowIgnore';

export function mightContainDag(relPath: string, content: Uint8Array | string, ignore: AirflowIgnore, safeMode = true): boolean {
  if (!ignore.isScanned(relPath)) return false;
  if (/\.zip$/i.test(relPath)) return true; // Airflow looks inside; the members decide
  if (!/\.py$/.test(relPath)) return false;
  if (!safeMode) return true;
  const text = (typeof content === 'string' ? content : Buffer.from(content).toString('latin1')).toLowerCase();
  return text.includes('airflow') && text.includes('dag');
}
