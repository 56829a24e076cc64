#!/usr/bin/env node
// Generates the lint data under src/data/ from ../shared/data (the project's fact tables):
//   src/data/lint-rules.json          Airflow names, arguments and context keys with versions
//   src/data/constraints/*            verbatim copies of the bundled constraints files
//   src/data/constraints-index.json   MWAA Airflow version -> constraints file, Python, essential pins
//   src/data/PROVENANCE.md            where every row came from
// Without ../shared (a fresh clone) it only validates the committed outputs.
// `--check` regenerates in memory and fails when the committed files differ.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = process.env.MWAA_SHARED_DATA ?? path.resolve(repo, '..', 'shared', 'data');
const outDir = path.join(repo, 'src', 'data');
const checkOnly = process.argv.includes('--check');

function readTsv(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line, i) => {
    const cells = line.split('\t');
    const row = { _line: i + 2 };
    header.forEach((h, j) => (row[h] = unquoteTsv((cells[j] ?? '').trim())));
    return row;
  });
}

// The ruff-derived table quotes cells holding `"` the CSV way ("context[""conf""]").
function unquoteTsv(cell) {
  if (cell.startsWith('"') && cell.endsWith('"') && cell.length >= 2) return cell.slice(1, -1).replace(/""/g, '"');
  return cell;
}

const RUFF_STATUS = {
  'removed in 3.0': { removedIn: '3.0' },
  'removed from core in 3.0, moved to provider': { removedIn: '3.0' },
  'deprecated in 3.0 (compat shim; removal planned)': { deprecatedIn: '3.0' },
  'deprecated in 3.0 (compat shim), moved to provider': { deprecatedIn: '3.0' },
  'moved/deprecated in 3.1': { deprecatedIn: '3.1' },
};

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_*][A-Za-z0-9_]*)*$/;

function parseRequires(text) {
  if (!text) return undefined;
  const m = /^([A-Za-z0-9._-]+)>=([0-9][0-9A-Za-z.]*)$/.exec(text);
  if (!m) throw new Error(`unparsed requires: ${text}`);
  return { package: m[1], version: m[2] };
}

function versionKey(v) {
  return v.split('.').map((p) => p.padStart(4, '0')).join('.');
}
function minVersion(a, b) {
  if (!a) return b;
  if (!b) return a;
  return versionKey(a) <= versionKey(b) ? a : b;
}

