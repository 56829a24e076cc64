import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { isValidAirflowVersion } from '../core/lint/airflowVersion';
import { loadConstraintsIndex } from '../core/lint/constraints';
import { findDataDir } from '../core/lint/dataDir';
import { parseArgsOrExit, type CliArgs } from './cliArgs';
import type { CliIo } from './cliIo';
import { expandPaths } from './fileInput';
import { lintFiles, planFiles, type CliFinding } from './lintRun';
import { ProjectConfigError, ProjectConfigs } from '../core/lint/suppression/projectConfig';
import { runRuntimeMode } from './runtimeModes';

export type { CliIo } from './cliIo';
export type { CliFinding } from './lintRun';

/** Runs the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo, dataDir = findDataDir(__dirname)): Promise<number> {
  const args = parseArgsOrExit(argv, io);
  if (typeof args === 'number') return args;
  if (!dataDir) {
    io.stderr('mwaa-lint: cannot find the lint data (lint-rules.json)\n');
    return 2;
  }
  for (const v of [args.airflowVersion, args.upgradeTarget]) {
    if (v !== undefined && !isValidAirflowVersion(v)) {
      io.stderr(`mwaa-lint: "${v}" is not an Airflow version (X.Y or X.Y.Z)\n`);
      return 2;
    }
  }
  try {
    return await run(args, dataDir, io);
  } catch (err) {
    if (!(err instanceof ProjectConfigError)) throw err;
    io.stderr(`mwaa-lint: ${err.message}\n`);
    return 2;
  }
}

async function run(args: CliArgs, dataDir: string, io: CliIo): Promise<number> {
  const index = loadConstraintsIndex(dataDir);
  const configs = args.isolated ? undefined : new ProjectConfigs();
  if (args.mode) {
    // One runtime per run: the version of the first path's configuration when no flag names one.
    const first = args.paths[0]!;
    const airflowVersion = args.airflowVersion ?? configs?.forPath(first, isFolder(first))?.airflowVersion ?? index.newest;
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
  const planned = planFiles(files, args, configs, index.newest);
  const { results, notes } = await lintFiles(planned, { args, index, dataDir });
  for (const n of notes) io.stderr(`mwaa-lint: ${n}\n`);
  const versions = [...new Set(planned.map((f) => f.airflowVersion))];
  printResults(io, args.format, results, files.length, versions.length > 0 ? versions.join(', ') : (args.airflowVersion ?? index.newest));
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** JSON: the findings array; text: one line per finding, then a summary line. */
function printResults(io: CliIo, format: CliArgs['format'], results: readonly CliFinding[], fileCount: number, airflowVersions: string): void {
  if (format === 'json') io.stdout(JSON.stringify(results, null, 2) + '\n');
  else {
    for (const r of results) io.stdout(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
    const errors = results.filter((r) => r.severity === 'error').length;
    io.stdout(`${fileCount} file(s), ${errors} error(s), ${results.length - errors} other finding(s) (Airflow ${airflowVersions})\n`);
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
