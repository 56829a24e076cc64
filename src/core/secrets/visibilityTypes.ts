/** One answer of "why can't Airflow see it?": what was checked, how it stands, what to change. */
export interface CheckResult {
  id: string;
  title: string;
  status: 'ok' | 'problem' | 'unknown';
  detail: string;
  fix?: string;
}
