/**
 * Rules of MWAA's requirements installer that both the static checks (lint) and the local runtime
 * (core/runtime/installerModel) apply: one implementation, so the two never disagree.
 */

/** Where MWAA unpacks plugins.zip; its wheel detection knows this `--find-links` path only. */
export const MWAA_PLUGINS_PATH = '/usr/local/airflow/plugins';

// MWAA's own test, a plain search with no anchor: no line terminator in it, so one search of the
// whole text finds the same first match as a search line by line.
const OWN_CONSTRAINT = /-c |--constraint /;

/**
 * The 0-based line of the first match of MWAA's rule, or undefined: a file has its own constraints
 * when any line matches `-c ` or `--constraint ` (comment lines too: a commented constraint line,
 * or a tool header like `# uv pip compile ... --constraint x`, turns Airflow's constraints off).
 */
export function ownConstraintLine(text: string): number | undefined {
  const at = text.search(OWN_CONSTRAINT);
  if (at < 0) return undefined;
  let line = 0;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    // \r\n counts once: the \n after a \r is skipped.
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

/** MWAA's rule as a yes/no: the file has its own constraints, so MWAA adds no Airflow constraints. */
export function hasOwnConstraintLine(text: string): boolean {
  return OWN_CONSTRAINT.test(text);
}
