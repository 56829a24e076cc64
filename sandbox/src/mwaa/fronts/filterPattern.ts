/**
 * The subset of CloudWatch Logs filter-pattern syntax the sandbox's live tail understands:
 *   - empty pattern: everything
 *   - plain terms `ERROR task`: every term must occur (case-sensitive, like CloudWatch)
 *   - quoted phrases `"Task exited"`: the exact phrase must occur
 *   - `-term` / `-"phrase"`: must NOT occur;  `?term`: at least one of the `?` terms must occur
 *   - `%regex%`: the message must match the regular expression (Live Tail supports regex)
 * JSON (`{ $.level = ... }`) and space-delimited (`[ip, user, ...]`) patterns are rejected with an
 * InvalidParameterException-style message rather than silently matching nothing.
 */
export type LogMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const p = (pattern ?? '').trim();
  if (!p) return () => true;
  if (p.startsWith('{') || p.startsWith('[')) {
    throw new Error(`sandbox live tail supports plain terms, "phrases", -exclusions, ?alternatives and %regex%; not JSON or space-delimited patterns: ${p}`);
  }
  if (p.length > 2 && p.startsWith('%') && p.endsWith('%')) {
    const re = new RegExp(p.slice(1, -1));
    return (m) => re.test(m);
  }
  const must: string[] = [];
  const mustNot: string[] = [];
  const any: string[] = [];
  const re = /([-?]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  for (let m = re.exec(p); m; m = re.exec(p)) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    if (m[1] === '-') mustNot.push(term);
    else if (m[1] === '?') any.push(term);
    else must.push(term);
  }
  return (msg) => must.every((t) => msg.includes(t))
    && !mustNot.some((t) => msg.includes(t))
    && (any.length === 0 || any.some((t) => msg.includes(t)));
}
