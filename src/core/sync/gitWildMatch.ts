/**
 * gitignore-style ("gitwildmatch") patterns compiled to RegExps, following the rules of Python's
 * `pathspec.GitWildMatchPattern`, which Airflow 3's glob `.airflowignore` uses. Also the matcher
 * for the user's `mwaa.sync.exclude` list, so both read the same way.
 */

export interface WildPattern {
  /** The line as written (for messages). */
  readonly source: string;
  readonly regex: RegExp;
  /** False for a `!` (re-include) pattern. */
  readonly include: boolean;
  /** A `/` at the start or in the middle: the pattern is relative to the ignore file's folder. */
  readonly anchored: boolean;
}

/**
 * One pattern line -> a matcher, or undefined for blank lines, comments and the no-op `/`.
 * Paths given to `regex` are POSIX, relative, and end with `/` when they name a directory.
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

  let re = '^';
  let needSlash = false;
  const last = parts.length - 1;
  parts.forEach((seg, i) => {
    if (seg === '**') {
      if (i === 0 && i === last) re += '[^/]+(?:/.*)?';
      else if (i === 0) re += '(?:.+/)?';
      else if (i === last) re += '/.*';
      else re += '(?:/.+)?';
      needSlash = i !== 0;
      return;
    }
    if (needSlash) re += '/';
    re += seg === '*' ? '[^/]+' : translateSegment(seg);
    // The last segment also matches everything below it (a directory's contents).
    if (i === last) re += '(?:/.*)?';
    needSlash = true;
  });
  re += '$';
  return { source: line, regex: new RegExp(re, 's'), include, anchored };
}

/** True when the last matching pattern of the list includes (= ignores) the path. */
export function matchWildPatterns(patterns: readonly WildPattern[], relPath: string): boolean {
  let matched = false;
  for (const p of patterns) if (p.regex.test(relPath)) matched = p.include;
  return matched;
}

/** Git strips trailing spaces unless escaped with a backslash. */
function stripTrailingSpace(line: string): string {
  let s = line.replace(/\r$/, '');
  while (s.endsWith(' ') && !s.endsWith('\\ ')) s = s.slice(0, -1);
  return s.replace(/^\s+(?=#)/, '');
}

/** One path segment: `*`, `?`, `[...]` and backslash escapes; everything else literal. */
function translateSegment(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) {
      out += escapeRegex(seg[++i]!);
    } else if (c === '*') {
      while (seg[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      out += '[' + body.replace(/\\/g, '\\\\').replace(/^\^\]|^\]/, (m) => m.replace(']', '\\]')) + ']';
      i = close;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
