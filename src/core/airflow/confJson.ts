/**
 * Validates the conf a user types for a DAG run before any call is made, with the position of
 * the first error, so the input box can say exactly where the JSON breaks.
 */
export type ConfResult =
  | { ok: true; conf: Record<string, unknown> }
  | { ok: false; message: string; line?: number; column?: number; offset?: number };

export function parseConf(text: string): ConfResult {
  if (text.trim() === '') return { ok: true, conf: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const found = findJsonError(text);
    if (!found) return { ok: false, message: `Invalid JSON: ${(err as Error).message}` };
    const { line, column } = lineColumn(text, found.offset);
    const what = found.offset < text.length ? `found ${JSON.stringify(text[found.offset])}` : 'found the end of the input';
    return { ok: false, message: `Invalid JSON at line ${line}, column ${column}: expected ${found.expected}, ${what}`, line, column, offset: found.offset };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `The conf must be a JSON object such as {"key": "value"}, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
  }
  return { ok: true, conf: value as Record<string, unknown> };
}

// V8's JSON.parse message often names no position, so a strict scan finds it.
/**
 * Where the first syntax error in `text` is, by a strict JSON scan (only run after JSON.parse
 * failed, so speed does not matter). Undefined when the scan finds none.
 */
export function findJsonError(text: string): { offset: number; expected: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (expected: string): never => {
    // An escape at the very end steps past the input; the error is at its end.
    throw { offset: Math.min(i, text.length), expected };
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(word);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('no control characters in a string');
      i++;
    }
    if (i >= text.length) fail('a closing quote');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a quoted key');
        string();
        ws();
        if (text[i] !== ':') fail('":"');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('"," or "}"');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('"," or "]"');
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the input');
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; expected: string };
    throw e;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
