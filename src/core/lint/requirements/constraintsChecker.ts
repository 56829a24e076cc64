import * as path from 'node:path';
import { satisfies, valid } from '@renovatebot/pep440';
import { constraintsUrl, parseConstraintPins, requiresConstraintLine, type EnvironmentConstraints } from '../constraints';
import type { Finding, Fix } from '../types';
import { checkCredentials } from './credentials';
import { IncludeWalk, lineOf, overBudgetMessage, subjectOf, type FileUnit, type ReadIncluded } from './includeWalk';
import type { ParsedOption, ParsedRequirement, Span } from './requirementsParser';

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

const MWAA_DAGS = '/usr/local/airflow/dags/';
const MWAA_PLUGINS = '/usr/local/airflow/plugins';
const UPSTREAM_URL = /^https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-([^/]+)\/constraints-(\d+\.\d+)\.txt$/;

/** Checks a requirements.txt (and what it includes with -r) against the environment's constraints. */
export function checkRequirements(text: string, options: RequirementsCheckOptions): RequirementsCheckResult {
  const units: FileUnit[] = [];
  const context = { ...(options.filePath ? { requirementsFile: options.filePath } : {}), ...(options.dagFolder ? { dagFolder: options.dagFolder } : {}) };
  const walk = new IncludeWalk(options.readFile, context, options.dagFolder);
  walk.collect(text, options.filePath, units, 0);
  const top = units[0]!;
  const env = options.constraints;
  const allOptions = units.flatMap((u) => u.options.map((o) => ({ unit: u, o })));
  const constraintOpts = allOptions.filter((x) => x.o.name === '--constraint');

  // Which pins apply: a readable local constraints file wins over the bundled copy.
  const { pins, constraintSource } = resolvePins(constraintOpts, env, options, walk);

  if (constraintOpts.length === 0 && requiresConstraintLine(env.airflowVersion)) top.findings.push(missingConstraintFinding(top, env));

  const hasOpt = (name: string, value?: string) => allOptions.some(({ o }) => o.name === name && (value === undefined || o.value?.replace(/\/+$/, '') === value));
  const pluginsWheels = hasOpt('--find-links', MWAA_PLUGINS) && hasOpt('--no-index');

  for (const unit of units) {
    for (const req of unit.requirements) checkRequirement(unit, req, env, pins, pluginsWheels);
    // One by one: a spread of an unbounded array overflows the call stack.
    for (const o of unit.options) for (const f of checkCredentials(unit.index, o.valueSpan, o.value)) unit.findings.push(f);
    for (const req of unit.requirements) if (req.url) for (const f of checkCredentials(unit.index, req.urlSpan, req.url)) unit.findings.push(f);
  }
  const findings = units.flatMap((u) => u.findings.map((f) => (u === top || !u.file ? f : { ...f, file: u.file })));
  return { findings, pluginsWheels, constraintSource };
}

/** The pins in force and where they came from. */
interface PinSource {
  readonly pins: ReadonlyMap<string, string>;
  readonly constraintSource: string;
}

/** The bundled pins, replaced by each `--constraint` whose content can be read (the last one wins). */
function resolvePins(constraintOpts: readonly { unit: FileUnit; o: ParsedOption }[], env: EnvironmentConstraints, options: RequirementsCheckOptions, walk: IncludeWalk): PinSource {
  let source: PinSource = { pins: env.pins, constraintSource: `bundled ${path.basename(env.file)}` };
  for (const { unit, o } of constraintOpts) source = pinsOfConstraint(unit, o, env, options, walk) ?? source;
  return source;
}

/**
 * The pins of one `--constraint` line when its content can be read; findings (constraints for
 * another Airflow/Python, an unreadable local file) go to its unit.
 */
