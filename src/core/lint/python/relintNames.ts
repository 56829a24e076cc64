/**
 * Names whose mention in an edited statement makes the incremental linter re-lint the whole file,
 * for rules that read one statement to judge another: a variable bound to a context value in one
 * statement and read in the next, a `default_args` dict passed to a DAG elsewhere. Read from the
 * text only (this runs on every keystroke's statement).
 */

/** Members of context values the context rules follow through variables (`dr = context["dag_run"]; dr.external_trigger`). */
export const FOLLOWED_CONTEXT_MEMBERS: readonly string[] = ['external_trigger'];

/** Occurrences of a word looked at, and characters before one searched for its line's `name =`. */
const MAX_OCCURRENCES = 1000;
const MAX_LINE_LOOKBACK = 400;
const LINE_ASSIGNMENT = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)/;
const DEFAULT_ARGS_VARIABLE = /(?<![A-Za-z0-9_.])default_args[ \t]*=(?!=)[ \t]*([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_.([])/g;

export function relintNames(text: string): Set<string> {
  const out = new Set<string>();
  // `ctx = get_current_context()` makes `ctx` a context for the rest of its function.
  if (text.includes('get_current_context')) out.add('get_current_context');
  // `events = context["inlet_events"]`: the variable's subscripts are checked elsewhere.
  assignedOnLinesWith(text, 'inlet_events', out);
  // `DAG(default_args=args)`: the dict bound to `args` is checked for a dynamic start_date.
  DEFAULT_ARGS_VARIABLE.lastIndex = 0;
  let n = 0;
  for (let m = DEFAULT_ARGS_VARIABLE.exec(text); m && n < MAX_OCCURRENCES; m = DEFAULT_ARGS_VARIABLE.exec(text), n++) out.add(m[1]!);
  return out;
}

/** The `name` of `name = ...` lines that contain `word` (a few hundred characters after the name at most). */
function assignedOnLinesWith(text: string, word: string, out: Set<string>): void {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0 && n < MAX_OCCURRENCES; at = text.indexOf(word, at + word.length), n++) {
    const from = Math.max(0, at - MAX_LINE_LOOKBACK);
    const before = text.slice(from, at);
    const nl = before.lastIndexOf('\n');
    // The line starts further back than the lookback: not a short `name = ...` line.
    if (nl < 0 && from > 0) continue;
    const m = LINE_ASSIGNMENT.exec(before.slice(nl + 1));
    if (m) out.add(m[1]!);
  }
}
