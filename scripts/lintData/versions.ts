/** Airflow version strings ("2.10.3") compared by numeric parts. */

/** A sort key: each dotted part padded to 4 digits. */
export function versionKey(v: string): string {
  return v.split('.').map((p) => p.padStart(4, '0')).join('.');
}

/** The lower of two optional versions (an empty or missing one loses). */
export function minVersion(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return versionKey(a) <= versionKey(b) ? a : b;
}
