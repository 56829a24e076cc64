/**
 * Apache Airflow's final releases, to tell a constraints URL for a version that never existed
 * (`constraints-2.5.12`) from one for a real release MWAA does not offer. Read from PyPI's release
 * list, yanked releases included (1.10.11, 1.10.13, 3.0.5, 3.1.4 exist: their constraints do too).
 * Each line (major.minor) maps to its last patch release; releases are numbered without gaps.
 */
const LAST_PATCH: ReadonlyMap<string, number> = new Map([
  ['1.10', 15],
  ['2.0', 2], ['2.1', 4], ['2.2', 5], ['2.3', 4], ['2.4', 3], ['2.5', 3], ['2.6', 3], ['2.7', 3], ['2.8', 4], ['2.9', 3],
  ['2.10', 5], ['2.11', 2],
  ['3.0', 6], ['3.1', 8], ['3.2', 2], ['3.3', 2],
]);

/** Majors whose last line has ended too (1.10 reached its end of life in June 2021). */
const ENDED_MAJORS: ReadonlySet<number> = new Set([1]);

/** The newest line of a major may still get patches (2.11 does after 3.0), so a patch past the list may yet come. */
function isOpenLine(major: number, minor: number): boolean {
  return !ENDED_MAJORS.has(major) && !LAST_PATCH.has(`${major}.${minor + 1}`);
}

/**
 * What is known of an `X.Y.Z` Airflow version: `released`, `never` (past the last patch of a line
 * that has ended: a newer line of the same major exists), or `unknown` (a newer release than this
 * list, another form of version, a line older than 1.10).
 */
export function airflowReleaseStatus(version: string): 'released' | 'never' | 'unknown' {
  const m = /^(\d{1,4})\.(\d{1,4})\.(\d{1,6})$/.exec(version);
  if (!m) return 'unknown';
  const last = LAST_PATCH.get(`${+m[1]!}.${+m[2]!}`);
  if (last === undefined) return 'unknown';
  if (+m[3]! <= last) return 'released';
  return isOpenLine(+m[1]!, +m[2]!) ? 'unknown' : 'never';
}

/** "the 2.5 line ended at 2.5.3", for a version airflowReleaseStatus calls `never`. */
export function lineEnd(version: string): string {
  const [major, minor] = version.split('.');
  const line = `${+major!}.${+minor!}`;
  return `the ${line} line ended at ${line}.${LAST_PATCH.get(line) ?? 0}`;
}