// ---------------------------------------------------------------- names
function buildNames(ruffRows, depRows, notes) {
  const names = new Map();
  const get = (old) => {
    let e = names.get(old);
    if (!e) {
      e = { old };
      names.set(old, e);
    }
    return e;
  };

  // Documented doubt: ~40 old paths have several 2.x rows; prefer the one from a 2.x __init__.py shim.
  const depByOld = new Map();
  for (const r of depRows) {
    if (r.kind === 'argument' || r.kind === 'context_key') continue;
    const prev = depByOld.get(r.old);
    if (!prev) depByOld.set(r.old, r);
    else {
      const isShim = (x) => /__init__\.py/.test(x.source);
      if (isShim(r) && !isShim(prev)) depByOld.set(r.old, r);
      notes.duplicates2x.push(r.old);
    }
  }
  for (const r of depByOld.values()) {
    if (!DOTTED.test(r.old)) {
      notes.skipped.push(`deprecated-in-2x.tsv line ${r._line}: ${r.old}`);
      continue;
    }
    const e = get(r.old);
    e.kind = r.kind;
    e.deprecatedIn = minVersion(e.deprecatedIn, r.deprecated_in || undefined);
    if (r.removed_in) e.removedIn = r.removed_in;
    if (r.new) {
      if (r.new.split(';').every((p) => DOTTED.test(p.trim()))) e.replacement = r.new;
      else e.message = `Use \`${r.new}\` instead`;
    }
    e.source2x = true;
  }

  const severityRank = (s) => (s.removedIn ? 2 : 1);
  // ruff checks these members on any read (its class-attribute check); every other member row only
  // when called (its method check). ruff 0.17.3 behaviour, verified on sample files.
  const RUFF_ON_READ = new Set([
    'airflow.providers_manager.ProvidersManager.dataset_factories',
    'airflow.providers_manager.ProvidersManager.dataset_uri_handlers',
    'airflow.providers_manager.ProvidersManager.dataset_to_openlineage_converters',
    'airflow.lineage.hook.DatasetLineageInfo.dataset',
  ]);
  for (const r of ruffRows) {
    if (r.status === 'argument' || r.kind === 'ContextKey' || r.kind === 'Argument') continue;
    const status = RUFF_STATUS[r.status];
    if (!status) throw new Error(`moved-and-removed-names.tsv line ${r._line}: unknown status ${r.status}`);
    if (!DOTTED.test(r.old)) throw new Error(`moved-and-removed-names.tsv line ${r._line}: bad path ${r.old}`);
    const e = get(r.old);
    // Two ruff rows for one path (e.g. AIR301 removed + AIR311 deprecated): the removal wins.
    if (e.rule && severityRank(status) < severityRank({ removedIn: e.ruffRemovedIn })) {
      notes.duplicatesRuff.push(`${r.old} (${r.rule} ignored, ${e.rule} kept)`);
      continue;
    }
    if (e.rule) notes.duplicatesRuff.push(`${r.old} (${e.rule} replaced by ${r.rule})`);
    e.rule = r.rule;
    e.ruffRemovedIn = status.removedIn;
    if (status.removedIn) e.removedIn = status.removedIn;
    if (status.deprecatedIn) e.deprecatedIn = minVersion(e.deprecatedIn, status.deprecatedIn);
    if (!e.kind) e.kind = r.kind === 'AttrName' ? 'attribute' : r.old.includes('*') ? 'wildcard' : 'name';
    if (RUFF_ON_READ.has(r.old)) e.ruffOnRead = true;
    const replacement = r.new.trim();
    if (replacement) {
      if (!DOTTED.test(replacement)) throw new Error(`line ${r._line}: bad replacement ${replacement}`);
      e.replacement3 = replacement;
    }
    const requires = parseRequires(r.requires);
    if (requires) e.requires = requires;
    if (r.message === 'INTERNAL_MODULE_WARNING') e.message = 'This is an internal module; it may change or disappear without notice';
    else if (r.message) e.message = r.message.replace(/\s{2,}/g, ' ');
  }
  const out = [...names.values()].map((e) => {
    const { ruffRemovedIn: _drop, ...rest } = e;
    return rest;
  });
  out.sort((a, b) => (a.old < b.old ? -1 : a.old > b.old ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------- wildcard rule codes
// ruff reports every path under a wildcard row (`airflow.contrib.*`, `airflow.operators.subdag.*`)
// with that row's code. An exact 2.x row for such a path wins the lookup, so it takes the
// wildcard's ruff code too (its Airflow 3 finding then lines up with ruff's; 2.x deprecations keep
// their MWAA2xx code, see codeFor in src/core/lint/python/lintContext.ts).
function matchWildcard(pattern, parts) {
  const last = pattern.length - 1;
  if (pattern[last] === '*') {
    if (parts.length < pattern.length) return false;
  } else if (parts.length !== pattern.length) return false;
  return pattern.every((p, i) => p === '*' || p === parts[i]);
}

function inheritWildcardRules(names, notes) {
  const wildcards = names.filter((n) => n.old.includes('*') && n.rule && n.removedIn);
  for (const n of names) {
    if (n.rule || n.old.includes('*')) continue;
    const w = wildcards.find((x) => matchWildcard(x.old.split('.'), n.old.split('.')));
    if (!w) continue;
    n.rule = w.rule;
    notes.wildcardRules[w.old] = (notes.wildcardRules[w.old] ?? 0) + 1;
    // The 2.x table leaves removed_in empty where it verified no removal (37 contrib paths): the
    // whole package is gone in Airflow 3 (ruff's row; the ground-truth test imports each in 3.3.1).
    if (!n.removedIn) {
      n.removedIn = w.removedIn;
      notes.corrected.push(`\`${n.old}\`: removed_in (empty) -> ${w.removedIn} (under ruff's \`${w.old}\`; does not import in Airflow 3.3.1)`);
    }
  }
}

// ---------------------------------------------------------------- ground-truth corrections
// Rows contradicted by real Airflow (test/sandbox/lintGroundTruth.test.ts imports every path in the
// sandbox's Airflow 2.11.2 and 3.3.1 venvs). Removal versions were bracketed with the
// apache-airflow wheels from PyPI: present in the `last` release's files, absent from the `first`.
const REMOVED_BEFORE_2_11 = {
  // present in 2.3.4, absent from 2.4.3
  '2.4': [
    'airflow.contrib.operators.ecs_operator.ECSOperator',
    'airflow.contrib.operators.emr_add_steps_operator.EmrAddStepsOperator',
    'airflow.contrib.operators.emr_create_job_flow_operator.EmrCreateJobFlowOperator',
    'airflow.contrib.operators.emr_terminate_job_flow_operator.EmrTerminateJobFlowOperator',
    'airflow.contrib.operators.s3_copy_object_operator.S3CopyObjectOperator',
    'airflow.contrib.operators.s3_delete_objects_operator.S3DeleteObjectsOperator',
    'airflow.contrib.operators.s3_list_operator.S3ListOperator',
    'airflow.contrib.operators.sagemaker_base_operator.SageMakerBaseOperator',
    'airflow.contrib.operators.sagemaker_endpoint_config_operator.SageMakerEndpointConfigOperator',
    'airflow.contrib.operators.sagemaker_endpoint_operator.SageMakerEndpointOperator',
    'airflow.contrib.operators.sagemaker_model_operator.SageMakerModelOperator',
    'airflow.contrib.operators.sagemaker_training_operator.SageMakerTrainingOperator',
    'airflow.contrib.operators.sagemaker_transform_operator.SageMakerTransformOperator',
    'airflow.contrib.operators.sagemaker_tuning_operator.SageMakerTuningOperator',
    'airflow.contrib.sensors.emr_base_sensor.EmrBaseSensor',
    'airflow.contrib.sensors.emr_job_flow_sensor.EmrJobFlowSensor',
    'airflow.contrib.sensors.emr_step_sensor.EmrStepSensor',
    'airflow.contrib.sensors.sagemaker_base_sensor.SageMakerBaseSensor',
    'airflow.contrib.sensors.sagemaker_endpoint_sensor.SageMakerEndpointSensor',
    'airflow.contrib.sensors.sagemaker_transform_sensor.SageMakerTransformSensor',
    'airflow.contrib.sensors.sagemaker_tuning_sensor.SageMakerTuningSensor',
    'airflow.contrib.utils.sendgrid.send_email',
    'airflow.sensors.s3_prefix_sensor.S3PrefixSensor',
  ],
  // present in 2.6.3, absent from 2.7.3
  '2.7': [
    'airflow.contrib.sensors.hdfs_sensor',
    'airflow.contrib.sensors.hdfs_sensor.HdfsFolderSensor',
    'airflow.contrib.sensors.hdfs_sensor.HdfsRegexSensor',
    'airflow.contrib.sensors.hdfs_sensor.HdfsSensorFolder',
    'airflow.contrib.sensors.hdfs_sensor.HdfsSensorRegex',
    'airflow.hooks.hdfs_hook',
    'airflow.hooks.hdfs_hook.HDFSHook',
    'airflow.hooks.hdfs_hook.HDFSHookException',
    'airflow.sensors.hdfs_sensor',
    'airflow.sensors.hdfs_sensor.HdfsSensor',
  ],
  // present in 2.7.3, absent from 2.8.1
  '2.8': [
    'airflow.contrib.hooks.qubole_check_hook',
    'airflow.contrib.hooks.qubole_check_hook.QuboleCheckHook',
    'airflow.contrib.hooks.qubole_hook',
    'airflow.contrib.hooks.qubole_hook.QuboleHook',
    'airflow.contrib.operators.qubole_check_operator',
    'airflow.contrib.operators.qubole_check_operator.QuboleCheckOperator',
    'airflow.contrib.operators.qubole_check_operator.QuboleValueCheckOperator',
    'airflow.contrib.operators.qubole_operator',
    'airflow.contrib.operators.qubole_operator.QuboleOperator',
    'airflow.contrib.sensors.qubole_sensor',
    'airflow.contrib.sensors.qubole_sensor.QuboleFileSensor',
    'airflow.contrib.sensors.qubole_sensor.QubolePartitionSensor',
    'airflow.contrib.sensors.qubole_sensor.QuboleSensor',
  ],
  // present in 2.8.1, absent from 2.9.3
  '2.9': [
    'airflow.contrib.hooks.sqoop_hook',
    'airflow.contrib.hooks.sqoop_hook.SqoopHook',
    'airflow.contrib.operators.sqoop_operator',
    'airflow.contrib.operators.sqoop_operator.SqoopOperator',
  ],
};
const BRACKETS = { '2.4': ['2.3.4', '2.4.3'], '2.7': ['2.6.3', '2.7.3'], '2.8': ['2.7.3', '2.8.1'], '2.9': ['2.8.1', '2.9.3'] };
// ruff (AIR301/AIR302) calls these removed in 3.0, but Airflow 3.0.6 and 3.3.1 keep a compat shim in
// airflow-core (add_deprecated_classes in airflow/operators/__init__.py and
// airflow/notifications/__init__.py) that imports them with a DeprecatedImportWarning.
const SHIMMED_IN_3 = [
  'airflow.notifications.basenotifier.BaseNotifier',
  'airflow.operators.email.EmailOperator',
  'airflow.operators.python.get_current_context',
];

// ruff calls these "deprecated in 3.0 (compat shim)"; the shim is gone in the sandbox's Airflow 3.3.1.
// Bracketed with the apache-airflow-core wheels: present in `last`, absent from `first`.
const COMPAT_SHIM_REMOVED = {
  '3.2': {
    last: '3.1.8', first: '3.2.1', paths: [
      'airflow.datasets.Dataset',
      'airflow.datasets.DatasetAlias',
      'airflow.datasets.DatasetAll',
      'airflow.datasets.DatasetAny',
      'airflow.datasets.expand_alias_to_datasets',
      'airflow.datasets.metadata.Metadata',
      'airflow.timetables.datasets.DatasetOrTimeSchedule',
      'airflow.utils.dag_parsing_context.get_parsing_context',
    ],
  },
  // Airflow 2's `airflow.io.store` became `airflow.io.storage` at 3.0; no 3.x has the old module.
  '3.0': { last: '2.11.2', first: '3.0.6', paths: ['airflow.io.store.attach'] },
};

function applyGroundTruth(names, notes) {
  const byOld = new Map(names.map((n) => [n.old, n]));
  const row = (old) => {
    const n = byOld.get(old);
    if (!n) throw new Error(`ground-truth correction for a path not in the table: ${old}`);
    return n;
  };
  for (const [version, paths] of Object.entries(REMOVED_BEFORE_2_11)) {
    const [last, first] = BRACKETS[version];
    for (const old of paths) {
      const n = row(old);
      notes.corrected.push(`\`${old}\`: removed_in ${n.removedIn ?? '(empty)'} -> ${version} (does not import in Airflow 2.11.2; in apache-airflow ${last}, gone in ${first})`);
      n.removedIn = version;
    }
  }
  for (const [version, { last, first, paths }] of Object.entries(COMPAT_SHIM_REMOVED)) {
    for (const old of paths) {
      const n = row(old);
      notes.corrected.push(`\`${old}\`: ${n.rule} compat shim -> removed in ${version} (does not import in Airflow 3.3.1; in apache-airflow(-core) ${last}, gone in ${first}); ruff's code kept`);
      n.removedIn = version;
    }
  }
  for (const old of SHIMMED_IN_3) {
    const n = row(old);
    notes.corrected.push(`\`${old}\`: ${n.rule} "removed in 3.0" -> deprecated in 3.0 (imports with DeprecatedImportWarning in Airflow 3.3.1; the shim is in apache-airflow-core 3.0.6 too); ruff's code kept`);
    delete n.removedIn;
    n.deprecatedIn = minVersion(n.deprecatedIn, '3.0');
  }
}

// ---------------------------------------------------------------- arguments
// The argument rows are prose-shaped ("airflow.DAG/dag(concurrency=)"); each known row is mapped
// here to a structured target. An unknown row stops the generator so nothing is silently lost.
const DAG = { kind: 'dag' };
const OPERATOR = { kind: 'operator' };
const RUFF_ARGS = {
  'airflow.DAG/dag(concurrency=)': { target: DAG, arg: 'concurrency' },
  'airflow.DAG/dag(fail_stop=)': { target: DAG, arg: 'fail_stop' },
  'airflow.DAG/dag(schedule_interval=)': { target: DAG, arg: 'schedule_interval' },
  'airflow.DAG/dag(timetable=)': { target: DAG, arg: 'timetable' },
  'airflow.DAG/dag(default_view=)': { target: DAG, arg: 'default_view' },
  'airflow.DAG/dag(orientation=)': { target: DAG, arg: 'orientation' },
  'airflow.sdk.Variable.get(default_var=)': { target: { kind: 'method', classPaths: ['airflow.sdk.Variable'], methods: ['get'] }, arg: 'default_var' },
  '<any airflow/provider *Operator>(task_concurrency=)': { target: OPERATOR, arg: 'task_concurrency' },
  '<any airflow/provider *Operator>(provide_context=)': { target: OPERATOR, arg: 'provide_context' },
  'TriggerDagRunOperator(execution_date=)': { target: { kind: 'class', names: ['TriggerDagRunOperator'] }, arg: 'execution_date' },
  'BranchDateTimeOperator|BranchDayOfWeekOperator|DayOfWeekSensor(use_task_execution_day=)': {
    target: { kind: 'class', names: ['BranchDateTimeOperator', 'BranchDayOfWeekOperator', 'DayOfWeekSensor'] },
    arg: 'use_task_execution_day',
  },
  '*TaskHandler(filename_template=)': { target: { kind: 'classSuffix', suffix: 'TaskHandler' }, arg: 'filename_template' },
  "@task / operator trigger_rule='dummy' (TriggerRule.DUMMY)": { target: OPERATOR, arg: 'trigger_rule', value: 'dummy', replacementValue: 'always' },
  'airflow.DAG/dag(sla_miss_callback=)': { target: DAG, arg: 'sla_miss_callback' },
  '<any *Operator>(sla=)': { target: OPERATOR, arg: 'sla' },
  'DatasetOrTimeSchedule(datasets=)': { target: { kind: 'class', names: ['DatasetOrTimeSchedule', 'AssetOrTimeSchedule'] }, arg: 'datasets' },
};
const UNSUPPORTED_ARGS = {
  'AirflowPlugin subclass attributes executors/operators/sensors/hooks': 'class attributes of AirflowPlugin subclasses, not a call argument',
};
const DEP_ARGS = {
  'airflow.models.dag.DAG(schedule_interval=)': { target: DAG, arg: 'schedule_interval' },
  'airflow.models.dag.DAG(timetable=)': { target: DAG, arg: 'timetable' },
  'airflow.models.dag.DAG(concurrency=)': { target: DAG, arg: 'concurrency' },
  'airflow.models.baseoperator.BaseOperator(task_concurrency=)': { target: OPERATOR, arg: 'task_concurrency' },
  "airflow.utils.trigger_rule.TriggerRule.DUMMY (trigger_rule='dummy')": { target: OPERATOR, arg: 'trigger_rule', value: 'dummy', replacementValue: 'always' },
  "airflow.utils.trigger_rule.TriggerRule.NONE_FAILED_OR_SKIPPED (trigger_rule='none_failed_or_skipped')": {
    target: OPERATOR, arg: 'trigger_rule', value: 'none_failed_or_skipped', replacementValue: 'none_failed_min_one_success',
  },
  'airflow.models.xcom.XCom.set/get_one/get_many/clear(execution_date=)': {
    target: { kind: 'method', classPaths: ['airflow.models.xcom.XCom', 'airflow.models.XCom'], methods: ['set', 'get_one', 'get_many', 'clear'] },
    arg: 'execution_date', replacement: 'run_id',
  },
  'airflow.operators.datetime.BranchDateTimeOperator(use_task_execution_date=)': {
    target: { kind: 'class', names: ['BranchDateTimeOperator'] }, arg: 'use_task_execution_date',
  },
  'airflow.operators.weekday.BranchDayOfWeekOperator(use_task_execution_day=)': {
    target: { kind: 'class', names: ['BranchDayOfWeekOperator', 'DayOfWeekSensor', 'BranchDateTimeOperator'] }, arg: 'use_task_execution_day',
  },
  "airflow.models.dag.DAG(default_view='tree')": { target: DAG, arg: 'default_view', value: 'tree', replacementValue: 'grid' },
  // The 2.x table dates provide_context "removed 2.0"; in Airflow 2 an unknown operator argument
  // only raises RemovedInAirflow3Warning, so the removal is taken from ruff's row (3.0).
  'airflow.operators.python.PythonOperator(provide_context=)': { target: OPERATOR, arg: 'provide_context', keepRemoval: false },
};

function argKey(a) {
  return JSON.stringify([a.target, a.arg, a.value ?? null]);
}

function replacementArg(text) {
  const m = /\(?([A-Za-z_][A-Za-z0-9_]*)=\)?$/.exec(text.trim());
  return m ? m[1] : undefined;
}

function buildArguments(ruffRows, depRows, notes) {
  const args = new Map();
  const merge = (spec, fields) => {
    const { keepRemoval, ...clean } = spec;
    const key = argKey(clean);
    const e = args.get(key) ?? { ...clean };
    if (fields.rule) e.rule = fields.rule;
    e.deprecatedIn = minVersion(e.deprecatedIn, fields.deprecatedIn);
    if (fields.removedIn && keepRemoval !== false) e.removedIn = e.removedIn ?? fields.removedIn;
    if (fields.replacement && !e.replacement && !clean.replacementValue) e.replacement = fields.replacement;
    if (!e.deprecatedIn) delete e.deprecatedIn;
    args.set(key, e);
  };
  for (const r of ruffRows) {
    if (r.kind !== 'Argument') continue;
    if (UNSUPPORTED_ARGS[r.old]) {
      notes.unsupported.push(`${r.rule} ${r.old}: ${UNSUPPORTED_ARGS[r.old]}`);
      continue;
    }
    const spec = RUFF_ARGS[r.old];
    if (!spec) throw new Error(`moved-and-removed-names.tsv line ${r._line}: unmapped argument row ${r.old}`);
    const removed = r.rule === 'AIR301';
    merge(spec, {
      rule: r.rule,
      removedIn: removed ? '3.0' : undefined,
      deprecatedIn: removed ? undefined : '3.0',
      replacement: replacementArg(r.new),
    });
  }
  for (const r of depRows) {
    if (r.kind !== 'argument') continue;
    const spec = DEP_ARGS[r.old];
    if (!spec) throw new Error(`deprecated-in-2x.tsv line ${r._line}: unmapped argument row ${r.old}`);
    merge(spec, {
      deprecatedIn: r.deprecated_in || undefined,
      removedIn: r.removed_in || undefined,
      replacement: spec.replacement ?? replacementArg(r.new),
    });
  }
  return [...args.values()];
}

// ---------------------------------------------------------------- context keys
function buildContextKeys(ruffRows, depRows) {
  const keys = new Map();
  for (const r of ruffRows) {
    if (r.kind !== 'ContextKey') continue;
    const m = /^context\["([A-Za-z_0-9]+)"\]$/.exec(r.old);
    if (!m) throw new Error(`line ${r._line}: bad context key ${r.old}`);
    const e = keys.get(m[1]) ?? { key: m[1] };
    e.rule = r.rule;
    e.removedIn = '3.0';
    const n = /^context\["([A-Za-z_0-9]+)"\]$/.exec(r.new);
    if (n) e.replacement = n[1];
    keys.set(m[1], e);
  }
  for (const r of depRows) {
    if (r.kind !== 'context_key') continue;
    const e = keys.get(r.old) ?? { key: r.old };
    e.deprecatedIn = minVersion(e.deprecatedIn, r.deprecated_in || undefined);
    if (r.removed_in && !e.removedIn) e.removedIn = r.removed_in;
    if (r.new && !e.replacement) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(r.new)) e.replacement = r.new;
      else e.hint = r.new.split(';').join(' or ');
    }
    keys.set(r.old, e);
  }
  return [...keys.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

// ---------------------------------------------------------------- constraints
function readPins(text) {
  const pins = {};
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;]+)/.exec(line);
    if (m) pins[m[1].toLowerCase().replace(/[-_.]+/g, '-')] = m[2];
  }
  return pins;
}

