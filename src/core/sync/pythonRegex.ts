/**
 * Airflow 2's `.airflowignore` lines are Python `re` patterns, which we evaluate with JavaScript's
 * backtracking engine. The file comes from the workspace, so a pattern is used only when its
 * worst case stays small: at most MAX_REGEX_LENGTH characters; no repeated group that itself
 * repeats or alternates (`(a+)+`, `(a|aa)*`: exponential); and the ways a path can be split among
 * its repeats and alternatives one after another (`.*a.*a.*b`, `a?a?a?…`, `(a|b)(a|b)…`)
 * multiply to at most MAX_BACKTRACKING, an unbounded repeat counting as MAX_TESTED_PATH ways
 * (two `.*` at most). Paths longer than MAX_TESTED_PATH are not tried at all (airflowIgnore.ts).
 * With those bounds the worst pattern takes a few milliseconds on the longest path.
 */

export const MAX_REGEX_LENGTH = 512;
export const MAX_TESTED_PATH = 256;
export const MAX_BACKTRACKING = MAX_TESTED_PATH ** 2;

export type PythonRegex =
  | { readonly ok: true; readonly regex: RegExp }
  | { readonly ok: false; readonly invalid: boolean; readonly reason: string };

/** A Python `re` pattern as a JS RegExp (for the constructs that differ), or why it is not used. */
export function pythonRegex(source: string): PythonRegex {
  if (source.length > MAX_REGEX_LENGTH) return unsafe(`it is longer than ${MAX_REGEX_LENGTH} characters`);
  const risk = backtrackingRisk(source);
  if (risk) return unsafe(risk);
  let flags = '';
  let body = source.replace(/^\(\?([aiLmsux]+)\)/, (_m, f: string) => {
    if (f.includes('i')) flags += 'i';
    if (f.includes('m')) flags += 'm';
    if (f.includes('s')) flags += 's';
    return '';
  });
  body = body.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  try {
    return { ok: true, regex: new RegExp(body, flags) };
  } catch {
    return { ok: false, invalid: true, reason: 'it is not a valid regular expression' };
  }
}

const unsafe = (reason: string): PythonRegex => ({ ok: false, invalid: false, reason });

interface Group {
  /** Holds a repeat or a `|`, directly or in a group inside it. */
  varies: boolean;
  alternatives: number;
}

/** Why the pattern could backtrack for long on a short path, or undefined. One pass over the source. */
export function backtrackingRisk(source: string): string | undefined {
  const stack: Group[] = [{ varies: false, alternatives: 1 }];
  let ways = 1;
  const tooMany = () => `its repeats and alternatives allow more than ${MAX_BACKTRACKING} ways to split a path (at most two unbounded repeats such as .* or +)`;
  // What a repeat after this point applies to: nothing yet, a single atom, or the group just closed.
  let atom: 'none' | 'simple' | Group = 'none';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const repeat = atom === 'none' ? undefined : repeatAt(source, i);
    if (repeat) {
      if (typeof atom === 'object' && atom.varies) return 'a repeated group contains a repeat or an alternative (nested quantifiers)';
      stack[stack.length - 1]!.varies = true;
      if ((ways *= repeat.ways) > MAX_BACKTRACKING) return tooMany();
      i = repeat.end - 1;
      atom = 'none';
      continue;
    }
    if (c === '\\') {
      i++;
      atom = 'simple';
    } else if (c === '[') {
      i = classEnd(source, i);
      atom = 'simple';
    } else if (c === '(') {
      stack.push({ varies: false, alternatives: 1 });
      atom = 'none'; // `(?:`, `(?P<`: a `?` right after `(` is no repeat
    } else if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      if (group.varies) stack[stack.length - 1]!.varies = true;
      if ((ways *= group.alternatives) > MAX_BACKTRACKING) return tooMany();
      atom = group;
    } else if (c === '|') {
      stack[stack.length - 1]!.varies = true;
      stack[stack.length - 1]!.alternatives++;
      atom = 'none';
    } else {
      atom = 'simple';
    }
  }
  return ways * stack[0]!.alternatives > MAX_BACKTRACKING ? tooMany() : undefined;
}

/**
 * A repeat starting at `i` (`*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}`, each maybe lazy or possessive),
 * with how many lengths it can take on a path (an unbounded one: up to MAX_TESTED_PATH).
 */
function repeatAt(s: string, i: number): { end: number; ways: number } | undefined {
  const c = s[i];
  let end: number;
  let ways: number;
  if (c === '*' || c === '+' || c === '?') {
    end = i + 1;
    ways = c === '?' ? 2 : MAX_TESTED_PATH;
  } else if (c === '{') {
    const m = /^\{(\d*)(,(\d*))?\}/.exec(s.slice(i, i + 24));
    if (!m || (m[1] === '' && m[2] === undefined)) return undefined; // a literal brace
    end = i + m[0].length;
    const min = Number(m[1] || 0);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    ways = Math.min(MAX_TESTED_PATH, Math.max(1, max - min + 1));
  } else {
    return undefined;
  }
  if (s[end] === '?' || s[end] === '+') end++;
  return { end, ways };
}

/** The index of the `]` closing the class opened at `i` (`[]a]` and `[^]a]` hold a literal `]`). */
function classEnd(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '^') j++;
  if (s[j] === ']') j++;
  for (; j < s.length && s[j] !== ']'; j++) if (s[j] === '\\') j++;
  return j;
}
