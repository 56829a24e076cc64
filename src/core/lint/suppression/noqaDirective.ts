/**
 * The grammar of ruff's suppression comments, read from one comment's text (from its `#`):
 * `# noqa`, `# noqa: AIR301, MWAA004` on a line, `# ruff: noqa[: codes]` and
 * `# flake8: noqa[: codes]` for a file. Checked against ruff 0.17's behaviour (see the tests):
 * `noqa` in any case, codes upper-case letters then digits separated by commas and/or spaces,
 * the first directive in a comment decides, an invalid one suppresses nothing.
 */

/** What a directive suppresses: everything, or findings with one of these exact codes. */
export type NoqaDirective = { readonly kind: 'all' } | { readonly kind: 'codes'; readonly codes: readonly string[] };

/** A directive that looked like one but cannot be read (it suppresses nothing); `reason` says why. */
export interface InvalidDirective {
  readonly kind: 'invalid';
  readonly reason: string;
}

export type DirectiveResult = NoqaDirective | InvalidDirective;

const ALL: NoqaDirective = { kind: 'all' };
// Comments longer than this are not directives anyone wrote by hand: read no further.
const MAX_COMMENT = 4096;

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

function isUpper(c: string | undefined): boolean {
  return c !== undefined && c >= 'A' && c <= 'Z';
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function skipSpace(s: string, i: number): number {
  while (isSpace(s[i])) i++;
  return i;
}

/** At `i` (after a `#`): whitespace then `noqa` in any case? The index after it, else -1. */
function afterNoqa(s: string, i: number): number {
  const j = skipSpace(s, i);
  return s.slice(j, j + 4).toLowerCase() === 'noqa' ? j + 4 : -1;
}

/**
 * What follows `noqa`: `:` (after optional spaces) starts the codes; spaces, `#` or the end make
 * it a blanket directive; anything else (`# noqa-x`, `# noqaAIR301`) is invalid.
 */
function lexAfterNoqa(s: string, i: number): DirectiveResult {
  const j = skipSpace(s, i);
  if (s[j] === ':') return lexCodes(s, j + 1);
  if (j > i || j >= s.length || s[j] === '#') return ALL;
  return { kind: 'invalid', reason: 'expected ":" followed by codes, e.g. "# noqa: AIR301, MWAA004"' };
}

/**
 * Codes after the colon: `AIR301, MWAA004`, `AIR301 MWAA004`, even `AIR301MWAA004`. Reading stops
 * at the first word that is not a code (a trailing remark) or at a `#`; a code followed by another
 * character (`AIR301.`, `AIR301: why`) makes the directive invalid, as ruff has it.
 */
function lexCodes(s: string, i: number): DirectiveResult {
  const codes: string[] = [];
  let joined = false;
  while (i < s.length) {
    i = skipSpace(s, i);
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (!isUpper(s[i])) break;
    const start = i;
    while (isUpper(s[i])) i++;
    if (!isDigit(s[i])) {
      if (joined) return invalidCode();
      break; // a remark in capitals: `# noqa: AIR301 TODO`
    }
    while (isDigit(s[i])) i++;
    codes.push(s.slice(start, i));
    const next = s[i];
    if (next === undefined) break;
    if (next === ',') i++;
    joined = isUpper(next);
    if (!joined && next !== ',' && next !== '#' && !isSpace(next)) return invalidCode();
  }
  if (codes.length === 0) return { kind: 'invalid', reason: 'expected codes after ":", e.g. "# noqa: AIR301, MWAA004"' };
  return { kind: 'codes', codes };
}

function invalidCode(): InvalidDirective {
  return { kind: 'invalid', reason: 'a code is upper-case letters followed by digits only, e.g. AIR301' };
}

/** The `#` positions of a comment, each a place a directive may start (`# TODO # noqa`). */
function* hashes(comment: string): Generator<number> {
  const text = comment.length > MAX_COMMENT ? comment.slice(0, MAX_COMMENT) : comment;
  for (let i = text.indexOf('#'); i >= 0; i = text.indexOf('#', i + 1)) yield i;
}

/** The line directive in a comment (`# noqa`, `# noqa: AIR301`), undefined when it has none. */
export function parseLineDirective(comment: string): DirectiveResult | undefined {
  for (const h of hashes(comment)) {
    const end = afterNoqa(comment, h + 1);
    if (end >= 0) return lexAfterNoqa(comment, end);
  }
  return undefined;
}

/**
 * The file directive in a comment: `# ruff: noqa`, `# flake8: noqa`, with codes after a colon.
 * `ruff` and `flake8` are lower-case, `noqa` any case. Whether the comment is on a line of its
 * own (ruff ignores a file directive after code) is for the caller to check.
 */
export function parseFileDirective(comment: string): DirectiveResult | undefined {
  for (const h of hashes(comment)) {
    let i = skipSpace(comment, h + 1);
    const tool = comment.startsWith('ruff', i) ? 4 : comment.startsWith('flake8', i) ? 6 : 0;
    if (tool === 0) continue;
    i = skipSpace(comment, i + tool);
    if (comment[i] !== ':') continue;
    const end = afterNoqa(comment, i + 1);
    if (end >= 0) return lexAfterNoqa(comment, end);
  }
  return undefined;
}

/** Whether a directive covers `code`. */
export function directiveCovers(directive: NoqaDirective, code: string): boolean {
  return directive.kind === 'all' || directive.codes.includes(code);
}
