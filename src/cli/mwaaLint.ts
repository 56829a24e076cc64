import * as path from 'node:path';
import { isValidAirflowVersion } from '../core/lint/airflowVersion';
import { loadConstraints, loadConstraintsIndex, type ConstraintsIndex, type EnvironmentConstraints } from '../core/lint/constraints';
import { findDataDir } from '../core/lint/dataDir';
import { findDuplicateDagIds, type DagDefinition } from '../core/lint/python/dagIds';
import { checkRequirements } from '../core/lint/requirements/constraintsChecker';
import { readIncludedFile, type IncludedFile, type IncludeRoot } from '../core/lint/requirements/includeReader';
import type { Finding, Severity } from '../core/lint/types';
import { decodeFile, expandPaths, MAX_FILE_BYTES, readSourceFile, type LintedFile } from './fileInput';
import { appendCapped, MAX_FINDINGS_PER_FILE } from './findingCap';
import { lintPythonFiles, type PythonFileResult } from './lintPool';
import { isMainThread } from 'node:worker_threads';
import type { CliIo } from './cliIo';
import { runRuntimeMode } from './runtimeModes';

const USAGE = `Usage: mwaa-lint [--airflow-version X.Y.Z] [--upgrade-target X.Y] [--format text|json] [--dag-folder DIR] [--jobs N] PATHS...
       mwaa-lint --parse [--airflow-version X.Y.Z] [--requirements FILE] [--plugins DIR] [--format text|json] PATHS...
       mwaa-lint --resolve [--airflow-version X.Y.Z] [--plugins DIR] [--format text|json] REQUIREMENTS...
Lints Airflow DAG files, folders and requirements files for Amazon MWAA.
--jobs N: threads for Python files (default: one per core; large file sets only).
--parse: imports each DAG file with Airflow's own DagBag in a local runtime matching MWAA's (the version's
  Airflow, Python, MWAA's packages and pins, plus --requirements); runs the files' top-level code.
--resolve: resolves each requirements file with uv for MWAA's platform under MWAA's installer rules.
Exit code: 0 no errors, 1 errors found, 2 bad usage.`;

export type { CliIo } from './cliIo';

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

