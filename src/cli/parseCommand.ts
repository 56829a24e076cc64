/**
 * `mwaa-lint --parse`: every DAG file under PATHS parsed by Airflow's own DagBag in a runtime's
 * Python (the caller provides it, built for the environment's Airflow version), as the scheduler
 * would after upload. Prints each DAG with its file and parse time, and every import error as
 * `file:line: message`. Exit code: 0 no import error, 1 import errors, 2 bad usage or no runtime.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listDagFiles } from '../core/runtime/parseFolder';
import { DagParseWorker } from '../core/runtime/parseWorker';
import type { ParseResult } from '../core/runtime/runtimeTypes';
import type { CliIo } from './cliIo';

export interface ParseArgs {
  readonly paths: readonly string[];
  readonly format: 'text' | 'json';
  /** The runtime's python (Airflow installed). */
  readonly python: string;
  /** A scratch AIRFLOW_HOME for the worker. */
  readonly airflowHome: string;
  /** The environment's AirflowConfigurationOptions (`section.key` -> value). */
  readonly configOptions?: Readonly<Record<string, string>>;
  /** The dags folder the PATHS are in (default: a folder PATH is its own, a file's folder is its). */
  readonly dagsFolder?: string;
  readonly pluginsFolder?: string;
  /** The worker's log (Airflow's stderr); default: dropped. */
  readonly log?: (line: string) => void;
}

interface Group {
  readonly dagsFolder: string;
  readonly folders: string[];
  readonly files: string[];
}

function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** PATHS grouped by the dags folder each belongs to; a message when one does not exist. */
function groupPaths(args: ParseArgs): Group[] | string {
  const groups = new Map<string, Group>();
  const fixed = args.dagsFolder ? path.resolve(args.dagsFolder) : undefined;
  for (const p of args.paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      return `${p}: no such file or folder`;
    }
    if (fixed && !isInside(abs, fixed)) return `${p} is not inside the dags folder ${args.dagsFolder}`;
    const dagsFolder = fixed ?? (stat.isDirectory() ? abs : path.dirname(abs));
    const g = groups.get(dagsFolder) ?? { dagsFolder, folders: [], files: [] };
    groups.set(dagsFolder, g);
    if (stat.isDirectory()) g.folders.push(abs);
    else if (/\.py$/i.test(abs)) g.files.push(abs);
    else return `${p}: not a .py file or a folder`;
  }
  return [...groups.values()];
}

function printText(io: CliIo, r: ParseResult): void {
  const ms = `${Math.round(r.parseMs)} ms`;
  if (r.dags.length === 0 && r.errors.length === 0) io.stdout(`${display(r.file)}: no DAG (${ms})\n`);
  for (const d of r.dags) {
    io.stdout(`${display(d.file)}${d.line ? `:${d.line}` : ''}: DAG ${d.dagId} (${d.taskCount} task${d.taskCount === 1 ? '' : 's'}, ${ms})\n`);
  }
  for (const e of r.errors) io.stdout(`${display(e.file)}:${e.line ?? 1}: error: ${e.message.split('\n')[0]} [${e.kind}]\n`);
  if (r.timeoutSeconds > 0 && r.parseMs > (r.timeoutSeconds * 1000) / 2 && !r.errors.some((e) => e.kind === 'timeout')) {
    io.stdout(`${display(r.file)}:1: warning: parsing took ${ms}, more than half of core.dagbag_import_timeout (${r.timeoutSeconds}s)\n`);
  }
}

async function parseGroup(args: ParseArgs, g: Group, io: CliIo, results: ParseResult[]): Promise<{ airflow: string; python: string }> {
  const worker = new DagParseWorker({
    python: args.python, airflowHome: args.airflowHome, dagsFolder: g.dagsFolder,
    ...(args.pluginsFolder ? { pluginsFolder: args.pluginsFolder } : {}),
    ...(args.configOptions ? { configOptions: args.configOptions } : {}),
    ...(args.log ? { log: args.log } : {}),
  });
  try {
    const info = await worker.info;
    const files = new Set(g.files);
    for (const folder of g.folders) {
      const listing = await listDagFiles(folder, {
        airflowMajor: Number(info.airflow.split('.')[0]),
        ignoreSyntax: args.configOptions?.['core.dag_ignore_file_syntax'],
        safeMode: !/^(false|0|no|off)$/i.test(args.configOptions?.['core.dag_discovery_safe_mode'] ?? 'true'),
      });
      for (const w of listing.warnings) io.stderr(`mwaa-lint: ${w}\n`);
      if (listing.truncated) io.stderr(`mwaa-lint: ${display(folder)}: only the first ${listing.files.length} DAG files are parsed\n`);
      for (const f of listing.files) files.add(f);
    }
    for (const f of [...files].sort()) {
      const r = await worker.parseFile(f);
      results.push(r);
      if (args.format === 'text') printText(io, r);
    }
    return info;
  } finally {
    worker.dispose();
  }
}

/** Runs `--parse`; resolves to the exit code. */
export async function runParse(args: ParseArgs, io: CliIo): Promise<number> {
  const groups = groupPaths(args);
  if (typeof groups === 'string') {
    io.stderr(`mwaa-lint: ${groups}\n`);
    return 2;
  }
  const results: ParseResult[] = [];
  let info: { airflow: string; python: string } | undefined;
  try {
    for (const g of groups) info = await parseGroup(args, g, io, results);
  } catch (err) {
    io.stderr(`mwaa-lint: the local Airflow runtime could not parse: ${(err as Error).message}\n`);
    return 2;
  }
  const dagCount = results.reduce((n, r) => n + r.dags.length, 0);
  const errorCount = results.reduce((n, r) => n + r.errors.length, 0);
  if (args.format === 'json') {
    io.stdout(`${JSON.stringify({ airflow: info?.airflow, python: info?.python, files: results, dags: dagCount, errors: errorCount }, null, 2)}\n`);
  } else {
    io.stdout(`${results.length} file${results.length === 1 ? '' : 's'} parsed with Airflow ${info?.airflow ?? '?'} (Python ${info?.python ?? '?'}): ${dagCount} DAG${dagCount === 1 ? '' : 's'}, ${errorCount} import error${errorCount === 1 ? '' : 's'}\n`);
  }
  return errorCount > 0 ? 1 : 0;
}
