/** constraints-index.json: each MWAA Airflow version -> constraints file, Python, essential pins. */
import type { ConstraintsIndex, ConstraintsIndexEntry } from '../../src/core/lint/constraints';
import { versionKey } from './versions';

/** `name==version` pins of a requirements-style file, keyed by PEP 503 name. */
function readPins(text: string): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)/.exec(line);
    if (m) pins[m[1].toLowerCase().replace(/[-_.]+/g, '-')] = m[2];
  }
  return pins;
}

/**
 * @param files the file names of ../shared/data/constraints, sorted
 * @param read the text of one of them
 */
export function buildConstraintsIndex(files: readonly string[], read: (file: string) => string): ConstraintsIndex {
  const versions: ConstraintsIndexEntry[] = [];
  for (const f of files) {
    const m = /^constraints-(\d+\.\d+\.\d+)-py(\d+\.\d+)\.txt$/.exec(f);
    if (!m) continue;
    const [, airflow, python] = m;
    const essentialFile = files.includes(`mwaa-essential-constraints-${airflow}.txt`) ? `mwaa-essential-constraints-${airflow}.txt` : null;
    // Before MWAA published an essential list, apache-airflow itself is the pin it enforces.
    const essentialPins = essentialFile ? readPins(read(essentialFile)) : { 'apache-airflow': airflow };
    versions.push({
      airflow,
      python,
      constraintsFile: f,
      upstreamUrl: `https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt`,
      essentialFile,
      essentialPins,
    });
  }
  versions.sort((a, b) => (versionKey(a.airflow) < versionKey(b.airflow) ? -1 : 1));
  return { schema: 1, newest: versions[versions.length - 1].airflow, versions };
}
