import { isSelector, parseSelector, type RuleSelector } from '../core/lint/suppression/ruleSelectors';
import type { CliIo } from './cliIo';

export const USAGE = `Usage: mwaa-lint [--airflow-version X.Y.Z] [--upgrade-target X.Y] [--format text|json] [--dag-folder DIR] [--jobs N]
                 [--select CODES] [--ignore CODES] [--isolated] PATHS...
       mwaa-lint --parse [--airflow-version X.Y.Z] [--requirements FILE] [--plugins DIR] [--format text|json] PATHS...
       mwaa-lint --resolve [--airflow-version X.Y.Z] [--plugins DIR] [--format text|json] REQUIREMENTS...
Lints Airflow DAG files, folders and requirements files for Amazon MWAA.
--jobs N: threads for Python files (default: one per core; large file sets only).
--select, --ignore: comma-separated codes or prefixes as in ruff (ALL, AIR, AIR3, MWAA004, REQ); the most
  specific one decides. They apply over [tool.mwaa-lint] in the nearest pyproject.toml (select, ignore,
  extend-select, airflow-version), which --isolated leaves unread. "# noqa" comments apply as in ruff.
--parse: imports each DAG file with Airflow's own DagBag in a local runtime matching MWAA's (the version's
  Airflow, Python, MWAA's packages and pins, plus --requirements); runs the files' top-level code.
--resolve: resolves each requirements file with uv for MWAA's platform under MWAA's installer rules.
Exit code: 0 no errors, 1 errors found, 2 bad usage.`;

export interface CliArgs {
  airflowVersion?: string;
  upgradeTarget?: string;
  format: 'text' | 'json';
  dagFolder?: string;
  jobs?: number;
  mode?: 'parse' | 'resolve';
  requirements?: string;
  plugins?: string;
  /** `--select` (all of them, in order); undefined when not given. */
  select?: RuleSelector[];
  ignore?: RuleSelector[];
  /** `--isolated`: no pyproject.toml is read. */
  isolated: boolean;
  paths: string[];
}

export class UsageError extends Error {}

/** `AIR3,MWAA004` (commas and/or spaces; empty items skipped) as selectors, else a usage error naming the bad one. */
export function parseSelectorList(flag: string, value: string): RuleSelector[] {
  const out: RuleSelector[] = [];
  for (const item of value.split(/[,\s]+/)) {
    if (!item) continue;
    const s = parseSelector(item);
    if (!isSelector(s)) throw new UsageError(`${flag}: ${s.problem}`);
    out.push(s);
  }
  if (out.length === 0) throw new UsageError(`${flag} needs codes or prefixes such as AIR3,MWAA004`);
  return out;
}

function parseArgs(argv: readonly string[]): CliArgs | 'help' {
  const args: CliArgs = { format: 'text', isolated: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (!applyFlag(args, flag, value)) {
      if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
      args.paths.push(a);
    }
  }
  if (args.paths.length === 0) throw new UsageError('no PATHS given');
  return args;
}

/** Applies one option; false when `flag` is not an option (a path). */
function applyFlag(args: CliArgs, flag: string, value: () => string): boolean {
  switch (flag) {
    case '--airflow-version':
      args.airflowVersion = value();
      return true;
    case '--upgrade-target':
      args.upgradeTarget = value();
      return true;
    case '--dag-folder':
      args.dagFolder = value();
      return true;
    case '--parse':
    case '--resolve':
      if (args.mode && args.mode !== flag.slice(2)) throw new UsageError('--parse and --resolve cannot be combined');
      args.mode = flag.slice(2) as 'parse' | 'resolve';
      return true;
    case '--requirements':
      args.requirements = value();
      return true;
    case '--plugins':
      args.plugins = value();
      return true;
    case '--select':
    case '--ignore': {
      const key = flag === '--select' ? 'select' : 'ignore';
      args[key] = [...(args[key] ?? []), ...parseSelectorList(flag, value())];
      return true;
    }
    case '--isolated':
      args.isolated = true;
      return true;
    case '--jobs': {
      const n = value();
      if (!/^[1-9][0-9]*$/.test(n)) throw new UsageError(`--jobs must be a whole number of threads (1 or more), not ${n}`);
      args.jobs = parseInt(n, 10);
      return true;
    }
    case '--format': {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not ${f}`);
      args.format = f;
      return true;
    }
    default:
      return false;
  }
}

/** The parsed arguments, or the exit code after printing the usage (help: 0, bad usage: 2). */
export function parseArgsOrExit(argv: readonly string[], io: CliIo): CliArgs | number {
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
