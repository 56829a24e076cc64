/**
 * The report of an upgrade test (MWAA: Test an Airflow Upgrade…), as Markdown: the import errors
 * the upgrade causes (in the target's parse, not in the current one's), the requirements that no
 * longer resolve, and the package versions that change between the two resolutions. Plain logic.
 */
import type { ParseResult, RequirementProblem, ResolveVerdict } from '../../core/runtime/runtimeTypes';
import { cell, relative } from './parseSummary';

export interface UpgradeSide {
  readonly airflowVersion: string;
  readonly pythonVersion: string;
  readonly parses: readonly ParseResult[];
  /** Undefined when there is no requirements file. */
  readonly resolve: ResolveVerdict | undefined;
}

export interface UpgradeInput {
  readonly folder: string;
  readonly requirementsFile: string | undefined;
  readonly from: UpgradeSide;
  readonly to: UpgradeSide;
}

export interface PackageChange {
  readonly name: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export interface ImportErrorChange {
  readonly file: string;
  readonly line: number | undefined;
  readonly kind: string;
  readonly message: string;
}

const MAX_ROWS = 1000;

/** Errors of the target's parse that the current version's parse of the same file did not have. */
export function newImportErrors(from: readonly ParseResult[], to: readonly ParseResult[]): ImportErrorChange[] {
  const before = new Set(from.flatMap((r) => r.errors.map((e) => errorKey(e.file, e.kind, e.message))));
  return to.flatMap((r) => r.errors.filter((e) => !before.has(errorKey(e.file, e.kind, e.message))).map((e) => ({ file: e.file, line: e.line, kind: e.kind, message: e.message })));
}

/** Errors the current version has that the target does not (the upgrade fixes them). */
export function goneImportErrors(from: readonly ParseResult[], to: readonly ParseResult[]): ImportErrorChange[] {
  return newImportErrors(to, from);
}

/** Packages whose resolved version differs, appears or goes (both resolutions must have succeeded). */
export function packageChanges(from: ResolveVerdict | undefined, to: ResolveVerdict | undefined): PackageChange[] | undefined {
  if (from?.status !== 'ok' || to?.status !== 'ok') return undefined;
  const names = [...new Set([...from.packages.keys(), ...to.packages.keys()])].sort();
  return names.flatMap((name) => {
    const a = from.packages.get(name);
    const b = to.packages.get(name);
    return a === b ? [] : [{ name, from: a, to: b }];
  });
}

export function upgradeMarkdown(input: UpgradeInput): string {
  const { from, to } = input;
  const rel = (f: string) => relative(input.folder, f);
  const added = newImportErrors(from.parses, to.parses);
  const gone = goneImportErrors(from.parses, to.parses);
  const changes = packageChanges(from.resolve, to.resolve);
  const dagCount = (s: UpgradeSide) => s.parses.reduce((n, r) => n + r.dags.length, 0);
  return [
    `# Upgrade test: Airflow ${from.airflowVersion} → ${to.airflowVersion}`,
    '',
    `DAGs folder \`${input.folder}\`; Python ${from.pythonVersion} → ${to.pythonVersion}. ${to.parses.length} file${to.parses.length === 1 ? '' : 's'} parsed in each runtime with Airflow's own DagBag: `
      + `${dagCount(from)} DAG${dagCount(from) === 1 ? '' : 's'} on ${from.airflowVersion}, ${dagCount(to)} on ${to.airflowVersion}.`,
    '',
    `## Import errors the upgrade causes (${added.length})`,
    '',
    ...(added.length ? added.slice(0, MAX_ROWS).map((e) => `- **${cell(rel(e.file))}${e.line ? `:${e.line}` : ''}** (${e.kind}): ${cell(e.message)}`) : [`None: every file that parses on ${from.airflowVersion} parses on ${to.airflowVersion}.`]),
    ...(gone.length ? ['', `Import errors of ${from.airflowVersion} that ${to.airflowVersion} no longer has: ${gone.length} (${gone.slice(0, 20).map((e) => cell(rel(e.file))).join(', ')}).`] : []),
    '',
    '## Requirements',
    '',
    ...requirementsSection(input),
    '',
    `## Package versions that change${changes ? ` (${changes.length})` : ''}`,
    '',
    ...(changes === undefined
      ? ['Not compared: both resolutions must succeed first (see above).']
      : changes.length === 0 ? ['None.'] : ['| Package | ' + from.airflowVersion + ' | ' + to.airflowVersion + ' |', '| --- | --- | --- |',
        ...changes.slice(0, MAX_ROWS).map((c) => `| ${cell(c.name)} | ${c.from ?? '(not installed)'} | ${c.to ?? '(not installed)'} |`)]),
    '',
  ].join('\n');
}

function requirementsSection(input: UpgradeInput): string[] {
  const { from, to } = input;
  if (!input.requirementsFile) return ['No requirements.txt beside the DAGs folder: only Airflow and the packages MWAA installs were compared.'];
  const file = relative(input.folder, input.requirementsFile);
  const verdictLine = (s: UpgradeSide) => `- On ${s.airflowVersion}: ${verdictWords(s.resolve)}`;
  const lines = [verdictLine(from), verdictLine(to)];
  if (to.resolve?.status === 'conflict') {
    const before = new Set(from.resolve?.status === 'conflict' ? from.resolve.problems.map(problemKey) : []);
    const fresh = to.resolve.problems.filter((p) => !before.has(problemKey(p)));
    lines.push('', `### ${file}: lines that no longer resolve on ${to.airflowVersion} (${fresh.length})`, '',
      ...(fresh.length ? fresh.slice(0, MAX_ROWS).map((p) => `- ${p.line ? `line ${p.line}` : 'the file'}${p.project ? ` (${cell(p.project)})` : ''}: ${cell(p.message)}`) : [`None new: the same conflicts as on ${from.airflowVersion}.`]));
  }
  return lines;
}

function verdictWords(v: ResolveVerdict | undefined): string {
  if (!v) return 'not resolved';
  if (v.status === 'ok') return `resolves (${v.packages.size} packages)`;
  if (v.status === 'conflict') return `**does not resolve** (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'})`;
  return `unknown: ${cell(v.reason)}`;
}

function errorKey(file: string, kind: string, message: string): string {
  return `${file}\0${kind}\0${message}`;
}

function problemKey(p: RequirementProblem): string {
  return `${p.line ?? ''}\0${p.project ?? ''}\0${p.message}`;
}
