/**
 * bench:lint: lints a 1,200-file DAG corpus with our core (target Airflow 3.0.6), native ruff
 * (`--select AIR3`) and @astral-sh/ruff-wasm-nodejs; reports cold wall times (ours on worker
 * threads as the CLI runs, and on one thread), the agreement of findings on the shared rule set
 * (AIR301/302/311/312/321 where both tools check), every class of difference and every finding
 * beyond ruff (test-output/lint-agreement.md), and keystroke latency on a 2,000-line DAG (the
 * edited statement parsed alone, and the whole tree re-parsed, in the same loop).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Workspace, PositionEncoding, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { ensureAirflow } from '../../sandbox/src/airflow/install';
import { ensureVenv } from '../../sandbox/src/airflow/venv';
import { findDataDir } from '../../src/core/lint/dataDir';
import { IncrementalPythonLint } from '../../src/core/lint/python/incrementalLint';
import { PythonLinter } from '../../src/core/lint/python/lintPython';
import { loadRuleTable, type RuleTable } from '../../src/core/lint/ruleTable';
import type { Finding } from '../../src/core/lint/types';
import { bigDag } from '../core/lint/bigDag';
import { benchProcesses } from './benchProcesses';
import { writeCorpus } from './lintCorpus';

const SHARED = new Set(['AIR301', 'AIR302', 'AIR311', 'AIR312', 'AIR321']);
/** Ours only: the same Airflow 3 rules at sites ruff's rules do not check (see lintContext.beyondRuff). */
const BEYOND = new Set([...SHARED].map((c) => c.replace(/^AIR3/, 'MWAA3')));
const TARGET = { airflowVersion: '3.0.6' };
const REPO = path.resolve(findDataDir(__dirname)!, '..', '..');
const OUT = path.join(REPO, 'test-output');

/** One finding reduced to what both tools say: where, which rule, about what. */
interface Norm {
  file: string;
  line: number;
  column: number;
  code: string;
  /** The name, argument or context key the message is about (first `…` in it). */
  subject: string;
  message: string;
}

const subjectOf = (message: string) => /`([^`]+)`/.exec(message)?.[1] ?? message;

/**
 * The comparison key. Arguments and context keys are reported at their site by both tools, so
 * they match on (file, line, code, subject). Names do not share a site: ruff reports each use of
 * an imported name, we report the import (and attribute uses of imported modules), so a dotted
 * name matches on (file, code, name), whatever line either tool chose.
 */
function keyOf(f: Norm): string {
  return f.subject.includes('.') ? `${f.file}|${f.code}|${f.subject}` : `${f.file}|${f.line}|${f.code}|${f.subject}`;
}
const lineKeyOf = (f: Norm) => `${f.file}|${f.line}|${f.code}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = benchProcesses.spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/** Our findings (timings come from coldTimes, in fresh processes). */
async function lintOurs(files: string[], corpusDir: string, rules: RuleTable): Promise<{ findings: Norm[]; beyond: Norm[] }> {
  const linter = await PythonLinter.create(rules);
  const findings: Norm[] = [];
  const beyond: Norm[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const f of linter.lintText(text, TARGET).findings) {
      if (SHARED.has(f.code)) findings.push(normOurs(path.relative(corpusDir, file), f));
      else if (BEYOND.has(f.code)) beyond.push(normOurs(path.relative(corpusDir, file), f));
    }
  }
  linter.dispose();
  return { findings: mostSpecific(findings, rules), beyond };
}

function normOurs(file: string, f: Finding): Norm {
  return { file, line: f.range.start.line + 1, column: f.range.start.character + 1, code: f.code, subject: subjectOf(f.message), message: f.message };
}

interface RuffJson { code: string | null; filename: string; message: string; location: { row: number; column: number } }

const ROUNDS = 7;
const JOBS = 2;

/**
 * Wall times, each tool started cold in its own process, rounds interleaved so a busy machine
 * slows every tool alike; the best of ROUNDS (the run least disturbed by other work on a shared
 * machine, as timeit reports) and the median. `cli` and `ruff` are whole command lines (process
 * start, file discovery, JSON output); the others time the linting inside the process.
 */
