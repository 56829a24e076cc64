/**
 * The bench:lint corpus: DAG files generated from the rule table (moved, removed and deprecated
 * names in every import form, DAG and operator arguments, context keys) plus real-shaped DAGs and
 * clean Airflow 3 files. Deterministic: the same seed writes the same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMemberRow, type NameRule, type RuleTableData } from '../../src/core/lint/ruleTable';
import { mulberry32 } from '../../sandbox/src/seededRandom';


type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const HEADER = ['import pendulum', 'from datetime import timedelta', ''];

/** One import of `rule.old` in one of the five forms, and an expression that uses it. */
function importAndUse(rule: NameRule, r: Rand, i: number): { imports: string[]; use: string } {
  const parts = rule.old.split('.');
  const name = parts[parts.length - 1]!;
  const mod = parts.slice(0, -1).join('.');
  const call = (expr: string) => (/^[A-Z]/.test(name) && rule.kind !== 'constant' ? `${expr}(task_id="t${i}")` : expr);
  if (rule.kind === 'module') {
    // A module row: import the module itself and touch it.
    const form = r();
    if (form < 0.5 || parts.length < 3) return { imports: [`import ${rule.old}`], use: rule.old };
    return { imports: [`from ${mod} import ${name}`], use: name };
  }
  const form = Math.floor(r() * 5);
  switch (form) {
    case 0:
      return { imports: [`from ${mod} import ${name}`], use: call(name) };
    case 1:
      return { imports: [`from ${mod} import ${name} as alias_${i}`], use: call(`alias_${i}`) };
    case 2:
      return { imports: [`import ${mod}`], use: call(`${mod}.${name}`) };
    case 3:
      return { imports: [`import ${mod} as mod_${i}`], use: call(`mod_${i}.${name}`) };
    default: {
      // `from airflow.operators import bash_operator` then `bash_operator.BashOperator`.
      if (parts.length < 3) return { imports: [`from ${mod} import ${name}`], use: call(name) };
      const pkg = parts.slice(0, -2).join('.');
      const leaf = parts[parts.length - 2]!;
      return { imports: [`from ${pkg} import ${leaf}`], use: call(`${leaf}.${name}`) };
    }
  }
}

/** A file that imports and uses 1-6 table names (attribute rows are used through their class). */
function namesFile(names: readonly NameRule[], r: Rand, n: number): string {
  const imports = new Set<string>();
  const body: string[] = [];
  const count = 1 + Math.floor(r() * 6);
  for (let i = 0; i < count; i++) {
    const rule = pick(r, names);
    if (isMemberRow(rule)) {
      const parts = rule.old.split('.');
      const attr = parts.pop()!;
      const cls = parts.pop()!;
      imports.add(`from ${parts.join('.')} import ${cls}`);
      // Mostly on an instance (how code reaches these members): assigned, or bound by `with`
      // (DAGs); sometimes read on the class.
      const form = r();
      // Methods are mostly called; the attributes ruff checks on any read are read.
      const use = !rule.ruffOnRead && r() < 0.6 ? `${attr}()` : attr;
      if (form < 0.5) body.push(`    obj_${i} = ${cls}()`, `    value_${i} = obj_${i}.${use}`);
      else if (form < 0.75) body.push(`    with ${cls}() as obj_${i}:`, `        value_${i} = obj_${i}.${use}`);
      else body.push(`    value_${i} = ${cls}.${attr}`);
      continue;
    }
    const { imports: imp, use } = importAndUse(rule, r, i);
    for (const l of imp) imports.add(l);
    body.push(`    value_${i} = ${use}`);
  }
  return [...HEADER, ...imports, '', '', `def build_${n}():`, ...body, '    return None', ''].join('\n');
}

const DAG_ARGS: [string, string][] = [
  ['schedule_interval', '"@daily"'], ['timetable', 'None'], ['concurrency', '4'], ['fail_stop', 'True'],
  ['default_view', '"graph"'], ['orientation', '"LR"'], ['sla_miss_callback', 'None'],
];
const OPERATOR_ARGS: [string, string][] = [['task_concurrency', '2'], ['provide_context', 'True'], ['sla', 'timedelta(hours=1)'], ['trigger_rule', '"dummy"']];

/** DAG(...), with DAG(...) or @dag(...) with removed arguments, and operators with removed arguments. */
function argumentsFile(r: Rand, n: number): string {
  const args = DAG_ARGS.filter(() => r() < 0.4);
  if (args.length === 0) args.push(pick(r, DAG_ARGS));
  const argText = args.map(([k, v]) => `${k}=${v}`).join(', ');
  const opArgs = OPERATOR_ARGS.filter(() => r() < 0.4).map(([k, v]) => `, ${k}=${v}`).join('');
  const style = Math.floor(r() * 3);
  const lines = [...HEADER, 'from airflow.sdk import DAG, dag, task', 'from airflow.providers.standard.operators.bash import BashOperator', ''];
  // TriggerRule.DUMMY (the enum member ruff checks) instead of the string in some files.
  const opArgsText = r() < 0.3 && opArgs.includes('"dummy"') ? opArgs.replace('"dummy"', 'TriggerRule.DUMMY') : opArgs;
  if (opArgsText !== opArgs) lines.splice(lines.length - 1, 0, 'from airflow.utils.trigger_rule import TriggerRule');
  if (style === 0) {
    lines.push(`with DAG(dag_id="args_${n}", start_date=pendulum.datetime(2024, 1, 1), ${argText}) as d:`,
      `    BashOperator(task_id="a", bash_command="echo hi"${opArgsText})`, '');
  } else if (style === 1) {
    lines.push(`d = DAG(dag_id="args_${n}", start_date=pendulum.datetime(2024, 1, 1), ${argText})`,
      `BashOperator(task_id="a", bash_command="echo hi", dag=d${opArgsText})`, '');
  } else {
    lines.push(`@dag(dag_id="args_${n}", start_date=pendulum.datetime(2024, 1, 1), ${argText})`, `def args_${n}():`,
      `    BashOperator(task_id="a", bash_command="echo hi"${opArgsText})`, '', '', `args_${n}()`, '');
  }
  return lines.join('\n');
}