function pinsOfConstraint(unit: FileUnit, o: ParsedOption, env: EnvironmentConstraints, options: RequirementsCheckOptions, walk: IncludeWalk): PinSource | undefined {
  const value = o.value!;
  const m = UPSTREAM_URL.exec(value);
  if (m) {
    const fetched = pinsOfUrl(value, options);
    if (m[1] !== env.airflowVersion || m[2] !== env.pythonVersion) {
      const right = constraintsUrl(env.airflowVersion, env.pythonVersion);
      unit.findings.push({
        range: unit.index.range(o.valueSpan!.start, o.valueSpan!.end),
        code: 'REQ002',
        severity: 'error',
        message: `${unit.included ? `Constraints for another Airflow or Python (${lineOf(unit, o.valueSpan!)})` : `Constraints for Airflow ${m[1]} / Python ${m[2]}`}, but the environment runs Airflow ${env.airflowVersion} on Python ${env.pythonVersion}`,
        fixes: [{ kind: 'replaceConstraint', title: `Use ${right}`, edits: [{ range: unit.index.range(o.valueSpan!.start, o.valueSpan!.end), newText: right }] }],
      });
    }
    return fetched;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return pinsOfUrl(value, options);
  return pinsOfLocalFile(unit, o, walk);
}

/** The pins of a constraints URL when the caller has its content. */
function pinsOfUrl(url: string, options: RequirementsCheckOptions): PinSource | undefined {
  const fetched = options.readUrl?.(url);
  return fetched === undefined ? undefined : { pins: parseConstraintPins(fetched), constraintSource: url };
}

/** The pins of a local constraints file, or a REQ008 warning on the unit when it cannot be read. */
function pinsOfLocalFile(unit: FileUnit, o: ParsedOption, walk: IncludeWalk): PinSource | undefined {
  const local = walk.resolveLocal(o.value!, unit.file);
  const got = local ? walk.read(local) : undefined;
  if (got === 'skip') return undefined;
  if (got !== undefined && got !== 'over' && !('refused' in got)) return { pins: parseConstraintPins(got.text), constraintSource: local! };
  const why = got === 'over' ? overBudgetMessage() : got !== undefined ? got.refused : undefined;
  unit.findings.push({
    range: unit.index.range(o.valueSpan!.start, o.valueSpan!.end),
    code: 'REQ008',
    severity: 'warning',
    message: why !== undefined ? `${subjectOf(unit, o)} ${why}` : unreadableConstraintMessage(unit, o, local),
    fixes: [],
  });
  return undefined;
}

function unreadableConstraintMessage(unit: FileUnit, o: ParsedOption, local: string | undefined): string {
  const value = o.value!;
  const because = value.startsWith(MWAA_DAGS) ? `no local DAG folder is bound to ${MWAA_DAGS}` : "the requirements file's own location is unknown";
  if (unit.included) return `${subjectOf(unit, o)} ${local ? 'cannot be read' : `cannot be resolved: ${because}`}`;
  return local ? `Cannot read the constraints file ${value} (looked at ${local})` : `Cannot resolve ${value}: ${because}`;
}

/** REQ001: no `--constraint` line where MWAA adds its own; the fix inserts the right one. */
function missingConstraintFinding(top: FileUnit, env: EnvironmentConstraints): Finding {
  const url = constraintsUrl(env.airflowVersion, env.pythonVersion);
  const firstLineEnd = top.index.lineText(0).length;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineEnd } },
    code: 'REQ001',
    severity: 'warning',
    message: `No --constraint line: on Airflow ${env.airflowVersion} MWAA adds its own; state it to install what MWAA will (${url})`,
    fixes: [{ kind: 'insertConstraint', title: 'Add the constraints line', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `--constraint "${url}"\n` }] }],
  };
}

function alignFix(unit: FileUnit, req: ParsedRequirement, version: string): Fix[] {
  if (!req.specifierSpan) return [];
  return [{ kind: 'alignVersion', title: `Use ${req.name}==${version}`, edits: [{ range: unit.index.range(req.specifierSpan.start, req.specifierSpan.end), newText: `==${version}` }] }];
}

function excludes(specifier: string, version: string): boolean {
  return specifier !== '' && !satisfies(version, specifier, { prereleases: true });
}

/** A pin's version for a message; pins may come from a local constraints file, so only a real version is quoted. */
function shownVersion(pinned: string): string {
  return valid(pinned) ? pinned : '(not a valid version)';
}

/**
 * The checks of one requirement. Messages on an included file name the line instead of quoting
 * it; names and versions from the bundled constraints data are still named.
 */
function checkRequirement(unit: FileUnit, req: ParsedRequirement, env: EnvironmentConstraints, pins: ReadonlyMap<string, string>, pluginsWheels: boolean): void {
  if (!req.normalizedName) return;
  const range = (span: Span) => unit.index.range(span.start, span.end);
  const whole = range(req.specifierSpan ? { start: req.nameSpan.start, end: req.specifierSpan.end } : req.nameSpan);
  if (req.normalizedName === 'apache-airflow') {
    if (req.url || excludes(req.specifier, env.airflowVersion)) {
      unit.findings.push({
        range: whole,
        code: 'REQ005',
        severity: 'error',
        message: `apache-airflow ${unit.included ? `(${lineOf(unit, req.nameSpan)})` : req.url ? 'from a URL' : req.specifier} differs from the environment's Airflow ${env.airflowVersion}`,
        fixes: alignFix(unit, req, env.airflowVersion),
      });
    }
    return;
  }
  const essential = env.essential.get(req.normalizedName);
  if (essential !== undefined) {
    if (req.url || excludes(req.specifier, essential)) {
      unit.findings.push({
        range: whole,
        code: 'REQ004',
        severity: 'error',
        message: unit.included
          ? `${req.normalizedName} (${lineOf(unit, req.nameSpan)}) is an MWAA essential pin (${req.normalizedName}==${essential}); MWAA does not let it be overridden`
          : `${req.name} is an MWAA essential pin (${req.name}==${essential}); MWAA does not let it be overridden`,
        fixes: alignFix(unit, req, essential),
      });
    }
    return;
  }
  const pinned = pins.get(req.normalizedName);
  if (pinned !== undefined) {
    if (excludes(req.specifier, pinned)) {
      unit.findings.push({
        range: whole,
        code: 'REQ003',
        severity: 'error',
        message: `${unit.included ? `The requirement on ${lineOf(unit, req.nameSpan)}` : `${req.name}${req.specifier}`} excludes the constrained version ${shownVersion(pinned)}; pip will fail to resolve`,
        fixes: alignFix(unit, req, pinned),
      });
    }
    return;
  }
  // With plugins-wheels the version is whatever wheel plugins.zip carries.
  if (req.specifier === '' && !req.url && !req.editable && !pluginsWheels) {
    unit.findings.push({
      range: range(req.nameSpan),
      code: 'REQ006',
      severity: 'warning',
      message: `${unit.included ? `The requirement on ${lineOf(unit, req.nameSpan)}` : req.name} is not pinned and not in the constraints: MWAA installs the newest release at every update`,
      fixes: [],
    });
  }
}
