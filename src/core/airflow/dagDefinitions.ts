/**
 * Where DAGs are defined in a Python file, by a cheap scan (no parser: it runs for CodeLenses on
 * every open file under a bound folder). `DAG("id")`, `DAG(dag_id="id")`, `with DAG(...)`,
 * `@dag` / `@dag(...)` (the function's name, unless dag_id is given). The lint core's parser-based
 * extractor stays the authority for diagnostics; this only places lenses.
 */
export interface DagSite {
  readonly dagId: string;
  /** 0-based line of the `DAG(` call or the `@dag` decorator. */
  readonly line: number;
}

const DAG_CALL = /(?<![\w.])(?:[\w.]*\.)?DAG\s*\(/g;
const DAG_DECORATOR = /^[ \t]*@(?:[\w.]*\.)?dag\b\s*(\()?/gm;
const STRING = String.raw`(?:[rRuU]?"((?:[^"\\\n]|\\.)*)"|[rRuU]?'((?:[^'\\\n]|\\.)*)')`;
const FIRST_ARG = new RegExp(String.raw`^\s*${STRING}`);
const DAG_ID_KW = new RegExp(String.raw`\bdag_id\s*=\s*${STRING}`);

export function findDagSites(text: string): DagSite[] {
  if (!/\bDAG\b|@\s*[\w.]*dag\b/.test(text)) return [];
  const sites: DagSite[] = [];
  const lineOf = (offset: number) => countNewlines(text, offset);
  for (const m of text.matchAll(DAG_CALL)) {
    const start = m.index! + m[0].length;
    if (isCommentOrString(text, m.index!)) continue;
    const args = argumentText(text, start);
    const first = FIRST_ARG.exec(args);
    const kw = DAG_ID_KW.exec(args);
    const id = first ? first[1] ?? first[2] : kw ? kw[1] ?? kw[2] : undefined;
    if (id) sites.push({ dagId: id, line: lineOf(m.index!) });
  }
  for (const m of text.matchAll(DAG_DECORATOR)) {
    let after = m.index! + m[0].length;
    let id: string | undefined;
    if (m[1]) {
      const args = argumentText(text, after);
      const kw = DAG_ID_KW.exec(args);
      id = kw ? kw[1] ?? kw[2] : undefined;
      after += args.length;
    }
    if (!id) id = /^[^]*?\bdef\s+(\w+)/.exec(text.slice(after, after + 2000))?.[1];
    if (id) sites.push({ dagId: id, line: lineOf(m.index! + m[0].indexOf('@')) });
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** The text of a call's arguments up to its closing parenthesis (strings and nesting respected). */
function argumentText(text: string, start: number): string {
  let depth = 1;
  let quote: string | undefined;
  for (let i = start; i < text.length && i < start + 20_000; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return text.slice(start, i);
    }
  }
  return text.slice(start, start + 2000);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** True when the match sits after a `#` on its line or inside a one-line string (a cheap check). */
function isCommentOrString(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  if (before.includes('#')) return true;
  return (before.split('"').length - 1) % 2 === 1 || (before.split("'").length - 1) % 2 === 1;
}
