/**
 * Which constraints pip applies on MWAA, by its installer's rule: MWAA's essential pins always;
 * Airflow's constraints for the environment's version only when no line of requirements.txt (the
 * file itself, comments included) matches `-c ` or `--constraint `; and every `-c` pip reads
 * (in the file or in what it includes). Findings on constraint lines (REQ001, REQ002, REQ008) too.
 */
import * as path from 'node:path';
import { constraintsUrl, parseConstraintPins, requiresConstraintLine, type EnvironmentConstraints } from '../constraints';
import type { Finding, Fix, Range } from '../types';
import { airflowReleaseStatus, lineEnd } from './airflowReleases';
import { lineOf, overBudgetMessage, subjectOf, type FileUnit, type IncludeWalk } from './includeWalk';
import { ownConstraintLine } from './mwaaInstaller';
import type { ParsedOption } from './requirementsParser';

/** One set of pins pip applies, and where it came from. */
export interface PinSet {
  readonly pins: ReadonlyMap<string, string>;
  readonly source: string;
}

export interface ConstraintsInForce {
  /** Pin sets pip applies besides the essential pins; empty when only the essential pins apply. */
  readonly sets: readonly PinSet[];
  /** Where the pins came from, for the caller: a fetched URL, a local file, the bundled copy. */
  readonly constraintSource: string;
}

export interface ConstraintContext {
  readonly env: EnvironmentConstraints;
  readonly walk: IncludeWalk;
  readonly readUrl?: (url: string) => string | undefined;
}

const MWAA_DAGS = '/usr/local/airflow/dags/';
const UPSTREAM_URL = /^https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-([^/]+)\/constraints-(\d+\.\d+)\.txt$/;
const ESSENTIAL_ONLY = "MWAA's essential pins only";

interface ConstraintOption {
  readonly unit: FileUnit;
  readonly o: ParsedOption;
}

/** The constraints in force for the units (the checked file first, then its includes); findings go to the units. */
export function constraintsInForce(units: readonly FileUnit[], ctx: ConstraintContext): ConstraintsInForce {
  const top = units[0]!;
  const own = ownConstraintLine(top.text);
  const options: ConstraintOption[] = units.flatMap((unit) => unit.options.filter((o) => o.name === '--constraint').map((o) => ({ unit, o })));
  const sets: PinSet[] = [];
  const add = (set: PinSet | undefined) => {
    if (set && !sets.some((s) => s.source === set.source)) sets.push(set);
  };
  if (own === undefined) add(airflowPins(ctx));
  for (const { unit, o } of options) add(pinsOfConstraint(unit, o, ctx));
  // A constraints line whose content cannot be read: assume Airflow's, what such a line usually names.
  if (own !== undefined && options.length > 0 && sets.length === 0) add(bundledPins(ctx.env));
  if (requiresConstraintLine(ctx.env.airflowVersion)) {
    const finding = constraintLineFinding(top, own, options, ctx.env);
    if (finding) top.findings.push(finding);
  }
  return { sets, constraintSource: sets.length ? sets.map((s) => s.source).join(' + ') : ESSENTIAL_ONLY };
}

function bundledPins(env: EnvironmentConstraints): PinSet {
  return { pins: env.pins, source: `bundled ${path.basename(env.file)}` };
}

/** Airflow's constraints for the environment: the fetched URL when the caller has it, else the bundled copy (the same bytes). */
function airflowPins(ctx: ConstraintContext): PinSet {
  return pinsOfUrl(ctx.env.upstreamUrl, ctx) ?? bundledPins(ctx.env);
}

function pinsOfUrl(url: string, ctx: ConstraintContext): PinSet | undefined {
  const fetched = ctx.readUrl?.(url);
  return fetched === undefined ? undefined : { pins: parseConstraintPins(fetched), source: url };
}

