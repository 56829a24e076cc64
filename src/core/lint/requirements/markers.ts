/**
 * PEP 508 environment markers (`pandas==1.5.3; python_version < "3.11"`), parsed with the grammar
 * of `packaging`, the library pip vendors: the same tokens, `and` binding tighter than `or`, and the
 * same failures (pip rejects the whole file when one marker does not parse).
 */
import { valid, validRange } from '@renovatebot/pep440';

export type MarkerVariable =
  | 'python_version'
  | 'python_full_version'
  | 'os_name'
  | 'sys_platform'
  | 'platform_release'
  | 'platform_system'
  | 'platform_version'
  | 'platform_machine'
  | 'platform_python_implementation'
  | 'implementation_name'
  | 'implementation_version'
  | 'extra';

export type MarkerValue = { readonly kind: 'variable'; readonly name: MarkerVariable } | { readonly kind: 'string'; readonly value: string };
export type MarkerOp = '===' | '==' | '~=' | '!=' | '<=' | '>=' | '<' | '>' | 'in' | 'not in';

export interface MarkerComparison {
  readonly kind: 'compare';
  readonly lhs: MarkerValue;
  readonly op: MarkerOp;
  readonly rhs: MarkerValue;
}

/** Groups joined by `or`, each a list of terms joined by `and`. */
export interface MarkerOr {
  readonly kind: 'or';
  readonly groups: readonly (readonly MarkerNode[])[];
}

export type MarkerNode = MarkerComparison | MarkerOr;

/** A parsed marker, or why pip rejects it with the offsets (in the marker text) of the culprit. */
export type MarkerParse = { readonly marker: MarkerNode } | { readonly error: string; readonly start: number; readonly end: number };

/** Variables whose values are versions: pip compares them as versions (PEP 440) when the other side is one. */
export const VERSION_VARIABLES: ReadonlySet<MarkerVariable> = new Set(['python_version', 'python_full_version', 'implementation_version', 'platform_release']);

/** Parentheses nested deeper than this are refused (no real marker comes near; the parser recurses). */
export const MAX_MARKER_DEPTH = 32;

const WS = /[ \t]+/y;
const LEFT = /\(/y;
const RIGHT = /\)/y;
const QUOTED = /'[^']*'|"[^"]*"/y;
const OP = /===|==|~=|!=|<=|>=|<|>/y;
const BOOLOP = /\b(?:or|and)\b/y;
const IN = /\bin\b/y;
const NOT = /\bnot\b/y;
const VARIABLE = /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y;
/** What the culprit is, for a message: the next word or character. */
const NEXT_WORD = /'[^']*'|"[^"]*"|[A-Za-z0-9_.]+|\S/y;

class MarkerSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

/** Parses the text after `;` of a requirement. */
export function parseMarker(text: string): MarkerParse {
  const parser = new MarkerParser(text);
  try {
    return { marker: parser.parse() };
  } catch (err) {
    if (!(err instanceof MarkerSyntaxError)) throw err;
    return { error: err.message, start: err.start, end: Math.max(err.end, err.start) };
  }
}

class MarkerParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  parse(): MarkerNode {
    const marker = this.marker();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`expected "and", "or" or the end of the marker, found ${this.culprit()}`);
    return marker;
  }

  private marker(): MarkerNode {
    const groups: MarkerNode[][] = [[this.atom()]];
    for (let op = this.read(BOOLOP); op !== undefined; op = this.read(BOOLOP)) {
      const next = this.atom();
      if (op === 'or') groups.push([next]);
      else groups[groups.length - 1]!.push(next);
    }
    return groups.length === 1 && groups[0]!.length === 1 ? groups[0]![0]! : { kind: 'or', groups };
  }

  private atom(): MarkerNode {
    this.skipSpace();
    const open = this.pos;
    if (this.read(LEFT) === undefined) {
      const item = this.comparison();
      this.skipSpace();
      return item;
    }
    if (++this.depth > MAX_MARKER_DEPTH) this.fail(`parentheses nested more than ${MAX_MARKER_DEPTH} deep`, open);
    const inner = this.marker();
    this.skipSpace();
    if (this.read(RIGHT) === undefined) this.fail(`expected ")" to close the "(" at character ${open + 1}, found ${this.culprit()}`);
    this.depth--;
    this.skipSpace();
    return inner;
  }

  private comparison(): MarkerComparison {
    const start = this.pos;
    const lhs = this.value();
    this.skipSpace();
    const op = this.operator();
    this.skipSpace();
    const rhs = this.value();
    this.skipSpace();
    if (lhs.kind === 'string' && rhs.kind === 'string') {
      this.fail('compares two quoted strings: one side has to be a marker variable such as python_version or sys_platform', start, this.pos);
    }
    if (op === '~=' || op === '===') this.checkVersionOperator(lhs, op, rhs, start);
    return { kind: 'compare', lhs, op, rhs };
  }

  /**
   * `~=` and `===` compare versions only: pip fails on them with a variable that is no version
   * (sys_platform), and on `~=` with a right side that is no version of two parts or more.
   */
  private checkVersionOperator(lhs: MarkerValue, op: MarkerOp, rhs: MarkerValue, start: number): void {
    // pip takes the left side for a version and `<op><right side>` for a specifier, which
    // platform_version (with spaces) never makes; ~= has no string meaning at all.
    const other = [lhs, rhs].find((v) => v.kind === 'variable' && !VERSION_VARIABLES.has(v.name));
    const neverSpecifier = other?.kind === 'variable' && other.name === 'platform_version';
    if (other?.kind === 'variable' && (op === '~=' || other === lhs || neverSpecifier || (lhs.kind === 'string' && !valid(lhs.value)))) {
      this.fail(`"${op}" compares versions, and ${other.name} is not one`, start, this.pos);
    }
    // With the variable on the left, the right side is taken as written (a variable there by its name).
    const right = rhs.kind === 'string' ? rhs.value : rhs.name;
    if (op === '~=' && lhs.kind === 'variable' && (right.includes(',') || !validRange(`~=${right}`))) {
      this.fail(`"~=" needs a version of at least two parts on its right (such as "3.11"), not "${right.slice(0, 40)}"`, start, this.pos);
    }
  }

  private value(): MarkerValue {
    const at = this.pos;
    const variable = this.read(VARIABLE);
    if (variable !== undefined) {
      if (variable === 'extras' || variable === 'dependency_groups') {
        this.fail(`"${variable}" is a lock-file marker (PEP 751): pip cannot evaluate it in a requirements file`, at, this.pos);
      }
      const name = variable.replace('.', '_');
      return { kind: 'variable', name: (name === 'python_implementation' ? 'platform_python_implementation' : name) as MarkerVariable };
    }
    const quoted = this.read(QUOTED);
    // packaging reads the quoted text as a Python literal; escapes are not expanded here.
    if (quoted !== undefined) return { kind: 'string', value: quoted.slice(1, -1) };
    return this.fail(`expected a marker variable (python_version, sys_platform, platform_machine, …) or a quoted string, found ${this.culprit()}`);
  }

  private operator(): MarkerOp {
    if (this.read(IN) !== undefined) return 'in';
    if (this.read(NOT) !== undefined) {
      if (this.read(WS) === undefined || this.read(IN) === undefined) this.fail(`expected "in" after "not", found ${this.culprit()}`);
      return 'not in';
    }
    const op = this.read(OP);
    if (op !== undefined) return op as MarkerOp;
    return this.fail(`expected a comparison (<, <=, ==, !=, >=, >, ~=, ===, in, not in), found ${this.culprit()}`);
  }

  private skipSpace(): void {
    this.read(WS);
  }

  private read(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private culprit(): string {
    if (this.pos >= this.text.length) return 'the end of the marker';
    NEXT_WORD.lastIndex = this.pos;
    const word = (NEXT_WORD.exec(this.text)?.[0] ?? this.text[this.pos]!).slice(0, 40);
    return /^["']/.test(word) ? word : `"${word}"`;
  }

  /** Throws the error; without an end it spans the word (or character) at `start`. */
  private fail(message: string, start = this.pos, end?: number): never {
    NEXT_WORD.lastIndex = start;
    throw new MarkerSyntaxError(message, start, end ?? start + (NEXT_WORD.exec(this.text)?.[0].length ?? 0));
  }
}
