/**
 * The summary of a folder's local parse (MWAA: Parse DAGs Locally), as Markdown: every DAG with
 * its file and parse time, every import error with its file and line, the files with neither.
 * Plain logic; paths are shown relative to the folder.
 */
import * as path from 'node:path';
import type { ParseResult } from '../../core/runtime/runtimeTypes';
import { seconds, slowParseMessage } from './parseFindings';

export interface FolderParse {
  readonly folder: string;
  readonly airflowVersion: string;
  readonly pythonVersion: string;
  readonly results: readonly ParseResult[];
  /** Files not parsed because the run was cancelled or the bound reached. */
  readonly notParsed: number;
  readonly truncated: boolean;
  readonly wallMs: number;
}

const MAX_ROWS = 2000;

export function summaryMarkdown(p: FolderParse): string {
  const rel = (f: string) => relative(p.folder, f);
  const dags = p.results.flatMap((r) => r.dags.map((d) => ({ ...d, parseMs: r.parseMs })));
  const errors = p.results.flatMap((r) => r.errors.map((e) => ({ ...e, parsed: r.file })));
  const empty = p.results.filter((r) => r.dags.length === 0 && r.errors.length === 0);
  const slow = p.results.filter((r) => slowParseMessage(r));
  const lines = [
    `# Local parse of ${path.basename(p.folder) || p.folder}`,
    '',
    `Airflow ${p.airflowVersion} (Python ${p.pythonVersion}), Airflow's own DagBag. ${p.results.length} file${p.results.length === 1 ? '' : 's'} parsed in ${seconds(p.wallMs)}: `
      + `**${dags.length} DAG${dags.length === 1 ? '' : 's'}**, **${errors.length} import error${errors.length === 1 ? '' : 's'}**.`,
    ...(p.notParsed ? ['', `⚠ ${p.notParsed} file${p.notParsed === 1 ? ' was' : 's were'} not parsed (cancelled).`] : []),
    ...(p.truncated ? ['', '⚠ The folder has more files than are parsed at once; the rest were not looked at.'] : []),
    '',
    '## DAGs',
    '',
    ...(dags.length ? ['| DAG | File | Tasks | Parse time |', '| --- | --- | ---: | ---: |',
      ...dags.slice(0, MAX_ROWS).map((d) => `| ${cell(d.dagId)} | ${cell(rel(d.file))}${d.line ? `:${d.line}` : ''} | ${d.taskCount} | ${seconds(d.parseMs)} |`)] : ['None.']),
    '',
    '## Import errors',
    '',
    ...(errors.length ? errors.slice(0, MAX_ROWS).map((e) => `- **${cell(rel(e.file))}${e.line ? `:${e.line}` : ''}** (${e.kind}${e.file !== e.parsed ? `, while parsing ${cell(rel(e.parsed))}` : ''}): ${cell(e.message)}`) : ['None.']),
    ...(slow.length ? ['', '## Slow files', '', ...slow.map((r) => `- **${cell(rel(r.file))}**: ${slowParseMessage(r)}`)] : []),
    ...(empty.length ? ['', '## Files without DAGs', '', ...empty.slice(0, MAX_ROWS).map((r) => `- ${cell(rel(r.file))} (${seconds(r.parseMs)})`)] : []),
    '',
  ];
  return lines.join('\n');
}

export function relative(folder: string, file: string): string {
  const r = path.relative(folder, file);
  return (r && !r.startsWith('..') ? r : file).split(path.sep).join('/');
}

/** Text safe inside a Markdown table cell or list item. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').slice(0, 500);
}