function buildConstraintsIndex(files, read) {
  const versions = [];
  for (const f of files) {
    const m = /^constraints-(\d+\.\d+\.\d+)-py(\d+\.\d+)\.txt$/.exec(f);
    if (!m) continue;
    const [, airflow, python] = m;
    const essentialFile = files.includes(`mwaa-essential-constraints-${airflow}.txt`) ? `mwaa-essential-constraints-${airflow}.txt` : null;
    // Before MWAA published an essential list, apache-airflow itself is the pin it enforces.
    const essentialPins = essentialFile ? readPins(read(essentialFile)) : { 'apache-airflow': airflow };
    versions.push({
      airflow,
      python,
      constraintsFile: f,
      upstreamUrl: `https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt`,
      essentialFile,
      essentialPins,
    });
  }
  versions.sort((a, b) => (versionKey(a.airflow) < versionKey(b.airflow) ? -1 : 1));
  return { schema: 1, newest: versions[versions.length - 1].airflow, versions };
}

// ---------------------------------------------------------------- provenance
function provenance(airflowReadme, constraintsProvenance, notes, counts) {
  return `# Provenance of src/data (generated by scripts/gen-lint-data.mjs; do not edit by hand)

Regenerate with \`node scripts/gen-lint-data.mjs\` when \`../shared/data\` is present; without it the
script validates these files. \`--check\` fails when they differ from a fresh generation.

## lint-rules.json

Built from \`../shared/data/airflow/\`: ${counts.names} names, ${counts.arguments} arguments, ${counts.contextKeys} context keys.

How the documented doubts are handled:
- An old path with several rows in \`deprecated-in-2x.tsv\` keeps the row whose source is a 2.x
  \`__init__.py\` shim (${notes.duplicates2x.length} paths: ${[...new Set(notes.duplicates2x)].slice(0, 5).join(', ')}, ...).
- Two ruff rows for one path: the removal wins over the deprecation (${notes.duplicatesRuff.join('; ') || 'none'}).
- \`*\` in a path is kept as a wildcard segment and matched at run time (exact paths win). An exact
  2.x row under a ruff wildcard row takes that row's ruff code, as ruff reports every path under it
  (${Object.entries(notes.wildcardRules).map(([w, c]) => `${c} rows under \`${w}\``).join(', ') || 'none'}).
