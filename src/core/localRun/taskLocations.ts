/**
 * Where tasks and DAGs are defined in a Python file, for the Run/Debug Locally CodeLenses: one
 * bounded, linear scan (no parser: it runs on every open DAG file). Tasks are operator calls with a
 * literal `task_id=` (a class name, or `.override(task_id=...)`), and `@task` / `@task.xxx`
 * functions (the function's name, or `task_id=` in the decorator); ids built at run time (f-strings,
 * variables) are not guessed. A task's DAG is the `with DAG` / `@dag` block holding it, its `dag=`
 * variable, or the file's only DAG; `with TaskGroup("g")` prefixes ids as Airflow does (`g.t`).
 */
import { findDagSites } from '../airflow/dagDefinitions';

export interface DagLocation {
  readonly dagId: string;
  /** 0-based line of the DAG's definition. */
  readonly line: number;
}

export interface TaskLocation {
  readonly taskId: string;
  /** 0-based line of the operator call or of the `@task` decorator. */
  readonly line: number;
  /** The DAG it belongs to, when the file says; undefined when it could be any of several. */
  readonly dagId: string | undefined;
  readonly kind: 'operator' | 'decorator';
}

export interface LocalRunSites {
  readonly dags: readonly DagLocation[];
  readonly tasks: readonly TaskLocation[];
}

/** Past this many characters a file is not scanned (no lenses): a generated file, not a DAG. */
export const MAX_SCANNED_CHARS = 1_000_000;
const MAX_TASKS = 2000;
const MAX_BLOCKS = 500;
/** Airflow's id charset (letters, digits, `_`, `-`, `.`), bounded as Airflow bounds it. */
const ID = /^[A-Za-z0-9_.-]{1,250}$/;
const STRING_PREFIX = /^(?:[rRbBuU]|[rR][bB]|[bB][rR])$/;
const F_PREFIX = /^(?:[fF]|[rR][fF]|[fF][rR])$/;
const TRACKED_KW = new Set(['task_id', 'dag', 'group_id', 'prefix_group_id']);

/** A call as the scan saw it: callee, literal keyword values, first positional string. */
interface Call {
  readonly open: number;
  readonly callee: string;
  readonly calleeStart: number;
  readonly decorator: boolean;
  readonly kw: Map<string, { readonly value: string; readonly literal: boolean }>;
  firstString: string | undefined;
  sawToken: boolean;
}

interface Scan {
  readonly calls: Call[];
  /** Per line: true when it continues a logical line (inside brackets, a string, after `\`). */
  readonly continuation: boolean[];
  readonly lineStarts: number[];
}

export function findLocalRunSites(text: string): LocalRunSites {
  if (text.length > MAX_SCANNED_CHARS) return { dags: [], tasks: [] };
  const dags = findDagSites(text).map((d) => ({ dagId: d.dagId, line: d.line }));
  if (!/task/.test(text)) return { dags, tasks: [] };
  const scan = scanPython(text);
  const lines = new LineIndex(text, scan);
  const dagVars = dagVariables(dags, lines);
  const dagBlocks = dagBlocksOf(dags, lines, dagVars);
  const groups = taskGroupBlocks(scan.calls, lines);
  const onlyDag = new Set(dags.map((d) => d.dagId)).size === 1 ? dags[0]!.dagId : undefined;
  const dagOf = (line: number, call?: Call): string | undefined => {
    const v = call?.kw.get('dag');
    if (v && !v.literal && dagVars.has(v.value)) return dagVars.get(v.value);
    return innermost(dagBlocks, line)?.id ?? onlyDag;
  };
  const prefixOf = (line: number) => groups.filter((g) => g.from <= line && line < g.to).sort((a, b) => a.from - b.from).map((g) => `${g.id}.`).join('');
  const tasks: TaskLocation[] = [];
  const seen = new Set<string>();
  const add = (t: TaskLocation) => {
    const key = `${t.dagId ?? ''}\0${t.taskId}`;
    if (seen.has(key) || tasks.length >= MAX_TASKS || !ID.test(t.taskId)) return;
    seen.add(key);
    tasks.push(t);
  };
  const decoratorCalls = new Map(scan.calls.filter((c) => c.decorator).map((c) => [lines.lineOf(c.calleeStart), c]));
  for (const call of scan.calls) {
    const id = call.kw.get('task_id');
    if (!id?.literal || call.decorator || !isTaskCallee(call.callee)) continue;
    const line = lines.lineOf(call.calleeStart);
    add({ taskId: prefixOf(line) + id.value, line, dagId: dagOf(line, call), kind: 'operator' });
  }
  for (const d of taskDecorators(lines, decoratorCalls)) add({ taskId: prefixOf(d.line) + d.taskId, line: d.line, dagId: dagOf(d.line), kind: 'decorator' });
  tasks.sort((a, b) => a.line - b.line);
  return { dags, tasks };
}

