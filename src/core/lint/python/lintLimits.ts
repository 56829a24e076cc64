import type { Finding, Severity } from '../types';

/**
 * Bounds on what one file can cost the linter and what it can hand back. A DAG file comes from
 * the workspace, which is not trusted: none of these is reached by real code, each stops an input
 * built to make linting quadratic or its output unbounded.
 */

/** Findings listed per file; past it one finding says how many more there are. */
export const MAX_FINDINGS_PER_FILE = 1000;
/** A rule stops collecting here: past it the number of hidden findings is "at least". */
export const RULE_FINDINGS_CEILING = 5 * MAX_FINDINGS_PER_FILE;
/** Characters of one message (a message quotes names and dag_ids from the file). */
export const MAX_MESSAGE_CHARS = 1000;
/**
 * Links of an attribute chain (`a.b.c` has two) resolved against the imports. Airflow's longest
 * dotted path has about ten; a longer chain is not resolved at all (it names nothing in the tables).
 */
export const MAX_CHAIN_LINKS = 64;
/** Characters of a resolved dotted path: the rule tables' longest is far shorter. */
export const MAX_DOTTED_CHARS = 512;
/**
 * Tree levels below the module that are analysed. CPython refuses more than 200 nested brackets;
 * real DAG files nest a few dozen levels. Deeper subtrees are skipped, with one finding saying so.
 */
export const MAX_NESTING_DEPTH = 256;
/** Syntax errors reported per file (the first ones say where to look). */
export const MAX_SYNTAX_FINDINGS = 20;
/** Uses of a renamed import edited by its quick fix; with more, the fix is not offered. */
export const MAX_RENAME_USES = 1000;

export const FINDINGS_NOT_SHOWN_CODE = 'MWAA006';
export const TOO_DEEP_CODE = 'MWAA007';
export const NOT_CHECKED_CODE = 'MWAA008';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** `text` cut to `max` characters, marked with an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Findings (sorted by position) as a file's result: messages cut to MAX_MESSAGE_CHARS, at most
 * MAX_FINDINGS_PER_FILE of them, then one at the top of the file saying how many more there are,
 * as severe as the worst hidden one (so an exit code or a Problems filter sees the same).
 * `complete`: false when a rule stopped at RULE_FINDINGS_CEILING (the count is then a lower bound).
 */
export function limitFindings(findings: readonly Finding[], complete = true): { findings: Finding[]; truncated: boolean } {
  const out: Finding[] = [];
  let worst: Severity = 'info';
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (i < MAX_FINDINGS_PER_FILE) out.push(f.message.length > MAX_MESSAGE_CHARS ? { ...f, message: clipText(f.message, MAX_MESSAGE_CHARS) } : f);
    else if (RANK[f.severity] > RANK[worst]) worst = f.severity;
  }
  const hidden = findings.length - out.length;
  if (hidden === 0 && complete) return { findings: out, truncated: false };
  if (hidden === 0) return { findings: out, truncated: true };
  const count = complete ? `${hidden}` : `At least ${hidden}`;
  out.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    code: FINDINGS_NOT_SHOWN_CODE,
    severity: worst,
    message: `${count} more finding(s) in this file are not shown: at most ${MAX_FINDINGS_PER_FILE} are listed per file`,
    fixes: [],
  });
  return { findings: out, truncated: true };
}

/** A file the linter gave up on (it timed out, or the lint worker stopped): said once, at its top. */
export function notCheckedFinding(reason: string): Finding {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    code: NOT_CHECKED_CODE,
    severity: 'warning',
    message: `Not checked: ${reason}, so the MWAA linter stopped`,
    fixes: [],
  };
}
