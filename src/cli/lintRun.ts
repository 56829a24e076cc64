/**
 * One `mwaa-lint` run over expanded files: each file with the Airflow version and rule selection
 * of its own configuration (flags over the nearest `[tool.mwaa-lint]`), Python files linted in the
 * pool per version, requirements files against that version's constraints, `# noqa` honoured.
 */
import * as path from 'node:path';
import { loadConstraints, type ConstraintsIndex, type EnvironmentConstraints } from '../core/lint/constraints';
import { findDuplicateDagIds, type DagDefinition } from '../core/lint/python/dagIds';
import { checkRequirements } from '../core/lint/requirements/constraintsChecker';
import { readIncludedFile, type IncludedFile, type IncludeRoot } from '../core/lint/requirements/includeReader';
import { buildNoqaIndex, withoutSuppressed, type NoqaIndex } from '../core/lint/suppression/noqaIndex';
import { RuleSelection, type SelectionLayer } from '../core/lint/suppression/ruleSelectors';
import type { Finding, Severity } from '../core/lint/types';
import type { CliArgs } from './cliArgs';
import { decodeFile, MAX_FILE_BYTES, readSourceFile, type LintedFile } from './fileInput';
import { appendCapped, MAX_FINDINGS_PER_FILE } from './findingCap';
import { lintPythonFiles, type PythonFileResult } from './lintPool';
import type { ProjectConfigs } from '../core/lint/suppression/projectConfig';

/** One finding as the CLI prints it: 1-based lines and columns. */
export interface CliFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** A file to lint with what its configuration says. */
export interface PlannedFile extends LintedFile {
  readonly airflowVersion: string;
  readonly selection: RuleSelection;
}

export interface LintSetup {
  readonly args: CliArgs;
  readonly index: ConstraintsIndex;
  readonly dataDir: string;
}

/** Findings in file order (duplicate dag_ids last) and notes for stderr. */
export interface LintOutput {
  readonly results: CliFinding[];
  readonly notes: string[];
}

/** Each file's Airflow version and selection: the flags win over its `[tool.mwaa-lint]` (none with --isolated). */
export function planFiles(files: readonly LintedFile[], args: CliArgs, configs: ProjectConfigs | undefined, newest: string): PlannedFile[] {
  const flags: SelectionLayer = { ...(args.select ? { select: args.select } : {}), ...(args.ignore ? { ignore: args.ignore } : {}) };
  const selections = new Map<string, RuleSelection>();
  return files.map((f) => {
    const config = configs?.forPath(f.file);
    const key = config?.file ?? '';
    let selection = selections.get(key);
    if (!selection) {
      selection = new RuleSelection(config ? [config.layer, flags] : [flags]);
      selections.set(key, selection);
    }
    return { ...f, airflowVersion: args.airflowVersion ?? config?.airflowVersion ?? newest, selection };
  });
}

function toCli(file: string, f: Finding): CliFinding {
  return {
    file: f.file ?? file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    code: f.code,
    message: f.message,
  };
}

/** What each linted file keeps for the duplicate dag_id check at the end. */
interface FileState {
  readonly selection: RuleSelection;
  readonly noqa: NoqaIndex | undefined;
}

class RunOutput implements LintOutput {
  readonly results: CliFinding[] = [];
  readonly notes: string[] = [];
  readonly dagsByFile: { file: string; dags: DagDefinition[] }[] = [];
  readonly states = new Map<string, FileState>();

  /** A file's findings as printed: selected, not suppressed, at most MAX_FINDINGS_PER_FILE, then how many more. */
  add(file: string, findings: readonly Finding[], state: FileState): void {
    const shown = withoutSuppressed(findings, state.noqa).filter((f) => state.selection.has(f.code));
    appendCapped(this.results, shown.map((f) => toCli(file, f)), hiddenFindings);
  }

  /** ruff's warning for a directive it cannot read: the comment is there but suppresses nothing. */
  noteInvalidNoqa(file: string, noqa: NoqaIndex | undefined): void {
    for (const i of noqa?.invalid ?? []) this.notes.push(`${file}:${i.line + 1}: this "# ${i.file ? 'ruff: ' : ''}noqa" suppresses nothing: ${i.reason}`);
  }