interface CliArgs {
  airflowVersion?: string;
  upgradeTarget?: string;
  format: 'text' | 'json';
  dagFolder?: string;
  jobs?: number;
  mode?: 'parse' | 'resolve';
  requirements?: string;
  plugins?: string;
  paths: string[];
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const args: CliArgs = { format: 'text', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--airflow-version':
        args.airflowVersion = value();
        break;
      case '--upgrade-target':
        args.upgradeTarget = value();
        break;
      case '--dag-folder':
        args.dagFolder = value();
        break;
      case '--parse':
      case '--resolve':
        if (args.mode && args.mode !== flag.slice(2)) throw new UsageError('--parse and --resolve cannot be combined');
        args.mode = flag.slice(2) as 'parse' | 'resolve';
        break;
      case '--requirements':
        args.requirements = value();
        break;
      case '--plugins':
        args.plugins = value();
        break;
      case '--jobs': {
        const n = value();
        if (!/^[1-9][0-9]*$/.test(n)) throw new UsageError(`--jobs must be a whole number of threads (1 or more), not ${n}`);
        args.jobs = parseInt(n, 10);
        break;
      }
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
        args.format = f;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  if (args.paths.length === 0) throw new UsageError('no PATHS given');
  return args;
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

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo, dataDir = findDataDir(__dirname)): Promise<number> {
  const args = parseArgsOrExit(argv, io);
  if (typeof args === 'number') return args;
  if (!dataDir) {
    io.stderr('mwaa-lint: cannot find the lint data (lint-rules.json)\n');
    return 2;
  }
  const index = loadConstraintsIndex(dataDir);
  const airflowVersion = args.airflowVersion ?? index.newest;
  for (const v of [airflowVersion, args.upgradeTarget]) {
    if (v !== undefined && !isValidAirflowVersion(v)) {
      io.stderr(`mwaa-lint: "${v}" is not an Airflow version (X.Y or X.Y.Z)\n`);
      return 2;
    }
  }
  if (args.mode) {
    return runRuntimeMode({
      mode: args.mode, airflowVersion, format: args.format, paths: args.paths,
      ...(args.requirements ? { requirements: args.requirements } : {}), ...(args.plugins ? { plugins: args.plugins } : {}),
    }, dataDir, io);
  }
  const { files, missing } = expandPaths(args.paths);
  if (missing.length > 0) {
    io.stderr(`mwaa-lint: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const { results, notes } = await lintFiles(files, { args, airflowVersion, index, dataDir });
  for (const n of notes) io.stderr(`mwaa-lint: ${n}\n`);
  printResults(io, args.format, results, files.length, airflowVersion);
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

/** The parsed arguments, or the exit code after printing the usage (help: 0, bad usage: 2). */
function parseArgsOrExit(argv: readonly string[], io: CliIo): CliArgs | number {
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(USAGE + '\n');
      return 0;
    }
    return parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`mwaa-lint: ${err.message}\n${USAGE}\n`);
    return 2;
  }
}

/** What a lint run needs besides the files. */
interface LintSetup {
  readonly args: CliArgs;
  readonly airflowVersion: string;
  readonly index: ConstraintsIndex;
  readonly dataDir: string;
}

/** Findings in file order (duplicate dag_ids last) and notes for stderr. */
interface LintOutput {
  readonly results: CliFinding[];
  readonly notes: string[];
  readonly dagsByFile: { file: string; dags: DagDefinition[] }[];
}

/** Lints every file: Python files in the pool, requirements files against the constraints. */
async function lintFiles(files: readonly LintedFile[], setup: LintSetup): Promise<LintOutput> {
  const { args, airflowVersion, index, dataDir } = setup;
  const target = { airflowVersion, ...(args.upgradeTarget ? { upgradeTarget: args.upgradeTarget } : {}) };
  const out: LintOutput = { results: [], notes: [], dagsByFile: [] };
  const python = files.filter((f) => f.kind === 'python').map((f) => f.file);
  const pythonResults = new Map((await lintPythonFiles(python, target, dataDir, args.jobs)).map((r) => [r.file, r]));
  const constraints = files.some((f) => f.kind === 'requirements') ? loadConstraints(dataDir, airflowVersion, index) : undefined;

  for (const linted of files) {
    if (linted.kind === 'python') addPythonResult(out, linted.file, pythonResults.get(linted.file)!);
    else addRequirementsResult(out, linted, constraints, setup);
  }
  for (const [file, findings] of findDuplicateDagIds(out.dagsByFile)) addFindings(out, file, findings);
  return out;
}

function addPythonResult(out: LintOutput, file: string, r: PythonFileResult): void {
  if (r.skipped) {
    out.notes.push(`${file}: ${r.skipped}`);
    return;
  }
  if (!r.utf8) addNotUtf8(out, file);
  addFindings(out, file, r.findings);
  out.dagsByFile.push({ file, dags: r.dags });
}

/** A linted file's findings as printed: at most MAX_FINDINGS_PER_FILE per file, then how many more. */
function addFindings(out: LintOutput, file: string, findings: readonly Finding[]): void {
  appendCapped(out.results, findings.map((f) => toCli(file, f)), hiddenFindings);
}

function hiddenFindings(file: string, hidden: number, severity: Severity): CliFinding {
  const message = `${hidden} more finding(s) in this file are not shown: mwaa-lint prints at most ${MAX_FINDINGS_PER_FILE} per file`;
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity, code: 'MWAA006', message };
}

function addRequirementsResult(out: LintOutput, linted: LintedFile, constraints: EnvironmentConstraints | undefined, setup: LintSetup): void {
  const { file } = linted;
  const { decoded, skipped } = readSourceFile(file);
  if (!decoded) {
    out.notes.push(`${file}: ${skipped}`);
    return;
  }
  if (!decoded.utf8) addNotUtf8(out, file);
  if (!constraints) {
    out.notes.push(`${file}: no bundled constraints for Airflow ${setup.airflowVersion} (MWAA versions: ${setup.index.versions.map((v) => v.airflow).join(', ')})`);
    return;
  }
  const dagFolder = setup.args.dagFolder ? path.resolve(setup.args.dagFolder) : undefined;
  const r = checkRequirements(decoded.text, {
    constraints,
    filePath: path.resolve(file),
    readFile: includeReader(linted.root, dagFolder),
    ...(dagFolder ? { dagFolder } : {}),
  });
  addFindings(out, file, r.findings);
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

function addNotUtf8(out: LintOutput, file: string): void {
  out.notes.push(`${file}: not valid UTF-8, read as Latin-1`);
  out.results.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', code: 'MWAA005', message: 'File is not valid UTF-8; Python and pip expect UTF-8' });
}

/** JSON: the findings array; text: one line per finding, then a summary line. */
function printResults(io: CliIo, format: CliArgs['format'], results: readonly CliFinding[], fileCount: number, airflowVersion: string): void {
  if (format === 'json') io.stdout(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const r of results) io.stdout(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
    const errors = results.filter((r) => r.severity === 'error').length;
    io.stdout(`${fileCount} file(s), ${errors} error(s), ${results.length - errors} other finding(s) (Airflow ${airflowVersion})\n`);
  }
}

// Not in a lint worker thread: the bundled CLI is also the workers' script (see lintPool).
if (require.main === module && isMainThread) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mwaa-lint: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
