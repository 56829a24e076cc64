/**
 * Which connection secret formats an Amazon provider version reads (from the provider's changelog
 * and sources): 2.3.0 added JSON secrets behind `full_url_mode: false` (and then read no URIs);
 * 7.0.0 infers JSON or URI from the text itself (#27920) and 9.0.0 removed `full_url_mode`.
 * Before 7.0.0 the text went to Airflow, which reads its own JSON form since 2.3: MWAA pins 6.0.0
 * with Airflow 2.4.3, and the older pins (1.3.0, 2.4.0) with Airflow 2.0.2 and 2.2.2, URIs only.
 */

export const JSON_INFERRED_FROM = '7.0.0';
export const FULL_URL_MODE_REMOVED_IN = '9.0.0';
const AIRFLOW_JSON_PAIRED_FROM = '6.0.0';

/** Major, minor, patch of a version such as "9.22.0" or "8.7.1rc1"; undefined when it is none. */
export function parseVersion(v: string | undefined): [number, number, number] | undefined {
  const m = /^\s*v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** a >= b for two versions; undefined when either is not a version. */
export function atLeast(a: string | undefined, b: string): boolean | undefined {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return true;
}

export interface FormatSupport {
  json: boolean;
  uri: boolean;
  /** JSON goes to Airflow's own reader, which takes only its field names (no aliases such as "user"). */
  jsonCoreNamesOnly: boolean;
}

/** What a provider version (and the backend's full_url_mode) reads; an unknown version reads both. */
export function formatSupport(providerVersion: string | undefined, fullUrlMode?: boolean): FormatSupport {
  const inferred = atLeast(providerVersion, JSON_INFERRED_FROM);
  if (inferred === undefined || inferred) return { json: true, uri: true, jsonCoreNamesOnly: false };
  if (fullUrlMode === false) return { json: true, uri: false, jsonCoreNamesOnly: false };
  const viaAirflow = atLeast(providerVersion, AIRFLOW_JSON_PAIRED_FROM) === true;
  return { json: viaAirflow, uri: true, jsonCoreNamesOnly: viaAirflow };
}