- Empty \`removed_in\`: the name is only deprecated (never reported as an error).
- Module rows whose replacement joins several modules with \`;\` keep all of them as a hint and get no
  automatic fix.
- Argument rows are prose; each is mapped to a structured target in the generator, and an unknown row
  stops generation. Not representable as a call argument: ${notes.unsupported.join('; ') || 'none'}.
- \`provide_context\`: the 2.x table says removed in 2.0; Airflow 2 only warns
  (RemovedInAirflow3Warning) on unknown operator arguments, so the removal is ruff's 3.0.
- Members of classes (\`DAG.create_dagrun\`, \`ProvidersManager.dataset_factories\`): ruff checks four
  attributes on any read (\`ruffOnRead\`) and the other members only when called; the linter codes a
  finding \`AIR3xx\` only where ruff would report it, \`MWAA3xx\` otherwise.
- Rows skipped as not a dotted path: ${notes.skipped.join('; ') || 'none'}.

### Rows corrected by the real-Airflow ground-truth test

\`test/sandbox/lintGroundTruth.test.ts\` imports every "removed in 3.0" path in the sandbox's Airflow
3.3.1 venv (must fail) and every path deprecated during 2.x in its Airflow 2.11.2 venv (must import
and warn). These ${notes.corrected.length} rows contradicted it and are corrected in the generator (removal versions
bracketed with the apache-airflow wheels of the named releases):
${notes.corrected.map((c) => `- corrected by the real-Airflow ground-truth test: ${c}`).join('\n')}

### ../shared/data/airflow/README.md (verbatim)

${airflowReadme.trim()}

## constraints/ and constraints-index.json

\`constraints/\` holds verbatim copies of \`../shared/data/constraints/\` (with its PROVENANCE.txt);
\`constraints-index.json\` maps each MWAA Airflow version to its constraints file, Python version, the
upstream constraints URL and MWAA's essential pins (from \`mwaa-essential-constraints-<ver>.txt\`;
versions without that file get \`apache-airflow\` only).

### ../shared/data/constraints/PROVENANCE.txt (verbatim)

${constraintsProvenance.trim()}
`;
}

