/**
 * The optional logical date of a triggered run, checked before any call: ISO 8601 with a timezone
 * (Airflow rejects a naive date); empty means "now" (sent as null to Airflow 3, omitted for 2).
 */
export function logicalDateProblem(text: string): string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t) || Number.isNaN(Date.parse(t))) {
    return 'Use ISO 8601 with a timezone, e.g. 2025-01-31T00:00:00Z (or leave it empty for now).';
  }
  return undefined;
}
