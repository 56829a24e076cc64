import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareVersions } from './airflowVersion';
import { normalizeName } from './requirements/packageName';

/** One MWAA Airflow version in constraints-index.json. */
export interface ConstraintsIndexEntry {
  readonly airflow: string;
  readonly python: string;
  readonly constraintsFile: string;
  readonly upstreamUrl: string;
  readonly essentialFile: string | null;
  /** PEP 503 name -> version MWAA does not let users override. */
  readonly essentialPins: Readonly<Record<string, string>>;
}

export interface ConstraintsIndex {
  readonly schema: number;
  readonly newest: string;
  readonly versions: readonly ConstraintsIndexEntry[];
}

/** The constraints in force for one environment. */
export interface EnvironmentConstraints {
  readonly airflowVersion: string;
  readonly pythonVersion: string;
  readonly upstreamUrl: string;
  /** PEP 503 name -> pinned version, from the constraints file. */
  readonly pins: ReadonlyMap<string, string>;
  readonly essential: ReadonlyMap<string, string>;
  readonly file: string;
  /** Every Airflow version MWAA offers (the index's), for messages that list them. */
  readonly mwaaVersions?: readonly string[];
}

export const CONSTRAINTS_INDEX_FILE = 'constraints-index.json';

export function loadConstraintsIndex(dir: string): ConstraintsIndex {
  return JSON.parse(fs.readFileSync(path.join(dir, CONSTRAINTS_INDEX_FILE), 'utf8')) as ConstraintsIndex;
}

/** Reads the bundled constraints of an MWAA Airflow version; undefined when MWAA never offered it. */
export function loadConstraints(dir: string, airflowVersion: string, index = loadConstraintsIndex(dir)): EnvironmentConstraints | undefined {
  const entry = index.versions.find((v) => v.airflow === airflowVersion);
  if (!entry) return undefined;
  const file = path.join(dir, 'constraints', entry.constraintsFile);
  return {
    airflowVersion: entry.airflow,
    pythonVersion: entry.python,
    upstreamUrl: entry.upstreamUrl,
    pins: parseConstraintPins(fs.readFileSync(file, 'utf8')),
    essential: new Map(Object.entries(entry.essentialPins)),
    file,
    mwaaVersions: index.versions.map((v) => v.airflow),
  };
}

/** `name==version` lines of a constraints file, keyed by PEP 503 name. */
export function parseConstraintPins(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;,]+)/.exec(line);
    if (m) pins.set(normalizeName(m[1]!), m[2]!);
  }
  return pins;
}

export function constraintsUrl(airflowVersion: string, pythonVersion: string): string {
  return `https://raw.githubusercontent.com/apache/airflow/constraints-${airflowVersion}/constraints-${pythonVersion}.txt`;
}

/** The Python version MWAA runs for an Airflow version, from the index. */
export function pythonVersionFor(index: ConstraintsIndex, airflowVersion: string): string | undefined {
  return index.versions.find((v) => v.airflow === airflowVersion)?.python;
}

/** MWAA added its own constraints (and requires a matching one) from Airflow 2.7.2 on. */
export function requiresConstraintLine(airflowVersion: string): boolean {
  return compareVersions(airflowVersion, '2.7.2') >= 0;
}

/**
 * The requirements.txt line for a provider a fix needs: the version the constraints pin when it
 * satisfies the minimum, else the minimum as a lower bound.
 */
export function providerRequirementLine(constraints: EnvironmentConstraints | undefined, name: string, minVersion?: string): string {
  const pinned = constraints?.pins.get(normalizeName(name));
  if (pinned && (!minVersion || compareVersions(pinned, minVersion) >= 0)) return `${name}==${pinned}`;
  return minVersion ? `${name}>=${minVersion}` : name;
}