// ---------------------------------------------------------------- main
// One array element per line: compact to load, still readable in a diff.
function stableJson(value) {
  const parts = Object.entries(value).map(([k, v]) => {
    const body = Array.isArray(v) ? `[\n${v.map((x) => '  ' + JSON.stringify(x)).join(',\n')}\n ]` : JSON.stringify(v);
    return ` ${JSON.stringify(k)}: ${body}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}

function generate() {
  const airflowDir = path.join(sharedData, 'airflow');
  const constraintsDir = path.join(sharedData, 'constraints');
  const ruffRows = readTsv(path.join(airflowDir, 'moved-and-removed-names.tsv'));
  const depRows = readTsv(path.join(airflowDir, 'deprecated-in-2x.tsv'));
  const notes = { duplicates2x: [], duplicatesRuff: [], unsupported: [], skipped: [], corrected: [], wildcardRules: {} };
  const names = buildNames(ruffRows, depRows, notes);
  applyGroundTruth(names, notes);
  inheritWildcardRules(names, notes);
  const rules = {
    schema: 1,
    names,
    arguments: buildArguments(ruffRows, depRows, notes),
    contextKeys: buildContextKeys(ruffRows, depRows),
  };
  const constraintFiles = fs.readdirSync(constraintsDir).sort();
  const read = (f) => fs.readFileSync(path.join(constraintsDir, f), 'utf8');
  const index = buildConstraintsIndex(constraintFiles, read);
  const outputs = new Map();
  outputs.set('lint-rules.json', stableJson(rules));
  outputs.set('constraints-index.json', stableJson(index));
  for (const f of constraintFiles) outputs.set(path.join('constraints', f), fs.readFileSync(path.join(constraintsDir, f)));
  const counts = { names: rules.names.length, arguments: rules.arguments.length, contextKeys: rules.contextKeys.length };
  outputs.set('PROVENANCE.md', provenance(fs.readFileSync(path.join(airflowDir, 'README.md'), 'utf8'), read('PROVENANCE.txt'), notes, counts));
  return { outputs, counts };
}

function validate() {
  const rules = JSON.parse(fs.readFileSync(path.join(outDir, 'lint-rules.json'), 'utf8'));
  if (rules.schema !== 1 || !Array.isArray(rules.names) || rules.names.length < 100) throw new Error('lint-rules.json looks wrong');
  if (!Array.isArray(rules.arguments) || !Array.isArray(rules.contextKeys)) throw new Error('lint-rules.json lacks arguments/contextKeys');
  const index = JSON.parse(fs.readFileSync(path.join(outDir, 'constraints-index.json'), 'utf8'));
  for (const v of index.versions) {
    if (!fs.existsSync(path.join(outDir, 'constraints', v.constraintsFile))) throw new Error(`missing constraints/${v.constraintsFile}`);
  }
  if (!fs.existsSync(path.join(outDir, 'constraints', 'PROVENANCE.txt'))) throw new Error('missing constraints/PROVENANCE.txt');
  if (!fs.existsSync(path.join(outDir, 'PROVENANCE.md'))) throw new Error('missing PROVENANCE.md');
  return { names: rules.names.length, versions: index.versions.length };
}

if (!fs.existsSync(path.join(sharedData, 'airflow'))) {
  const v = validate();
  console.log(`gen-lint-data: ${sharedData} not present; validated committed data (${v.names} names, ${v.versions} MWAA versions)`);
  process.exit(0);
}

const { outputs, counts } = generate();
let differ = 0;
for (const [rel, content] of outputs) {
  const file = path.join(outDir, rel);
  const old = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  const same = old !== undefined && Buffer.compare(old, Buffer.from(content)) === 0;
  if (same) continue;
  differ++;
  if (checkOnly) console.error(`gen-lint-data: ${rel} is out of date`);
  else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
if (checkOnly && differ > 0) process.exit(1);
validate();
console.log(`gen-lint-data: ${counts.names} names, ${counts.arguments} arguments, ${counts.contextKeys} context keys; ${differ} file(s) ${checkOnly ? 'differ' : 'written'}`);