/** The pins of one `--constraint` when its content can be read; REQ002/REQ008 on its unit. */
function pinsOfConstraint(unit: FileUnit, o: ParsedOption, ctx: ConstraintContext): PinSet | undefined {
  const value = o.value!;
  const m = UPSTREAM_URL.exec(value);
  if (m) {
    if (m[1] === ctx.env.airflowVersion && m[2] === ctx.env.pythonVersion) return airflowPins(ctx);
    unit.findings.push(otherAirflowFinding(unit, o, m[1]!, m[2]!, ctx.env));
    return pinsOfUrl(value, ctx);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return pinsOfUrl(value, ctx);
  return pinsOfLocalFile(unit, o, ctx.walk);
}

/** REQ002: constraints of another Airflow or Python, or of an Airflow that was never released. */
function otherAirflowFinding(unit: FileUnit, o: ParsedOption, airflow: string, python: string, env: EnvironmentConstraints): Finding {
  const right = constraintsUrl(env.airflowVersion, env.pythonVersion);
  const range = unit.index.range(o.valueSpan!.start, o.valueSpan!.end);
  const offered = env.mwaaVersions?.length ? `; MWAA's versions are ${env.mwaaVersions.join(', ')}` : '';
  let message: string;
  if (airflowReleaseStatus(airflow) === 'never') {
    const subject = unit.included ? `The constraints on ${lineOf(unit, o.valueSpan!)} are for an Airflow version that was never released` : `Airflow ${airflow} was never released (${lineEnd(airflow)})`;
    message = `${subject}, so the constraints file does not exist and pip fails to read it${offered}. The environment runs Airflow ${env.airflowVersion}`;
  } else {
    message = `${unit.included ? `Constraints for another Airflow or Python (${lineOf(unit, o.valueSpan!)})` : `Constraints for Airflow ${airflow} / Python ${python}`}, but the environment runs Airflow ${env.airflowVersion} on Python ${env.pythonVersion}`;
  }
  return { range, code: 'REQ002', severity: 'error', message, fixes: [{ kind: 'replaceConstraint', title: `Use ${right}`, edits: [{ range, newText: right }] }] };
}

/** The pins of a local constraints file, or a REQ008 warning on the unit when it cannot be read. */
function pinsOfLocalFile(unit: FileUnit, o: ParsedOption, walk: IncludeWalk): PinSet | undefined {
  const local = walk.resolveLocal(o.value!, unit.file);
  const got = local ? walk.read(local) : undefined;
  if (got === 'skip') return undefined;
  if (got !== undefined && got !== 'over' && !('refused' in got)) return { pins: parseConstraintPins(got.text), source: local! };
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

/**
 * REQ001, where what MWAA does with Airflow's constraints is not what the file says: none stated
 * (MWAA adds them), only a line that is no option (MWAA adds none), a constraints line MWAA's
 * search misses (`--constraint=x`, or one in an included file: MWAA adds Airflow's as well).
 */
function constraintLineFinding(top: FileUnit, own: number | undefined, options: readonly ConstraintOption[], env: EnvironmentConstraints): Finding | undefined {
  const url = constraintsUrl(env.airflowVersion, env.pythonVersion);
  const insert: Fix = { kind: 'insertConstraint', title: 'Add the constraints line', edits: [{ range: lineRange(0, 0), newText: `--constraint "${url}"\n` }] };
  const finding = (range: Range, message: string, fixes: Fix[]): Finding => ({ range, code: 'REQ001', severity: 'warning', message, fixes });
  if (own !== undefined) return options.length > 0 ? undefined : noAirflowConstraintsFinding(top, own, env);
  if (options.length === 0) {
    return finding(lineRange(0, top.index.lineText(0).length),
      `No --constraint line: MWAA adds Airflow ${env.airflowVersion}'s constraints itself (${url}); state them so every pip that reads this file installs what MWAA installs`, [insert]);
  }
  // The same constraints twice (stated and added) change nothing.
  if (options.every(({ o }) => o.value === env.upstreamUrl)) return undefined;
  const mine = options.find(({ unit }) => unit === top);
  if (mine) {
    const { o } = mine;
    const range = top.index.range(o.nameSpan.start, o.valueSpan!.start);
    const flag = top.text.startsWith('--', o.nameSpan.start) ? '--constraint' : '-c';
    const quote = /["']/.test(top.text[o.valueSpan!.start - 1] ?? '') ? top.text[o.valueSpan!.start - 1]! : '';
    return finding(top.index.range(o.nameSpan.start, o.valueSpan!.end),
      `MWAA's installer looks for "-c " or "--constraint " followed by a space and misses this line, so it adds Airflow ${env.airflowVersion}'s constraints as well and pip applies both; write "${flag} <file>"`,
      [{ kind: 'replaceConstraint', title: `Write ${flag} with a space`, edits: [{ range, newText: `${flag} ${quote}` }] }]);
  }
  return finding(lineRange(0, top.index.lineText(0).length),
    `MWAA adds Airflow ${env.airflowVersion}'s constraints as well as those of the files this one includes: its installer looks for "-c " or "--constraint " only in requirements.txt itself. `
    + 'pip applies both; to use only the included constraints, move their -c line into this file', []);
}

/**
 * REQ001 on the line that is no option yet turns Airflow's constraints off (a commented one, a
 * tool's header). A lock (every line pinned with ==, as `uv pip compile` writes) installs as
 * pinned, likely on purpose: a note with no fix. Otherwise packages may move: a warning and the fix.
 */
function noAirflowConstraintsFinding(top: FileUnit, own: number, env: EnvironmentConstraints): Finding {
  const url = constraintsUrl(env.airflowVersion, env.pythonVersion);
  const text = top.index.lineText(own);
  const what = /^\s*#/.test(text) ? 'comment' : 'line';
  const why = `MWAA adds no Airflow constraints to this file: its installer searches every line, comments included, for "-c " or "--constraint ", and this ${what} has one. Only MWAA's essential pins apply`;
  const lock = top.requirements.length > 0 && top.requirements.every((r) => r.url !== undefined || /^===?[^,]+$/.test(r.specifier));
  if (lock) {
    return { range: lineRange(own, text.length), code: 'REQ001', severity: 'info', message: `${why}: the versions pinned here install as they are, even where Airflow ${env.airflowVersion}'s constraints pin others. To have those apply, add --constraint "${url}"`, fixes: [] };
  }
  return {
    range: lineRange(own, text.length),
    code: 'REQ001',
    severity: 'warning',
    message: `${why}, so pip may move packages Airflow ${env.airflowVersion} needs. Add the constraints line (${url}) or reword the ${what}`,
    fixes: [{ kind: 'insertConstraint', title: 'Add the constraints line', edits: [{ range: lineRange(0, 0), newText: `--constraint "${url}"\n` }] }],
  };
}

function lineRange(line: number, end: number): Range {
  return { start: { line, character: 0 }, end: { line, character: end } };
}