/** Removed context keys read from `context[...]` inside a task and inside Jinja templates. */
function contextFile(keys: readonly string[], r: Rand, n: number): string {
  const key = pick(r, keys);
  const other = pick(r, keys);
  return [...HEADER, 'from airflow.sdk import dag, task, get_current_context', 'from airflow.providers.standard.operators.bash import BashOperator', '', '',
    `@dag(dag_id="ctx_${n}", schedule=None, start_date=pendulum.datetime(2024, 1, 1))`, `def ctx_${n}():`,
    '    @task', '    def read(**context):', `        first = context["${key}"]`, `        return first, context.get("${pick(r, keys)}")`, '',
    '    @task', '    def current():', '        context = get_current_context()', `        return context.get("${other}")`, '',
    `    BashOperator(task_id="b", bash_command="echo {{ ${key} }}") >> read() >> current()`, '', '', `ctx_${n}()`, ''].join('\n');
}

/** An Airflow 3 DAG with nothing to report (both linters must stay silent). */
function cleanFile(r: Rand, n: number): string {
  const tasks = 2 + Math.floor(r() * 8);
  const lines = [...HEADER, 'from airflow.sdk import DAG, task', 'from airflow.providers.standard.operators.bash import BashOperator',
    'from airflow.providers.standard.operators.empty import EmptyOperator', '', '',
    `with DAG(dag_id="clean_${n}", schedule="@daily", start_date=pendulum.datetime(2024, 1, 1), catchup=False, max_active_tasks=4) as d:`,
    '    start = EmptyOperator(task_id="start")'];
  for (let i = 0; i < tasks; i++) {
    lines.push('', '    @task', `    def step_${i}(ds=None, logical_date=None):`, `        return {"i": ${i}, "ds": ds}`, '',
      `    run_${i} = BashOperator(task_id="run_${i}", bash_command="echo {{ ds }} ${i}", max_active_tis_per_dag=2)`,
      `    start >> run_${i} >> step_${i}()`);
  }
  return [...lines, ''].join('\n');
}

/** A larger Airflow 2-era DAG, shaped like the ones people migrate (mixed findings and plain code). */
function realShapedFile(names: readonly NameRule[], r: Rand, n: number): string {
  const ops = names.filter((x) => /Operator$|Sensor$/.test(x.old) && x.kind !== 'module');
  const chosen = [pick(r, ops), pick(r, ops), pick(r, ops)];
  const imports = new Set(chosen.map((c) => {
    const p = c.old.split('.');
    return `from ${p.slice(0, -1).join('.')} import ${p[p.length - 1]}`;
  }));
  const lines = [...HEADER, 'from airflow import DAG', ...imports, 'from airflow.models import Variable', '', '',
    'default_args = {"owner": "data", "retries": 2, "retry_delay": timedelta(minutes=5)}', '',
    `with DAG("etl_${n}", default_args=default_args, schedule_interval="@hourly", start_date=pendulum.datetime(2023, 1, 1), catchup=False) as dag:`];
  const steps = 5 + Math.floor(r() * 20);
  for (let i = 0; i < steps; i++) {
    const op = chosen[i % chosen.length]!.old.split('.').pop()!;
    lines.push(`    # step ${i}: extract, transform and load partition ${i}`,
      `    task_${i} = ${op}(task_id="task_${i}")`);
    if (i > 0) lines.push(`    task_${i - 1} >> task_${i}`);
  }
  lines.push('', '', 'def on_failure(context):', '    channel = Variable.get("alerts_channel")',
    '    print(channel, context["task_instance"].task_id, context["execution_date"])', '');
  return lines.join('\n');
}

export interface Corpus {
  dir: string;
  files: string[];
}

/**
 * Writes `count` files under `dir` (emptied first). Mix: 45 % names, 15 % arguments, 12 % context
 * keys, 13 % real-shaped, 15 % clean.
 */
export function writeCorpus(dir: string, data: RuleTableData, count = 1200, seed = 20261122): Corpus {
  const r = mulberry32(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const names = data.names.filter((n) => !n.old.includes('*'));
  const keys = data.contextKeys.map((k) => k.key);
  const files: string[] = [];
  for (let n = 0; n < count; n++) {
    const x = r();
    const [kind, text] = x < 0.45 ? ['names', namesFile(names, r, n)]
      : x < 0.6 ? ['args', argumentsFile(r, n)]
        : x < 0.72 ? ['context', contextFile(keys, r, n)]
          : x < 0.85 ? ['real', realShapedFile(names, r, n)]
            : ['clean', cleanFile(r, n)];
    const file = path.join(dir, `${kind}_${String(n).padStart(4, '0')}.py`);
    fs.writeFileSync(file, text);
    files.push(file);
  }
  return { dir, files };
}
