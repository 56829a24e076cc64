import * as path from 'node:path';
import { isValidAirflowVersion } from '../core/lint/airflowVersion';
import { loadConstraints, loadConstraintsIndex } from '../core/lint/constraints';
import { findDataDir } from '../core/lint/dataDir';
import { findDuplicateDagIds, type DagDefinition } from '../core/lint/python/dagIds';
import { checkRequirements } from '../core/lint/requirements/constraintsChecker';
import type { Finding } from '../core/lint/types';
import { expandPaths, readSourceFile } from './fileInput';
import { lintPythonFiles } from './lintPool';
import { isMainThread } from 'node:worker_threads';

const USAGE = `Usage: mwaa-lint [--airflow-version X.Y.Z] [--upgrade-target X.Y] [--format text|json] [--dag-folder DIR] [--jobs N] PATHS...
Lints Airflow DAG files, folders and requirements files for Amazon MWAA.
--jobs N: threads for Python files (default: one per core; large file sets only).
Exit code: 0 no errors, 1 errors found, 2 bad usage.`;

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

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
  let args: CliArgs;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      io.stdout(USAGE + '\n');
      return 0;
    }
    args = parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`mwaa-lint: ${err.message}\n${USAGE}\n`);
    return 2;
  }
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
  const { files, missing } = expandPaths(args.paths);
  if (missing.length > 0) {
    io.stderr(`mwaa-lint: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const target = { airflowVersion, ...(args.upgradeTarget ? { upgradeTarget: args.upgradeTarget } : {}) };
  const results: CliFinding[] = [];
  const notes: string[] = [];
  const notUtf8 = (file: string) => {
    notes.push(`${file}: not valid UTF-8, read as Latin-1`);
    results.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'warning', code: 'MWAA005', message: 'File is not valid UTF-8; Python and pip expect UTF-8' });
  };
  const dagsByFile: { file: string; dags: DagDefinition[] }[] = [];
  const python = files.filter((f) => f.kind === 'python').map((f) => f.file);
  const pythonResults = new Map((await lintPythonFiles(python, target, dataDir, args.jobs)).map((r) => [r.file, r]));
  const constraints = files.some((f) => f.kind === 'requirements') ? loadConstraints(dataDir, airflowVersion, index) : undefined;

  for (const { file, kind } of files) {
    if (kind === 'python') {
      const r = pythonResults.get(file)!;
      if (r.skipped) {
        notes.push(`${file}: ${r.skipped}`);
        continue;
      }
      if (!r.utf8) notUtf8(file);
      results.push(...r.findings.map((f) => toCli(file, f)));
      dagsByFile.push({ file, dags: r.dags });
      continue;
    }
    const { decoded, skipped } = readSourceFile(file);
    if (!decoded) {
      notes.push(`${file}: ${skipped}`);
      continue;
    }
    if (!decoded.utf8) notUtf8(file);
    if (!constraints) {
      notes.push(`${file}: no bundled constraints for Airflow ${airflowVersion} (MWAA versions: ${index.versions.map((v) => v.airflow).join(', ')})`);
    } else {
      const r = checkRequirements(decoded.text, {
        constraints,
        filePath: path.resolve(file),
        readFile: (p) => {
          try {
            return readSourceFile(p).decoded?.text;
          } catch {
            return undefined;
          }
        },
        ...(args.dagFolder ? { dagFolder: path.resolve(args.dagFolder) } : {}),
      });
      results.push(...r.findings.map((f) => toCli(file, f)));
    }
  }
  for (const [file, findings] of findDuplicateDagIds(dagsByFile)) results.push(...findings.map((f) => toCli(file, f)));

  for (const n of notes) io.stderr(`mwaa-lint: ${n}\n`);
  if (args.format === 'json') io.stdout(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const r of results) io.stdout(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
    const errors = results.filter((r) => r.severity === 'error').length;
    io.stdout(`${files.length} file(s), ${errors} error(s), ${results.length - errors} other finding(s) (Airflow ${airflowVersion})\n`);
  }
  return results.some((r) => r.severity === 'error') ? 1 : 0;
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
