import type { EnvironmentConstraints } from '../constraints';
import type { Finding } from '../types';
import { constraintsInForce } from './constraintsInForce';
import { checkCredentials } from './credentials';
import { IncludeWalk, lineOf, type FileUnit, type ReadIncluded } from './includeWalk';
import { mwaaMarkerEnvironment } from './markerEvaluation';
import { MWAA_PLUGINS_PATH } from './mwaaInstaller';
import { checkRequirement } from './requirementChecks';
import type { ParsedOption } from './requirementsParser';

export interface RequirementsCheckOptions {
  /** The environment's constraints (its Airflow and Python version come with them). */
  readonly constraints: EnvironmentConstraints;
  /** Path of the file being checked; `-r`/`-c` relative paths resolve against its folder. */
  readonly filePath?: string;
  /**
   * Reads an included (-r) or local constraints (-c) file: its text (and real path), a refusal
   * with the reason (outside the allowed folders, not a regular file, too large), or undefined when
   * it cannot be read. `readIncludedFile` (includeReader) is the disk reader with those rules.
   */
  readonly readFile?: ReadIncluded;
  /** Local folder that /usr/local/airflow/dags stands for on MWAA (the bound DAG folder). */
  readonly dagFolder?: string;
  /**
   * The content of a constraints URL when the caller has it (fetched and cached while online);
   * undefined falls back to the bundled copy for the environment's version.
   */
  readonly readUrl?: (url: string) => string | undefined;
}

export interface RequirementsCheckResult {
  /** Findings of the checked file, then of included files (those carry `file`). */
  readonly findings: Finding[];
  /** `--find-links /usr/local/airflow/plugins --no-index`: wheels shipped in plugins.zip. */
  readonly pluginsWheels: boolean;
  /** Where the pins came from: a fetched URL, a resolved local file, or the bundled copy. */
  readonly constraintSource: string;
}

/**
 * Checks a requirements.txt (and what it includes with -r) the way MWAA installs it: against the
 * constraints its installer applies, on its platform (markers), with its plugins.zip wheel folder.
 */
export function checkRequirements(text: string, options: RequirementsCheckOptions): RequirementsCheckResult {
  const units: FileUnit[] = [];
  const context = { ...(options.filePath ? { requirementsFile: options.filePath } : {}), ...(options.dagFolder ? { dagFolder: options.dagFolder } : {}) };
  const walk = new IncludeWalk(options.readFile, context, options.dagFolder);
  walk.collect(text, options.filePath, units, 0);
  const top = units[0]!;
  const env = options.constraints;
  const { sets, constraintSource } = constraintsInForce(units, { env, walk, ...(options.readUrl ? { readUrl: options.readUrl } : {}) });

  const allOptions = units.flatMap((unit) => unit.options.map((o) => ({ unit, o })));
  const noIndex = allOptions.some(({ o }) => o.name === '--no-index');
  const pluginsWheels = noIndex && allOptions.some(({ o }) => o.name === '--find-links' && isPluginsPath(o.value));
  if (noIndex) for (const { unit, o } of allOptions) checkFindLinks(unit, o);

  const ctx = { env, sets, markerEnv: mwaaMarkerEnvironment(env.pythonVersion), noIndex };
  for (const unit of units) {
    for (const req of unit.requirements) checkRequirement(unit, req, ctx);
    // One by one: a spread of an unbounded array overflows the call stack.
    for (const o of unit.options) for (const f of checkCredentials(unit.index, o.valueSpan, o.value)) unit.findings.push(f);
    for (const req of unit.requirements) if (req.url) for (const f of checkCredentials(unit.index, req.urlSpan, req.url)) unit.findings.push(f);
  }
  const findings = units.flatMap((u) => u.findings.map((f) => (u === top || !u.file ? f : { ...f, file: u.file })));
  return { findings, pluginsWheels, constraintSource };
}

function isPluginsPath(value: string | undefined): boolean {
  return value?.replace(/\/+$/, '') === MWAA_PLUGINS_PATH;
}

/**
 * REQ010: with `--no-index`, a `--find-links` folder other than MWAA's plugins path. MWAA's wheel
 * detection knows that path only, and pip looks nowhere else; a web page of links is fine.
 */
function checkFindLinks(unit: FileUnit, o: ParsedOption): void {
  if (o.name !== '--find-links' || !o.value || !o.valueSpan || isPluginsPath(o.value) || /^https?:\/\//i.test(o.value)) return;
  const where = unit.included ? `The --find-links on ${lineOf(unit, o.valueSpan)} is not ${MWAA_PLUGINS_PATH}` : `--find-links ${o.value} is not ${MWAA_PLUGINS_PATH}`;
  unit.findings.push({
    range: unit.index.range(o.valueSpan.start, o.valueSpan.end),
    code: 'REQ010',
    severity: 'warning',
    message: `${where}: MWAA's wheel detection knows only that folder (where it unpacks plugins.zip), and with --no-index pip looks nowhere else, `
      + `so a package not found there fails the update. Put the wheels at the top level of plugins.zip and write --find-links ${MWAA_PLUGINS_PATH}`,
    fixes: [],
  });
}
