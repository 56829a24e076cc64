/** An environment's `AirflowVersion`, parsed so newer or odd values still display sensibly. */
import { compareVersions } from '../lint/airflowVersion';

export interface AirflowRelease {
  /** Exactly what MWAA returned. */
  readonly raw: string;
  readonly major?: number;
  readonly minor?: number;
  readonly patch?: number;
  /** One of the releases MWAA offered when this extension was built. */
  readonly known: boolean;
  /** "Airflow 2.10.3", "Airflow 3.9.0 (newer than this extension knows)", "Airflow version unknown". */
  readonly display: string;
}

/** MWAA's Airflow releases as of this build (the bundled constraints files). */
export const KNOWN_AIRFLOW_RELEASES: readonly string[] = [
  '1.10.12', '2.0.2', '2.2.2', '2.4.3', '2.5.1', '2.6.3', '2.7.2', '2.8.1', '2.9.2',
  '2.10.1', '2.10.3', '2.11.0', '2.11.2', '3.0.6', '3.2.1', '3.3.1',
];

export function parseAirflowRelease(raw: string | undefined): AirflowRelease {
  const text = (raw ?? '').trim();
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  if (!m) return { raw: text, known: false, display: text ? `Airflow ${text}` : 'Airflow version unknown' };
  const [major, minor, patch] = [m[1], m[2], m[3]].map((x) => (x === undefined ? undefined : Number(x)));
  const known = KNOWN_AIRFLOW_RELEASES.includes(text);
  const latest = KNOWN_AIRFLOW_RELEASES[KNOWN_AIRFLOW_RELEASES.length - 1]!;
  const newer = !known && compareVersions(text, latest) > 0;
  return {
    raw: text,
    major,
    ...(minor !== undefined ? { minor } : {}),
    ...(patch !== undefined ? { patch } : {}),
    known,
    display: `Airflow ${text}${newer ? ' (newer than this extension knows)' : ''}`,
  } as AirflowRelease;
}
