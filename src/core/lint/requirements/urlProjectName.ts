/**
 * The project name in a URL requirement, found in linear time: from `#egg=name` (or `#…&egg=name`)
 * and from a wheel or sdist file name (`pkg-1.0-py3-none-any.whl`, `pkg-2.0.tar.gz`).
 *
 * These replace two regexes, `/#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)/` and
 * `/([A-Za-z0-9][A-Za-z0-9._]*?)-\d[^/]*\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/`, with the same
 * results: unanchored, both backtracked over every start position, quadratic on a 100 KB URL.
 */

const NAME_AT = /[A-Za-z0-9][A-Za-z0-9._-]*/y;
const ARCHIVE_SUFFIX = /\.(?:whl|zip|tar\.gz|tar\.bz2|tgz)$/;
/** What a regex `.` does not match. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

function nameAt(text: string, at: number): string | undefined {
  NAME_AT.lastIndex = at;
  return NAME_AT.exec(text)?.[0];
}

/** The name after the first `#` that has `egg=name` right after it or `&egg=name` anywhere later (the last such one). */
export function eggName(url: string): string | undefined {
  // A regex `.` never crosses a line terminator, so each stretch between them is matched on its own.
  for (const part of url.split(LINE_TERMINATOR)) {
    let hash = part.indexOf('#');
    if (hash < 0) continue;
    // The greedy `.*&` takes the last `&egg=name` of the stretch, whichever `#` precedes it.
    let amp = part.lastIndexOf('&egg=');
    while (amp > hash && nameAt(part, amp + 5) === undefined) amp = part.lastIndexOf('&egg=', amp - 1);
    for (; hash >= 0; hash = part.indexOf('#', hash + 1)) {
      if (amp > hash) return nameAt(part, amp + 5);
      if (part.startsWith('egg=', hash + 1)) {
        const name = nameAt(part, hash + 5);
        if (name !== undefined) return name;
      }
    }
  }
  return undefined;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isAlnum(c) || c === 46 /* . */ || c === 95 /* _ */;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** `pkg` in `…/pkg-1.0-py3-none-any.whl`: the first run of name characters in the last path segment followed by `-<digit>`. */
export function archiveName(path: string): string | undefined {
  // Nothing in a match may be a '/', so it lies in the last segment.
  const file = path.slice(path.lastIndexOf('/') + 1);
  const suffix = ARCHIVE_SUFFIX.exec(file);
  if (!suffix) return undefined;
  let start = -1;
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i);
    if (isNameChar(c)) {
      if (start < 0 && isAlnum(c)) start = i;
      continue;
    }
    // `-<digit>` has to end before the suffix's dot.
    if (start >= 0 && c === 45 /* - */ && isDigit(file.charCodeAt(i + 1)) && i + 2 <= suffix.index) return file.slice(start, i);
    start = -1;
  }
  return undefined;
}