/** An operator class (CapWords) or `task_fn.override(task_id=...)`; not TaskGroup, DAG or helpers. */
function isTaskCallee(callee: string): boolean {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (last === 'override') return true;
  return /^[A-Z]/.test(last) && last !== 'TaskGroup' && last !== 'DAG';
}

/** `@task`, `@task()`, `@task.bash(...)`, `@airflow.decorators.task`: not `@task_group`. */
const TASK_DECORATOR = /^[ \t]*@[ \t]*(?:[A-Za-z_]\w*\.)*task(?:\.[A-Za-z_]\w*)?[ \t]*(\(|#|$)/;
const DEF = /^[ \t]*(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/;

function taskDecorators(lines: LineIndex, decoratorCalls: Map<number, Call>): Array<{ taskId: string; line: number }> {
  const out: Array<{ taskId: string; line: number }> = [];
  for (let i = 0; i < lines.count; i++) {
    if (lines.isContinuation(i)) continue;
    const m = TASK_DECORATOR.exec(lines.text(i));
    if (!m) continue;
    const explicit = m[1] === '(' ? decoratorCalls.get(i)?.kw.get('task_id') : undefined;
    if (explicit?.literal) {
      out.push({ taskId: explicit.value, line: i });
      continue;
    }
    if (explicit) continue; // an id computed at run time
    // The decorated function: the next logical line that is not another decorator (a few at most).
    for (let j = i + 1, n = 0; j < lines.count && n < 20; j++) {
      if (lines.isContinuation(j) || lines.isBlank(j)) continue;
      n++;
      const def = DEF.exec(lines.text(j));
      if (def) out.push({ taskId: def[1]!, line: i });
      if (def || !/^[ \t]*@/.test(lines.text(j))) break;
    }
  }
  return out;
}

interface Block {
  readonly id: string;
  /** First and past-the-end 0-based lines the block covers (its header included). */
  readonly from: number;
  readonly to: number;
}

function innermost(blocks: readonly Block[], line: number): Block | undefined {
  let best: Block | undefined;
  for (const b of blocks) if (b.from <= line && line < b.to && (!best || b.from >= best.from)) best = b;
  return best;
}

/** `with DAG(...)` blocks, `@dag` functions' bodies, and `with dag:` for `dag = DAG(...)`. */
function dagBlocksOf(dags: readonly DagLocation[], lines: LineIndex, vars: ReadonlyMap<string, string>): Block[] {
  const out: Block[] = [];
  if (vars.size) {
    for (let i = 0; i < lines.count && out.length < MAX_BLOCKS; i++) {
      const m = lines.isContinuation(i) ? null : /^[ \t]*with[ \t]+([A-Za-z_]\w*)[ \t]*(?::|as\b|,)/.exec(lines.text(i));
      const id = m ? vars.get(m[1]!) : undefined;
      if (id) out.push({ id, from: i, to: lines.blockEnd(i, false) });
    }
  }
  for (const d of dags.slice(0, MAX_BLOCKS)) {
    const head = lines.text(d.line);
    if (/^[ \t]*(?:async[ \t]+)?with\b/.test(head)) out.push({ id: d.dagId, from: d.line, to: lines.blockEnd(d.line, false) });
    else if (/^[ \t]*@/.test(head)) out.push({ id: d.dagId, from: d.line, to: lines.blockEnd(d.line, true) });
  }
  return out;
}

/** `name = DAG(...)`: tasks passing `dag=name` belong to it. */
function dagVariables(dags: readonly DagLocation[], lines: LineIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of dags) {
    const m = /^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:[\w.]*\.)?DAG[ \t]*\(/.exec(lines.text(d.line));
    if (m) out.set(m[1]!, d.dagId);
  }
  return out;
}

/** `with TaskGroup("g"):` blocks whose tasks Airflow names `g.<task_id>` (unless prefix_group_id=False). */
function taskGroupBlocks(calls: readonly Call[], lines: LineIndex): Block[] {
  const out: Block[] = [];
  for (const c of calls) {
    if (out.length >= MAX_BLOCKS) break;
    if (c.callee.slice(c.callee.lastIndexOf('.') + 1) !== 'TaskGroup') continue;
    const kwId = c.kw.get('group_id');
    const id = c.firstString ?? (kwId?.literal ? kwId.value : undefined);
    if (!id || !ID.test(id) || c.kw.get('prefix_group_id')?.value === 'False') continue;
    const line = lines.lineOf(c.calleeStart);
    if (!/^[ \t]*(?:async[ \t]+)?with\b/.test(lines.text(line))) continue;
    out.push({ id, from: line, to: lines.blockEnd(line, false) });
  }
  return out;
}

/** Lines of the text with what the scan learnt of them. */
class LineIndex {
  readonly count: number;

  constructor(private readonly source: string, private readonly scan: Scan) {
    this.count = scan.lineStarts.length;
  }

  text(line: number): string {
    const start = this.scan.lineStarts[line] ?? this.source.length;
    const next = this.scan.lineStarts[line + 1];
    return this.source.slice(start, next === undefined ? this.source.length : next - 1).replace(/\r$/, '');
  }

  lineOf(offset: number): number {
    const starts = this.scan.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  isContinuation(line: number): boolean {
    return this.scan.continuation[line] === true;
  }

  isBlank(line: number): boolean {
    return /^[ \t]*(#.*)?\r?$/.test(this.text(line));
  }

  indent(line: number): number {
    let n = 0;
    for (const c of this.text(line)) {
      if (c === ' ') n++;
      else if (c === '\t') n += 8 - (n % 8);
      else break;
    }
    return n;
  }

  /**
   * Past-the-end line of the block a header line opens: the first later logical line indented no
   * deeper than the header. A decorator's block is its function's body (the `def` and further
   * decorators at the header's depth belong to it).
   */
  blockEnd(header: number, decorator: boolean): number {
    const base = this.indent(header);
    let inDef = !decorator;
    for (let i = header + 1; i < this.count; i++) {
      if (this.isContinuation(i) || this.isBlank(i)) continue;
      if (this.indent(i) > base) continue;
      if (!inDef && /^[ \t]*(?:@|(?:async[ \t]+)?def\b)/.test(this.text(i))) {
        inDef = DEF.test(this.text(i));
        continue;
      }
      return i;
    }
    return this.count;
  }
}

/**
 * One pass over the text: strings (prefixes, triple quotes), comments, brackets, line
 * continuations; each call's callee and its literal `task_id=` / `dag=` / `group_id=` arguments.
 */
function scanPython(text: string): Scan {
  const calls: Call[] = [];
  const stack: Array<Call | undefined> = [];
  const lineStarts = [0];
  const continuation: boolean[] = [false];
  let backslash = false;
  const newline = (at: number) => {
    lineStarts.push(at + 1);
    continuation.push(stack.length > 0 || backslash);
    backslash = false;
  };
  const noteToken = () => {
    const top = stack[stack.length - 1];
    if (top) top.sawToken = true;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      backslash = true;
      i++;
    } else if (c === '"' || c === "'") {
      const s = readString(text, i, '', newline);
      const top = stack[stack.length - 1];
      if (top && !top.sawToken) top.firstString = s.value;
      noteToken();
      i = s.end;
    } else if (/[A-Za-z_]/.test(c)) {
      i = readName(text, i, stack, newline, noteToken);
    } else if (c === '(' || c === '[' || c === '{') {
      noteToken();
      stack.push(c === '(' ? callAt(text, i) : undefined);
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      const done = stack.pop();
      if (done) calls.push(done);
      i++;
    } else {
      if (!/\s/.test(c)) noteToken();
      i++;
    }
  }
  return { calls, continuation, lineStarts };
}

/** A name; a string prefix followed by its string; a tracked keyword argument with its value. */
function readName(text: string, start: number, stack: Array<Call | undefined>, newline: (at: number) => void, noteToken: () => void): number {
  let i = start;
  while (i < text.length && /\w/.test(text[i]!)) i++;
  const name = text.slice(start, i);
  const quote = text[i];
  if ((quote === '"' || quote === "'") && (STRING_PREFIX.test(name) || F_PREFIX.test(name))) {
    const top = stack[stack.length - 1];
    const s = readString(text, i, name, newline);
    if (top && !top.sawToken && !F_PREFIX.test(name)) top.firstString = s.value;
    noteToken();
    return s.end;
  }
  const top = stack[stack.length - 1];
  if (top && TRACKED_KW.has(name) && text[start - 1] !== '.') {
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '=' && text[j + 1] !== '=') {
      j++;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      const value = literalAt(text, j);
      if (value) top.kw.set(name, value);
    }
  }
  noteToken();
  return i;
}

/** The value of a keyword argument when it is a plain string literal or a bare name. */
function literalAt(text: string, at: number): { value: string; literal: boolean } | undefined {
  const m = /^([A-Za-z_]\w*)?(["'])/.exec(text.slice(at, at + 4));
  if (m) {
    const prefix = m[1] ?? '';
    if (prefix && !STRING_PREFIX.test(prefix)) return { value: prefix, literal: false };
    if (text.startsWith(m[2]!.repeat(3), at + prefix.length)) return undefined;
    const end = text.indexOf(m[2]!, at + prefix.length + 1);
    const value = end < 0 ? '' : text.slice(at + prefix.length + 1, end);
    return end < 0 || value.includes('\n') || value.includes('\\') ? undefined : { value, literal: true };
  }
  const name = /^[A-Za-z_]\w*/.exec(text.slice(at, at + 200));
  return name ? { value: name[0], literal: false } : undefined;
}

/** A string literal from its opening quote: its end offset and raw content (newlines counted). */
function readString(text: string, at: number, prefix: string, newline: (at: number) => void): { end: number; value: string } {
  const q = text[at]!;
  const triple = text.startsWith(q.repeat(3), at);
  const raw = /[rR]/.test(prefix);
  let i = at + (triple ? 3 : 1);
  const from = i;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && !raw) {
      if (text[i + 1] === '\n') newline(i + 1);
      i += 2;
      continue;
    }
    if (c === '\\' && raw) {
      if (text[i + 1] === '\n') newline(i + 1);
      i += 2;
      continue;
    }
    if (c === '\n') {
      if (!triple) return { end: i, value: text.slice(from, i) }; // unterminated: stop at the line end
      newline(i);
    }
    if (c === q && (!triple || text.startsWith(q.repeat(3), i))) return { end: i + (triple ? 3 : 1), value: text.slice(from, i) };
    i++;
  }
  return { end: text.length, value: text.slice(from) };
}

/** The call a `(` opens: the dotted name right before it (bounded look-back), and whether it is a decorator. */
function callAt(text: string, open: number): Call {
  const before = text.slice(Math.max(0, open - 200), open);
  const m = /(@?)[ \t]*([A-Za-z_][\w]*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*$/.exec(before);
  const callee = m ? m[2]!.replace(/[ \t]/g, '') : '';
  const calleeStart = m ? open - before.length + m.index + m[0].indexOf(m[2]!) : open;
  return { open, callee, calleeStart, decorator: m?.[1] === '@', kw: new Map(), firstString: undefined, sawToken: false };
}