type Tool = 'ours1' | 'oursParallel' | 'wasm' | 'ruff' | 'cli';
async function coldTimes(files: string[], corpusDir: string, ruff: string): Promise<{ best: Record<Tool, number>; median: Record<Tool, number> }> {
  const timer = path.join(__dirname, 'lintTimer.js');
  const cli = path.join(REPO, 'out', 'src', 'cli', 'mwaaLint.js');
  const inner = async (mode: string) => {
    const r = await run(process.execPath, [timer, mode, String(JOBS), ...files], corpusDir);
    if (r.code !== 0) throw new Error(`lintTimer ${mode} failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as { ms: number }).ms;
  };
  const whole = async (cmd: string, args: string[]) => {
    const t0 = performance.now();
    const r = await run(cmd, args, corpusDir);
    if (r.code === null || r.code > 1) throw new Error(`${cmd} failed (${r.code}): ${r.stderr}`);
    return performance.now() - t0;
  };
  const samples = { ours1: [] as number[], oursParallel: [] as number[], wasm: [] as number[], ruff: [] as number[], cli: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    samples.ruff.push(await whole(ruff, ['check', '--isolated', '--select', 'AIR3', '--output-format', 'json', '--no-cache', '--exit-zero', '.']));
    samples.oursParallel.push(await inner('ours-parallel'));
    samples.cli.push(await whole(process.execPath, [cli, '--airflow-version', TARGET.airflowVersion, '--format', 'json', '--jobs', String(JOBS), '.']));
    samples.ours1.push(await inner('ours-1'));
    samples.wasm.push(await inner('ruff-wasm'));
  }
  const pick = (f: (xs: number[]) => number) => Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, f(xs)])) as Record<Tool, number>;
  return { best: pick((xs) => Math.min(...xs)), median: pick(median) };
}

/** ruff's findings on `target` (a folder), file names relative to `corpusDir`. */
async function lintRuffNative(corpusDir: string, rules: RuleTable, target = '.'): Promise<{ findings: Norm[]; version: string; ruff: string }> {
  // Same release as the wasm devDependency (sandbox/python/probe/ruff-requirements.txt); idempotent.
  const venv = await ensureVenv({ name: 'ruff', requirements: ['../probe/ruff-requirements.txt'] });
  const ruff = venv.bin('ruff');
  const version = (await run(ruff, ['--version'], corpusDir)).stdout.trim();
  const r = await run(ruff, ['check', '--isolated', '--select', 'AIR3', '--output-format', 'json', '--no-cache', '--exit-zero', target], corpusDir);
  if (r.code !== 0) throw new Error(`ruff failed (${r.code}): ${r.stderr}`);
  const findings = (JSON.parse(r.stdout) as RuffJson[])
    .filter((d) => d.code && SHARED.has(d.code))
    .map((d) => ({ file: path.relative(corpusDir, d.filename), line: d.location.row, column: d.location.column, code: d.code!, subject: subjectOf(d.message), message: d.message }));
  return { findings: mostSpecific(findings, rules), version, ruff };
}

function lintRuffWasm(files: string[], corpusDir: string, rules: RuleTable): { findings: Norm[]; version: string } {
  const ws = new Workspace({ lint: { select: ['AIR3'] } }, PositionEncoding.Utf16);
  const findings: Norm[] = [];
  for (const file of files) {
    const diags = ws.check(fs.readFileSync(file, 'utf8')) as Diagnostic[];
    for (const d of diags) {
      if (!d.code || !SHARED.has(d.code)) continue;
      findings.push({ file: path.relative(corpusDir, file), line: d.start_location.row, column: d.start_location.column, code: d.code, subject: subjectOf(d.message), message: d.message });
    }
  }
  ws.free();
  return { findings: mostSpecific(findings, rules), version: Workspace.version() };
}

/**
 * A module and a name inside it count as one problem: ruff reports an attribute chain under a
 * removed package once per prefix (`airflow.contrib`, `airflow.contrib.hooks`, … at one use), we
 * report an imported module and then its members' uses. On both sides, per file and code, a
 * module-like name (a module row, or a package no row names) that another finding's name extends
 * is dropped. A class and its attribute stay two findings.
 */
function mostSpecific(findings: Norm[], rules: RuleTable): Norm[] {
  const moduleLike = (subject: string) => {
    const row = rules.lookupName(subject);
    return row ? row.kind === 'module' || row.kind === 'wildcard' : /^[a-z_][a-z0-9_]*$/.test(subject.split('.').pop()!);
  };
  const byFileCode = new Map<string, Norm[]>();
  for (const f of findings) {
    const k = `${f.file}|${f.code}`;
    byFileCode.set(k, [...(byFileCode.get(k) ?? []), f]);
  }
  const out: Norm[] = [];
  for (const group of byFileCode.values()) {
    for (const f of group) {
      if (f.subject.includes('.') && moduleLike(f.subject) && group.some((g) => g.subject.startsWith(`${f.subject}.`))) continue;
      out.push(f);
    }
  }
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): { inter: number; union: number; value: number } {
  let inter = 0;
  for (const k of a) if (b.has(k)) inter++;
  const union = a.size + b.size - inter;
  return { inter, union, value: union === 0 ? 1 : inter / union };
}

/** Where an argument or context-key finding sits, from the source (the class of a difference). */
function siteKind(f: Norm): string {
  const src = siteLine(f);
  if (/\{\{/.test(src) && /Jinja/i.test(f.message)) return 'context key in a Jinja template string';
  if (!/^Context key/.test(f.message)) return `argument \`${f.subject}\``;
  const how = /\.get\(/.test(src) ? 'context.get(...)' : 'context[...]';
  // The enclosing function decides whether ruff looks at it: ruff checks task functions.
  const lines = corpusLines.get(f.file)!;
  let i = f.line - 1;
  let sawCurrent = false;
  while (i > 0 && !/^\s*def /.test(lines[i]!)) {
    if (/get_current_context\(\)/.test(lines[i]!)) sawCurrent = true;
    i--;
  }
  const def = lines[i] ?? '';
  const decorated = /@task/.test(lines[i - 1] ?? '');
  if (sawCurrent) return `context key read with ${how} on get_current_context()`;
  if (decorated) return `context key read with ${how} in a @task function`;
  if (/\*\*/.test(def)) return `context key read with ${how} in a function taking **kwargs`;
  return `context key read with ${how} in a callback taking \`context\` (${def.trim()})`;
}

const corpusLines = new Map<string, string[]>();
let corpusRoot = '';
function siteLine(f: Norm): string {
  let lines = corpusLines.get(f.file);
  if (!lines) {
    lines = fs.readFileSync(path.join(corpusRoot, f.file), 'utf8').split('\n');
    corpusLines.set(f.file, lines);
  }
  return lines[f.line - 1] ?? '';
}

/** Names a difference so that all its instances group together in the report. */
function classify(f: Norm, side: 'ours' | 'ruff', other: Norm[], rules: RuleTable): string {
  const sameSubject = other.find((o) => o.file === f.file && o.subject === f.subject);
  if (sameSubject && sameSubject.code !== f.code) {
    const [ours, ruff] = side === 'ours' ? [f.code, sameSubject.code] : [sameSubject.code, f.code];
    return `same subject, different code (ours ${ours}, ruff ${ruff})`;
  }
  if (!f.subject.includes('.')) {
    if (rules.memberNames.has(f.subject)) return `${f.code} member \`${f.subject}\` used on an instance`;
    return `${f.code} ${siteKind(f)}`;
  }
  const row = rules.lookupName(f.subject);
  if (side === 'ruff') {
    if (!row) return `${f.code}: ruff reports a name our table does not have`;
    if (!row.rule) return `${f.code}: ruff reports a name our table has only as a 2.x row (we report MWAA2xx)`;
    return `${f.code}: ruff reports a name our table has (${row.rule}) but we did not report it here`;
  }
  if (other.some((o) => o.file === f.file && o.subject.startsWith(`${f.subject}.`))) return `${f.code}: module import whose member ruff reports`;
  return `${f.code}: only we report this name`;
}

/** Where a finding beyond ruff's checks sits (MWAA3xx: the same rule at a site ruff skips). */
function beyondClass(f: Norm): string {
  if (/in a Jinja template/.test(f.message)) return 'context key in a Jinja template string';
  if (/^Context key/.test(f.message)) return siteKind(f);
  if (/^`[^`]+='/.test(f.message)) return `string value of an argument (${f.subject})`;
  if (/^Argument /.test(f.message)) return 'operator argument on a `@task(...)` decorator';
  if (/ instance\)/.test(f.message)) {
    if (!new RegExp(`\\.\\s*${f.subject}\\s*\\(`).test(siteLine(f)) && /^\s*\w+\s*=/.test(bindingLine(f))) return 'method read on an instance without calling it';
    return /^\s*with /.test(siteLine({ ...f, line: f.line - 1 })) || /\bwith\b.*\bas\b/.test(bindingLine(f)) ? 'member used on an instance bound by `with ... as`' : 'member used on the result of a @dag function';
  }
  return 'member read on the class itself (`Cls.member`)';
}

/** The line binding the variable of an instance-member finding (`v.member` -> `... as v` / `v = ...`). */
function bindingLine(f: Norm): string {
  const v = /(\w+)\s*\.\s*\w+\s*$/.exec(siteLine(f).slice(0, f.column - 1 + f.subject.length))?.[1];
  const lines = corpusLines.get(f.file) ?? [];
  for (let i = f.line - 2; v && i >= 0; i--) if (new RegExp(`\\bas ${v}\\b|^\\s*${v}\\s*=`).test(lines[i]!)) return lines[i]!;
  return '';
}

function differenceClasses(ours: Norm[], ruff: Norm[], rules: RuleTable): Map<string, { side: string; items: Norm[] }> {
  const ourKeys = new Map(ours.map((f) => [keyOf(f), f]));
  const ruffKeys = new Map(ruff.map((f) => [keyOf(f), f]));
  const classes = new Map<string, { side: string; items: Norm[] }>();
  const add = (side: 'ours' | 'ruff', f: Norm, otherAll: Norm[]) => {
    const label = `${side === 'ours' ? 'only ours' : 'only ruff'}: ${classify(f, side, otherAll, rules)}`;
    const c = classes.get(label) ?? { side, items: [] };
    c.items.push(f);
    classes.set(label, c);
  };
  for (const [k, f] of ourKeys) if (!ruffKeys.has(k)) add('ours', f, ruff);
  for (const [k, f] of ruffKeys) if (!ourKeys.has(k)) add('ruff', f, ours);
  return classes;
}

function beyondClasses(beyond: Norm[]): Map<string, { side: string; items: Norm[] }> {
  const classes = new Map<string, { side: string; items: Norm[] }>();
  for (const f of beyond) {
    const label = `beyond ruff (${f.code}): ${beyondClass(f)}`;
    const c = classes.get(label) ?? { side: 'ours', items: [] };
    c.items.push(f);
    classes.set(label, c);
  }
  return classes;
}

/** Why each known class exists (facts checked against ruff 0.17.3 and the sandbox's real Airflow). */
const WHY: [RegExp, string][] = [
  [/Jinja template/, 'ruff does not read strings; Airflow 3 renders templates without these keys, so the task fails at run time.'],
  [/get_current_context/, 'ruff reads context keys only from the `**` parameter of a `@task` function; `get_current_context()` returns the same mapping.'],
  [/in a callback taking|in a function taking \*\*kwargs/, 'ruff checks `@task` functions only; callbacks (`on_failure_callback(context)`) and `python_callable`s receive the same context, without these keys in Airflow 3.'],
  [/string value of an argument/, "ruff flags the enum member `TriggerRule.DUMMY`; the string `'dummy'` is rejected by Airflow 3 just the same."],
  [/bound by `with/, 'ruff types `v = Cls(...)` but not `with Cls(...) as v` (checked: `with DAG(...) as dag: dag.create_dagrun()` gets no AIR301 from ruff 0.17.3); `DAG.__enter__` returns the DAG itself.'],
  [/on a `@task\(\.\.\.\)` decorator/, 'ruff checks operator arguments on operator classes only; `@task(...)` passes them to the same operator, so Airflow 3 rejects them just the same.'],
  [/without calling it/, 'ruff checks removed methods only where they are called (`v.create_dagrun()`); reading `v.create_dagrun` fails in Airflow 3 just the same. (ruff checks four attributes, such as `ProvidersManager.dataset_factories`, on any read; so do we, as AIR301.)'],
  [/result of a @dag function/, 'Calling a `@dag` function returns the DAG; ruff does not follow it.'],
  [/on the class itself/, 'ruff checks removed members only on instances it can type; reading `DAG.create_dagrun` off the class fails in Airflow 3 just the same.'],
  [/ours AIR301, ruff AIR311|ours AIR302, ruff AIR312/, 'ruff 0.17.3 calls these "still works in 3.0"; the sandbox\'s Airflow 3.3.1 fails to import them (lintGroundTruth.test.ts), so we report a removal.'],
  [/module import whose member/, 'ruff reports the used member only; we report the module import as well.'],
  [/context key read with context(\[\.\.\.\]|\.get\(\.\.\.\)) in a @task function/, "Keys ruff's list of removed context keys lacks (`tomorrow_ds_nodash`, like `tomorrow_ds` which it has): Airflow 3.3.1's context has no such key (checked on the runtime), so the task fails just the same."],
  [/member `[^`]+` used on an instance/, 'A member used on a variable one tool types and the other does not (see pythonInstances.test.ts for the binding forms we follow).'],
];

function writeReport(file: string, classes: Map<string, { side: string; items: Norm[] }>, beyond: Map<string, { side: string; items: Norm[] }>, stats: string[]): void {
  const lines = ['# bench:lint: where our findings and ruff\'s differ', '', ...stats.map((s) => `- ${s}`), '',
    'Findings are compared on the shared rules AIR301, AIR302, AIR311, AIR312 and AIR321 (ours: target Airflow',
    '3.0.6; ruff: `--select AIR3`). Arguments and context keys match on (file, line, code, subject). Names match on',
    '(file, code, dotted name): ruff reports every *use* of an imported name, we report the *import* (and',
    'attribute uses of an imported module), so the same finding sits on different lines by design. A module and',
    'a name inside it that the file uses count once, as the most specific name (ruff reports `airflow.contrib`,',
    '`airflow.contrib.hooks`, … for one use; we report the module import and the member use).', '',
    'Our code is `AIR3xx` only where ruff\'s rule checks the same site; the same rule at a site ruff does not visit',
    'is coded `MWAA3xx` (same number). Those findings are listed last, by class; they are not part of the',
    'agreement, and the "all Airflow 3 findings" line above counts them as disagreements.', ''];
  if (classes.size === 0) lines.push('No differences on the shared rule set.', '');
  const section = (map: Map<string, { side: string; items: Norm[] }>) => {
    const sorted = [...map.entries()].sort((a, b) => b[1].items.length - a[1].items.length);
    for (const [label, c] of sorted) {
      lines.push(`## ${label} (${c.items.length})`, '');
      const why = WHY.find(([re]) => re.test(label));
      lines.push(why ? why[1] : '**Unexplained**: a new difference class; explain or fix it.', '');
      for (const f of c.items.slice(0, 3)) {
        const src = siteLine(f);
        lines.push(`- \`${f.file}:${f.line}:${f.column}\` ${f.code}: ${f.message.replace(/\n/g, ' ').slice(0, 200)}`, `  \`${src.trim()}\``);
      }
      lines.push('');
    }
  };
  section(classes);
  lines.push('# Beyond ruff: the same rules where ruff does not look (MWAA3xx)', '');
  section(beyond);
  fs.writeFileSync(file, lines.join('\n'));
}

/**
 * Median time from a one-character edit to fresh findings, over 240 edits of a 2,000-line DAG:
 * with the edited statement parsed alone (what the editor's lint worker does) and, on a second
 * copy of the document given the same edits in the same loop (so a busy machine slows both alike),
 * with the whole tree re-parsed incrementally for each edit (splicing off: the path before it).
 */
async function keystrokeMedians(): Promise<{ median: number; fullMedian: number; spliceShare: number; statementShare: number; mismatches: number }> {
  const linter = await PythonLinter.create(loadRuleTable(findDataDir(__dirname)!));
  const text = bigDag(2000);
  const inc = IncrementalPythonLint.open(linter, text, TARGET);
  const withTree = IncrementalPythonLint.open(linter, text, TARGET, { splice: false });
  const times: number[] = [];
  const fullTimes: number[] = [];
  let spliced = 0;
  let statement = 0;
  try {
    for (let i = 0; i < 240; i++) {
      // Type a character into a function body, then delete it: the text returns to the start.
      // bigDag: 7 header lines, then 6-line blocks; block line 1 is `value = kwargs[...]...`.
      const line = 8 + ((i >> 1) % 300) * 6;
      const pos = { line, character: 8 };
      const change = i % 2 === 0 ? { range: { start: pos, end: pos }, text: 'x' } : { range: { start: pos, end: { line, character: 9 } }, text: '' };
      const [first, second] = i % 4 < 2 ? [inc, withTree] : [withTree, inc];
      for (const lint of [first, second]) {
        const t0 = performance.now();
        lint.update(change);
        (lint === inc ? times : fullTimes).push(performance.now() - t0);
      }
      if (inc.lastMode === 'splice') spliced++;
      if (withTree.lastMode === 'statement') statement++;
    }
    if (inc.doc.text !== text || withTree.doc.text !== text) throw new Error('keystroke edits did not restore the text');
    // The deferred re-parse, and each spliced statement checked against the whole tree's lint.
    inc.flush();
  } finally {
    inc.doc.dispose();
    withTree.doc.dispose();
    linter.dispose();
  }
  return { median: median(times), fullMedian: median(fullTimes), spliceShare: spliced / times.length, statementShare: statement / fullTimes.length, mismatches: inc.spliceMismatches };
}

/**
 * Real code besides the generated corpus: the example DAGs shipped inside the sandbox's Airflow
 * 2.11.2 (written by Airflow's authors, for 2.x), copied flat into test-output/lint-real.
 */
async function realCode(corpusDir: string, rules: RuleTable): Promise<{ files: number; ours: Norm[]; beyond: Norm[]; ruff: Norm[] } | undefined> {
  const venv = await ensureAirflow(2);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.py') && full.includes(`${path.sep}example_dags${path.sep}`)) found.push(full);
    }
  };
  const lib = path.join(venv.dir, 'lib');
  for (const py of fs.readdirSync(lib)) if (fs.existsSync(path.join(lib, py, 'site-packages', 'airflow'))) walk(path.join(lib, py, 'site-packages', 'airflow'));
  if (found.length === 0) return undefined;
  const realDir = path.join(OUT, 'lint-real');
  fs.rmSync(realDir, { recursive: true, force: true });
  fs.mkdirSync(realDir, { recursive: true });
  const files = found.sort().map((f) => {
    const flat = path.join(realDir, path.relative(lib, f).split(path.sep).slice(3).join('__'));
    fs.copyFileSync(f, flat);
    return flat;
  });
  const ours = await lintOurs(files, corpusDir, rules);
  const ruff = await lintRuffNative(corpusDir, rules, path.relative(corpusDir, realDir));
  return { files: files.length, ours: ours.findings, beyond: ours.beyond, ruff: ruff.findings };
}

async function main(): Promise<void> {
  const rules = loadRuleTable(findDataDir(__dirname)!);
  const corpusDir = path.join(OUT, 'lint-corpus');
  corpusRoot = corpusDir;
  const { files } = writeCorpus(corpusDir, rules.data);
  const sorted = [...files].sort();

  const ours = await lintOurs(sorted, corpusDir, rules);
  const native = await lintRuffNative(corpusDir, rules);
  const wasm = lintRuffWasm(sorted, corpusDir, rules);
  const { best: times, median: medians } = await coldTimes(sorted, corpusDir, native.ruff);

  const ourSet = new Set(ours.findings.map(keyOf));
  const nativeSet = new Set(native.findings.map(keyOf));
  const wasmSet = new Set(wasm.findings.map(keyOf));
  const agree = jaccard(ourSet, nativeSet);
  const strict = jaccard(new Set(ours.findings.map(lineKeyOf)), new Set(native.findings.map(lineKeyOf)));
  const nativeVsWasm = jaccard(nativeSet, wasmSet);
  // Every Airflow 3 finding of ours, wherever found, under ruff's code: what a user sees beyond ruff.
  const allOurs = mostSpecific([...ours.findings, ...ours.beyond.map((f) => ({ ...f, code: f.code.replace(/^MWAA3/, 'AIR3') }))], rules);
  const all = jaccard(new Set(allOurs.map(keyOf)), nativeSet);
  const keys = await keystrokeMedians();

  const real = await realCode(corpusDir, rules);
  const classes = differenceClasses(ours.findings, native.findings, rules);
  const beyond = beyondClasses(ours.beyond);
  const stats = [
    `corpus: ${files.length} files in test-output/lint-corpus (seed 20261122); machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end of the timings`,
    `wall time, best of ${ROUNDS} cold runs each: ours on ${JOBS} worker threads ${times.oursParallel.toFixed(0)} ms (the headline ours_ms), ours on one thread ${times.ours1.toFixed(0)} ms, `
      + `${native.version} native ${times.ruff.toFixed(0)} ms (whole command, its own thread pool), ruff-wasm ${wasm.version} ${times.wasm.toFixed(0)} ms (one thread)`,
    `medians of the same runs: ours 2 threads ${medians.oursParallel.toFixed(0)} ms, one thread ${medians.ours1.toFixed(0)} ms, ruff native ${medians.ruff.toFixed(0)} ms, ruff-wasm ${medians.wasm.toFixed(0)} ms, mwaa-lint command ${medians.cli.toFixed(0)} ms`,
    `whole command lines: \`mwaa-lint --format json --jobs ${JOBS}\` ${times.cli.toFixed(0)} ms vs \`ruff check --output-format json\` ${times.ruff.toFixed(0)} ms (${(times.cli / times.ruff).toFixed(2)}x)`,
    `ratios: ours parallel/ruff native ${(times.oursParallel / times.ruff).toFixed(2)}x, ours one thread/ruff-wasm (both one thread) ${(times.ours1 / times.wasm).toFixed(2)}x`,
    `findings on the shared rules: ours ${ours.findings.length}, ruff ${native.findings.length}, ruff-wasm ${wasm.findings.length}; ours beyond ruff (MWAA3xx): ${ours.beyond.length}`,
    `agreement on the shared rule set (names by subject, others by line): ${agree.inter}/${agree.union} = ${agree.value.toFixed(4)}`,
    `agreement ours/ruff on (file, line, code) alone: ${strict.inter}/${strict.union} = ${strict.value.toFixed(4)}`,
    `all Airflow 3 findings (ours with MWAA3xx counted as AIR3xx) vs ruff: ${all.inter}/${all.union} = ${all.value.toFixed(4)}`,
    `agreement ruff native/ruff-wasm: ${nativeVsWasm.value.toFixed(4)}`,
  ];
  if (real) {
    const a = jaccard(new Set(real.ours.map(keyOf)), new Set(real.ruff.map(keyOf)));
    stats.push(`real code, Airflow 2.11.2's own example DAGs (${real.files} files, test-output/lint-real): agreement on the shared rule set ${a.inter}/${a.union} = ${a.value.toFixed(4)}; ours beyond ruff ${real.beyond.length}`);
    for (const [label, c] of differenceClasses(real.ours, real.ruff, rules)) classes.set(`real code, ${label}`, c);
    for (const [label, c] of beyondClasses(real.beyond)) beyond.set(`real code, ${label}`, c);
  } else stats.push('real code: no example DAGs found in the sandbox Airflow 2.11.2 venv (not compared)');
  const unexplained = [...classes.keys(), ...beyond.keys()].filter((label) => !WHY.some(([re]) => re.test(label)));
  stats.push(`difference classes: ${classes.size} on the shared rules, ${beyond.size} beyond ruff; unexplained: ${unexplained.length}`);
  const report = path.join(OUT, 'lint-agreement.md');
  writeReport(report, classes, beyond, stats);
  for (const s of stats) console.log(`# ${s}`);
  console.log(`# keystroke on the 2,000-line DAG, median of 240: ${keys.median.toFixed(2)} ms with the edited statement parsed alone (${(keys.spliceShare * 100).toFixed(0)} % of edits; `
    + `${keys.mismatches} differed from the whole tree's lint at the deferred re-parse), ${keys.fullMedian.toFixed(2)} ms re-parsing the whole tree (${(keys.statementShare * 100).toFixed(0)} % per statement), `
    + `ratio ${(keys.median / keys.fullMedian).toFixed(2)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  console.log(`# differences: ${path.relative(REPO, report)}`);
  console.log(`lint: files=${files.length} ours_ms=${times.oursParallel.toFixed(0)} ruff_ms=${times.ruff.toFixed(0)} ruff_wasm_ms=${times.wasm.toFixed(0)} `
    + `agreement=${agree.value.toFixed(4)} keystroke_ms=${keys.median.toFixed(2)} keystroke_full_ms=${keys.fullMedian.toFixed(2)} keystroke_ratio=${(keys.median / keys.fullMedian).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
