/**
 * The Secrets Manager backend's lookup patterns are Python regular expressions applied with
 * `re.match(pattern, key, re.IGNORECASE)`: anchored at the start only, case-insensitive. This
 * translates the Python-only syntax a pattern may use into JavaScript, or says why it cannot.
 */

export type CompiledPattern = { test(key: string): boolean } | { error: string };

const MAX_PATTERN = 1000;

/** The pattern as Airflow applies it, or why it cannot be checked here. */
export function compilePythonPattern(pattern: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN) return { error: `the pattern is longer than ${MAX_PATTERN} characters` };
  let source = pattern;
  let flags = 'i';
  // Global inline flags at the start: (?i) is what Airflow passes anyway; s and m have JS flags.
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    for (const f of inline[1]!) {
      if (f === 's' || f === 'm') flags += f;
      else if (f !== 'i' && f !== 'u') return { error: `its inline flag (?${f}) has no JavaScript equivalent` };
    }
    source = source.slice(inline[0].length);
  }
  if (/\(\?>|[*+?}]\+/.test(source)) return { error: 'it uses atomic groups or possessive quantifiers' };
  if (/\(\?[aiLmsux-]+[:)]/.test(source)) return { error: 'it uses scoped inline flags' };
  source = source
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    const re = new RegExp(`^(?:${source})`, flags);
    return { test: (key: string) => re.test(key) };
  } catch (err) {
    return { error: `it is not a regular expression JavaScript can run (${(err as Error).message})` };
  }
}
