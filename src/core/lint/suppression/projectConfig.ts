/**
 * `[tool.mwaa-lint]` in pyproject.toml: for each linted file, the nearest pyproject.toml (walking
 * up from its folder, as ruff finds its own table) that has the table. mwaa-lint and the editor
 * read the same table. A malformed table stops the CLI's run with the file and key named (exit 2),
 * as ruff does; the editor names it in a warning and lints as if it were not there. A
 * pyproject.toml that does not mention mwaa-lint is never parsed.
 */
import * as path from 'node:path';
import { isValidAirflowVersion } from '../airflowVersion';
import { isSelector, parseSelector, quoteShort, type RuleSelector, type SelectionLayer } from './ruleSelectors';
import { foldersUp, readTomlFile, tableOf, type TomlReader } from './tomlFile';

export interface ProjectConfig {
  /** The pyproject.toml it came from. */
  readonly file: string;
  readonly layer: SelectionLayer;
  readonly airflowVersion?: string;
}

/** A pyproject.toml whose `[tool.mwaa-lint]` cannot be used: the message names the file. */
export class ProjectConfigError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(`${file}: ${detail}`);
  }
}

const TABLE = '[tool.mwaa-lint]';
const MENTIONS = /mwaa-lint/;
const KEYS = ['select', 'extend-select', 'ignore', 'airflow-version'] as const;
// Far more selectors than there are codes.
const MAX_SELECTORS = 500;

/** Validates a `[tool.mwaa-lint]` table. */
export function parseProjectTable(file: string, table: Record<string, unknown>): ProjectConfig {
  const fail = (message: string): never => {
    throw new ProjectConfigError(file, `${TABLE} ${message}`);
  };
  for (const key of Object.keys(table)) {
    if (!(KEYS as readonly string[]).includes(key)) fail(`has no setting ${quoteShort(key)} (settings: ${KEYS.join(', ')})`);
  }
  const selectors = (key: string): RuleSelector[] | undefined => {
    const value = table[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length > MAX_SELECTORS || !value.every((v) => typeof v === 'string')) {
      return fail(`${key} must be a list of codes or prefixes, e.g. ${key} = ["AIR3", "MWAA004"]`);
    }
    return value.map((v: string) => {
      const s = parseSelector(v);
      return isSelector(s) ? s : fail(`${key}: ${s.problem}`);
    });
  };
  const select = selectors('select');
  const extendSelect = selectors('extend-select');
  const ignore = selectors('ignore');
  const version = table['airflow-version'];
  if (version !== undefined && (typeof version !== 'string' || !isValidAirflowVersion(version))) {
    fail(`airflow-version must be an Airflow version such as "2.10.3", not ${quoteShort(version)}`);
  }
  return {
    file,
    layer: { ...(select ? { select } : {}), ...(extendSelect ? { extendSelect } : {}), ...(ignore ? { ignore } : {}) },
    ...(typeof version === 'string' ? { airflowVersion: version } : {}),
  };
}

/** The table of one pyproject.toml: undefined when it has none, `error` when it cannot be used. */
export function readProjectConfig(file: string, read: TomlReader = readTomlFile): ProjectConfig | { readonly file: string; readonly error: string } | undefined {
  const r = read(file, MENTIONS);
  if (r.kind === 'error') return { file, error: r.message };
  if (r.kind !== 'parsed') return undefined;
  const table = tableOf(tableOf(r.value.tool)?.['mwaa-lint']);
  if (!table) return undefined;
  try {
    return parseProjectTable(file, table);
  } catch (err) {
    if (err instanceof ProjectConfigError) return { file, error: err.detail };
    throw err;
  }
}

/** The configuration that applies to files in `dir`: the nearest pyproject.toml with the table (or the error of the nearest one). */
export function findProjectConfig(dir: string, read: TomlReader = readTomlFile): ProjectConfig | { readonly file: string; readonly error: string } | undefined {
  for (const folder of foldersUp(dir)) {
    const found = readProjectConfig(path.join(folder, 'pyproject.toml'), read);
    if (found) return found;
  }
  return undefined;
}

/** The configuration of each folder, looked up once per folder (the CLI's: an unusable table throws). */
export class ProjectConfigs {
  private readonly byFolder = new Map<string, ProjectConfig | undefined>();

  /** The configuration that applies to `file` (a file or a folder given on the command line). */
  forPath(file: string, isFolder = false): ProjectConfig | undefined {
    return this.forFolder(isFolder ? path.resolve(file) : path.dirname(path.resolve(file)));
  }

  private forFolder(start: string): ProjectConfig | undefined {
    const walked: string[] = [];
    let found: ProjectConfig | undefined;
    for (const folder of foldersUp(start)) {
      if (this.byFolder.has(folder)) {
        found = this.byFolder.get(folder);
        break;
      }
      walked.push(folder);
      const read = readProjectConfig(path.join(folder, 'pyproject.toml'));
      if (read && 'error' in read) throw new ProjectConfigError(read.file, read.error);
      found = read;
      if (found) break;
    }
    for (const folder of walked) this.byFolder.set(folder, found);
    return found;
  }
}
