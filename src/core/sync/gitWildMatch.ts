/**
 * gitignore-style ("gitwildmatch") patterns, following the rules of Python's
 * `pathspec.GitWildMatchPattern`, which Airflow 3's glob `.airflowignore` uses. Also the matcher
 * for the user's `mwaa.sync.exclude` list, so both read the same way. Patterns compile to the
 * tokens of wildMatcher.ts (what the equivalent RegExp would say, matched without backtracking).
 */
import { ANY, char, NOT_SLASH, one, opt, star, WildMatcher, type WildToken } from './wildMatcher';

export interface WildPattern {
  /** The line as written (for messages). */
  readonly source: string;
  /** Whether the whole path matches (time linear in path x pattern length). */
  test(relPath: string): boolean;
  /** False for a `!` (re-include) pattern. */
  readonly include: boolean;
  /** A `/` at the start or in the middle: the pattern is relative to the ignore file's folder. */
  readonly anchored: boolean;
}

/**
 * One pattern line -> a matcher, or undefined for blank lines, comments, the no-op `/` and a
 * character class JavaScript cannot read (`[z-a]`). Paths given to `test` are POSIX, relative,
 * and end with `/` when they name a directory.
 */
export function compileWildPattern(line: string): WildPattern | undefined {
  let pattern = stripTrailingSpace(line);
  if (!pattern || pattern.startsWith('#')) return undefined;
  let include = true;
  if (pattern.startsWith('!')) {
    include = false;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('\\!') || pattern.startsWith('\\#')) {
    pattern = pattern.slice(1);
  }
  if (!pattern || pattern === '/') return undefined;
  const anchored = pattern.startsWith('/') || pattern.replace(/\/+$/, '').includes('/');
  const segs = pattern.split('/');
  if (segs[0] === '') {
    segs.shift(); // leading '/': anchored, nothing else to mark
  } else if (!anchored) {
    segs.unshift('**'); // no separator: matches at any depth
  }
  // A trailing '/' means "a directory": match the directory itself (`dir/`) and all below it.
  if (segs.length > 1 && segs[segs.length - 1] === '') segs[segs.length - 1] = '**';
  // Collapse runs of '**' (`a/**/**/b` == `a/**/b`).
  const parts = segs.filter((s, i) => !(s === '**' && segs[i - 1] === '**'));

  const tokens: WildToken[] = [];
  let needSlash = false;
  const last = parts.length - 1;
  try {
    parts.forEach((seg, i) => {
      if (seg === '**') {
        tokens.push(...globstar(i === 0, i === last));
        needSlash = i !== 0;
        return;
      }
      if (needSlash) tokens.push(char('/'));
      tokens.push(...(seg === '*' ? [one(NOT_SLASH), star(NOT_SLASH)] : translateSegment(seg)));
      // The last segment also matches everything below it (a directory's contents).
      if (i === last) tokens.push(opt(char('/'), star(ANY)));
      needSlash = true;
    });
  } catch {
    return undefined; // an invalid character class
  }
  const matcher = new WildMatcher(tokens);
  return { source: line, test: (p) => matcher.test(p), include, anchored };
}

/** `**` as RegExp would say it: first and last `[^/]+(?:/.*)?`, first `(?:.+/)?`, last `/.*`, middle `(?:/.+)?`. */
function globstar(first: boolean, last: boolean): WildToken[] {
  if (first && last) return [one(NOT_SLASH), star(NOT_SLASH), opt(char('/'), star(ANY))];
  if (first) return [opt(one(ANY), star(ANY), char('/'))];
  if (last) return [char('/'), star(ANY)];
  return [opt(char('/'), one(ANY), star(ANY))];
}

/** True when the last matching pattern of the list includes (= ignores) the path. */
export function matchWildPatterns(patterns: readonly WildPattern[], relPath: string): boolean {
  let matched = false;
  for (const p of patterns) if (p.test(relPath)) matched = p.include;
  return matched;
}

/** Git strips trailing spaces unless escaped with a backslash. */
function stripTrailingSpace(line: string): string {
  let s = line.replace(/\r$/, '');
  while (s.endsWith(' ') && !s.endsWith('\\ ')) s = s.slice(0, -1);
  return s.replace(/^\s+(?=#)/, '');
}

/** One path segment: `*`, `?`, `[...]` and backslash escapes; everything else literal. */
function translateSegment(seg: string): WildToken[] {
  const out: WildToken[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) {
      out.push(char(seg[++i]!));
    } else if (c === '*') {
      while (seg[i + 1] === '*') i++;
      out.push(star(NOT_SLASH));
    } else if (c === '?') {
      out.push(one(NOT_SLASH));
    } else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        out.push(char('['));
        continue;
      }
      out.push(one(characterClass(seg.slice(i + 1, close))));
      i = close;
    } else {
      out.push(char(c));
    }
  }
  return out;
}

/**
 * A bracket expression's test, read by a RegExp of that one class (`[!a-z]` -> `[^a-z]`), as the
 * pattern's RegExp read it: one character tested against one class cannot backtrack.
 */
function characterClass(body: string): (c: string) => boolean {
  if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
  const re = new RegExp('^[' + body.replace(/\\/g, '\\\\').replace(/^\^\]|^\]/, (m) => m.replace(']', '\\]')) + ']$', 's');
  return (c) => re.test(c);
}
