/**
 * Validates the conf a user types for a DAG run before any call is made, with the position of
 * the first error, so the input box can say exactly where the JSON breaks.
 */
export type ConfResult =
  | { ok: true; conf: Record<string, unknown> }
  | { ok: false; message: string; line?: number; column?: number; offset?: number };

/**
 * The deepest nesting of arrays and objects a conf may have: far above any real Airflow conf,
 * and low enough that whatever walks the value later (JSON.stringify for the request, which
 * overflows the stack a few thousand levels down) stays safe.
 */
export const MAX_CONF_DEPTH = 100;

export function parseConf(text: string): ConfResult {
  if (text.trim() === '') return { ok: true, conf: {} };
  let found: JsonError | undefined;
  let value: unknown;
  if (nestsDeeperThan(text, MAX_CONF_DEPTH)) {
    // Refused without JSON.parse; a syntax error before the too-deep bracket still comes first.
    found = findJsonError(text, MAX_CONF_DEPTH);
  }
  if (!found) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      found = findJsonError(text, MAX_CONF_DEPTH);
      if (!found) return { ok: false, message: `Invalid JSON: ${(err as Error).message}` };
    }
  }
  if (found) {
    const { line, column } = lineColumn(text, found.offset);
    if (found.tooDeep) {
      return { ok: false, message: `The conf nests deeper than ${MAX_CONF_DEPTH} levels (line ${line}, column ${column})`, line, column, offset: found.offset };
    }
    const what = found.offset < text.length ? `found ${JSON.stringify(text[found.offset])}` : 'found the end of the input';
    return { ok: false, message: `Invalid JSON at line ${line}, column ${column}: expected ${found.expected}, ${what}`, line, column, offset: found.offset };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `The conf must be a JSON object such as {"key": "value"}, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
  }
  return { ok: true, conf: value as Record<string, unknown> };
}

/** Whether brackets outside strings nest deeper than `max` anywhere (lenient and iterative: it only counts). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return false;
}

export interface JsonError {
  offset: number;
  expected: string;
  /** Set when the error is an array or object opened deeper than the scan's `maxDepth`. */
  tooDeep?: true;
}

// V8's JSON.parse message often names no position, so a strict scan finds it.
/**
 * Where the first syntax error in `text` is, by a strict JSON scan (run when JSON.parse failed
 * or the text nests too deep). Undefined when the scan finds none. The scan is iterative (an
 * explicit stack of open arrays and objects), so any depth is safe; an array or object opened
 * deeper than `maxDepth` is an error at its bracket, with `tooDeep` set.
 */
export function findJsonError(text: string, maxDepth = Infinity): JsonError | undefined {
  try {
    new JsonScan(text, maxDepth).run();
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as JsonError;
    throw e;
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** The strict scan behind findJsonError; an error is thrown as a JsonError. */
class JsonScan {
  private i = 0;
  // The closers of the open arrays and objects, innermost last.
  private readonly open: (']' | '}')[] = [];

  constructor(private readonly text: string, private readonly maxDepth: number) {}

  run(): void {
    const { text } = this;
    for (;;) {
      // A value starts here.
      this.ws();
      const c = text[this.i];
      if (c === '{' && this.enter('}')) continue;
      if (c === '[' && this.enter(']')) continue;
      if (c === '"') this.string();
      else if (c === 't') this.literal('true');
      else if (c === 'f') this.literal('false');
      else if (c === 'n') this.literal('null');
      else if (c !== '{' && c !== '[') this.number();
      if (!this.closeCompleted()) break;
    }
    this.ws();
    if (this.i < text.length) this.fail('the end of the input');
  }

  /** A value ended: closes what it completes; true when a comma asks for the next value. */
  private closeCompleted(): boolean {
    while (this.open.length > 0) {
      this.ws();
      const closer = this.open[this.open.length - 1]!;
      if (this.text[this.i] === ',') {
        this.i++;
        if (closer === '}') this.key();
        return true;
      }
      if (this.text[this.i] !== closer) this.fail(closer === '}' ? '"," or "}"' : '"," or "]"');
      this.i++;
      this.open.pop();
    }
    return false;
  }

  private ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  private fail(expected: string): never {
    // An escape at the very end steps past the input; the error is at its end.
    throw { offset: Math.min(this.i, this.text.length), expected };
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.i)) this.i += word.length;
    else this.fail(word);
  }

  private string(): void {
    const { text } = this;
    this.i++; // opening quote
    while (this.i < text.length && text[this.i] !== '"') {
      if (text[this.i] === '\\') this.i++;
      else if (text.charCodeAt(this.i) < 0x20) this.fail('no control characters in a string');
      this.i++;
    }
    if (this.i >= text.length) this.fail('a closing quote');
    this.i++;
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('a value');
    this.i += m![0].length;
  }

  private key(): void {
    this.ws();
    if (this.text[this.i] !== '"') this.fail('a quoted key');
    this.string();
    this.ws();
    if (this.text[this.i] !== ':') this.fail('":"');
    this.i++;
  }

  /** Opens an array or object; false when it is empty (a complete value). */
  private enter(closer: ']' | '}'): boolean {
    if (this.open.length >= this.maxDepth) throw { offset: this.i, expected: `at most ${this.maxDepth} levels of nesting`, tooDeep: true };
    this.i++;
    this.ws();
    if (this.text[this.i] === closer) {
      this.i++;
      return false;
    }
    this.open.push(closer);
    if (closer === '}') this.key();
    return true;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