  notUtf8(file: string, selection: RuleSelection): void {
    this.notes.push(`${file}: not valid UTF-8, read as Latin-1`);
    if (!selection.has('MWAA005')) return;
    this.results.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', code: 'MWAA005', message: 'File is not valid UTF-8; Python and pip expect UTF-8' });
  }
}

function hiddenFindings(file: string, hidden: number, severity: Severity): CliFinding {
  const message = `${hidden} more finding(s) in this file are not shown: mwaa-lint prints at most ${MAX_FINDINGS_PER_FILE} per file`;
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity, code: 'MWAA006', message };
}

/** Lints every file: Python files in the pool (one pass per Airflow version), requirements files against the constraints. */
export async function lintFiles(files: readonly PlannedFile[], setup: LintSetup): Promise<LintOutput> {
  const { args, index, dataDir } = setup;
  const out = new RunOutput();
  const python = new Map<string, PythonFileResult>();
  for (const version of new Set(files.filter((f) => f.kind === 'python').map((f) => f.airflowVersion))) {
    const group = files.filter((f) => f.kind === 'python' && f.airflowVersion === version).map((f) => f.file);
    const target = { airflowVersion: version, ...(args.upgradeTarget ? { upgradeTarget: args.upgradeTarget } : {}) };
    for (const r of await lintPythonFiles(group, target, dataDir, args.jobs)) python.set(r.file, r);
  }
  const constraints = new Map<string, EnvironmentConstraints | undefined>();
  const constraintsFor = (version: string) => {
    if (!constraints.has(version)) constraints.set(version, loadConstraints(dataDir, version, index));
    return constraints.get(version);
  };
  for (const planned of files) {
    if (planned.kind === 'python') addPythonResult(out, planned, python.get(planned.file)!);
    else addRequirementsResult(out, planned, constraintsFor(planned.airflowVersion), setup);
  }
  for (const [file, findings] of findDuplicateDagIds(out.dagsByFile)) out.add(file, findings, out.states.get(file)!);
  return out;
}

function addPythonResult(out: RunOutput, planned: PlannedFile, r: PythonFileResult): void {
  const { file, selection } = planned;
  if (r.skipped) {
    out.notes.push(`${file}: ${r.skipped}`);
    return;
  }
  if (!r.utf8) out.notUtf8(file, selection);
  out.noteInvalidNoqa(file, r.noqa);
  // The pool already left out what the file's comments suppress; the index is kept for dag_ids.
  const state = { selection, noqa: r.noqa };
  out.add(file, r.findings, { selection, noqa: undefined });
  out.states.set(file, state);
  out.dagsByFile.push({ file, dags: r.dags });
}

function addRequirementsResult(out: RunOutput, planned: PlannedFile, constraints: EnvironmentConstraints | undefined, setup: LintSetup): void {
  const { file, selection } = planned;
  const { decoded, skipped } = readSourceFile(file);
  if (!decoded) {
    out.notes.push(`${file}: ${skipped}`);
    return;
  }
  if (!decoded.utf8) out.notUtf8(file, selection);
  if (!constraints) {
    out.notes.push(`${file}: no bundled constraints for Airflow ${planned.airflowVersion} (MWAA versions: ${setup.index.versions.map((v) => v.airflow).join(', ')})`);
    return;
  }
  const dagFolder = setup.args.dagFolder ? path.resolve(setup.args.dagFolder) : undefined;
  const r = checkRequirements(decoded.text, {
    constraints,
    filePath: path.resolve(file),
    readFile: includeReader(planned.root, dagFolder),
    ...(dagFolder ? { dagFolder } : {}),
  });
  const noqa = buildNoqaIndex(decoded.text, 'requirements');
  out.noteInvalidNoqa(file, noqa);
  out.add(file, r.findings, { selection, noqa });
}

/**
 * Reads what a requirements file includes (-r, -c): regular files of at most 5 MB inside the
 * linted folder or the DAG folder only (after symbolic links), so a requirements file cannot
 * make the CLI read /proc/self/environ, credentials or /dev/zero.
 */
function includeReader(root: string, dagFolder: string | undefined): (p: string) => IncludedFile | undefined {
  const roots: IncludeRoot[] = [{ path: root, name: 'the linted folder' }, ...(dagFolder ? [{ path: dagFolder, name: 'the DAG folder (--dag-folder)' }] : [])];
  return (p) => readIncludedFile(p, { roots, maxBytes: MAX_FILE_BYTES, decode: (bytes) => decodeFile(bytes).text });
}
