/**
 * MWAA's allowed `/aws_mwaa/cli` commands (Airflow v2 table of the MWAA user guide). The v3 list
 * is not published; the sandbox applies the same list and lets the real CLI reject what 3.x lacks.
 */
const ALLOWED: Record<string, string[] | true> = {
  'cheat-sheet': true,
  version: true,
  connections: ['add', 'delete'],
  dags: ['backfill', 'delete', 'list', 'list-jobs', 'list-runs', 'next-execution', 'pause', 'report', 'show', 'state', 'test', 'trigger', 'unpause', 'list-import-errors'],
  providers: ['behaviours', 'get', 'hooks', 'links', 'list', 'widgets'],
  roles: ['create', 'list'],
  tasks: ['clear', 'failed-deps', 'list', 'render', 'state', 'states-for-dag-run', 'test'],
  variables: ['delete', 'get', 'set', 'list'],
};

/** Splits a command line like a POSIX shell would for simple quoting ('…', "…", backslash). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") { quote = c; has = true; }
    else if (c === '\\' && i + 1 < line.length) { cur += line[++i]; has = true; }
    else if (/\s/.test(c)) { if (has) { out.push(cur); cur = ''; has = false; } }
    else { cur += c; has = true; }
  }
  if (quote) throw new Error('unterminated quote in CLI command');
  if (has) out.push(cur);
  return out;
}

/** undefined when allowed, else the reason. */
export function disallowedReason(args: string[]): string | undefined {
  const [group, sub] = args;
  if (!group) return 'empty command';
  const allowed = ALLOWED[group];
  if (allowed === true) return undefined;
  if (!allowed) return `airflow ${group} is not a supported command in Amazon MWAA`;
  if (!sub || !allowed.includes(sub)) return `airflow ${group} ${sub ?? ''} is not a supported command in Amazon MWAA`.replace(/\s+is/, ' is');
  return undefined;
}
