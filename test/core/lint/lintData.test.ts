import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildLintRules } from '../../../scripts/lintData/lintRules';
import { parseDeprecationTable, parseRuffTable } from '../../../scripts/lintData/sourceTables';
import { matchWildcard, replacementFor } from '../../../src/core/lint/ruleTable';
import { DATA_DIR, rules } from './lintSetup';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const GEN = path.join(REPO, 'scripts', 'gen-lint-data.mjs');

test('rule table: duplicate 2.x rows prefer the __init__.py shim row', () => {
  const r = rules.lookupName('airflow.contrib.hooks.aws_athena_hook.AWSAthenaHook')!;
  assert.equal(r.replacement, 'airflow.providers.amazon.aws.hooks.athena.AthenaHook');
});

test('rule table: ruff removal wins over a deprecation row for the same path', () => {
  assert.equal(rules.lookupName('airflow.datasets.DatasetAliasEvent')!.removedIn, '3.0');
});

test('rule table: replacement depends on the target (2.x path vs provider path)', () => {
  const r = rules.lookupName('airflow.operators.dummy.DummyOperator')!;
  assert.equal(replacementFor(r, '2.10.3')!.path, 'airflow.operators.empty.EmptyOperator');
  assert.deepEqual(replacementFor(r, '3.0.6'), {
    path: 'airflow.providers.standard.operators.empty.EmptyOperator',
    requires: { package: 'apache-airflow-providers-standard', version: '0.0.2' },
  });
});

test('generator: validates committed data when ../shared is absent, and is up to date when present', () => {
  const absent = spawnSync(process.execPath, [GEN], { encoding: 'utf8', env: { ...process.env, MWAA_SHARED_DATA: path.join(REPO, 'no-such-dir') } });
  assert.equal(absent.status, 0, absent.stderr);
  assert.match(absent.stdout, /validated committed data \(\d+ names, 17 MWAA versions\)/);
  const check = spawnSync(process.execPath, [GEN, '--check'], { encoding: 'utf8' });
  if (/not present/.test(check.stdout)) return; // a fresh clone without ../shared: nothing to compare with
  assert.equal(check.status, 0, check.stderr);
});

test('matchWildcard: `*` is zero or more segments (ruff\'s `..`), anywhere in the pattern', () => {
  const m = (pattern: string, path: string) => matchWildcard(pattern.split('.'), path.split('.'));
  assert.ok(m('airflow.models.*.Param', 'airflow.models.Param'));
  assert.ok(m('airflow.models.*.Param', 'airflow.models.param.Param'));
  assert.ok(m('airflow.models.*.Param', 'airflow.models.a.b.Param'));
  assert.ok(!m('airflow.models.*.Param', 'airflow.models.param.ParamsDict'));
  assert.ok(!m('airflow.models.*.Param', 'airflow.sdk.Param'));
  assert.ok(m('airflow.contrib.*', 'airflow.contrib'));
  assert.ok(m('airflow.contrib.*', 'airflow.contrib.hooks.gcs_hook.GCSHook'));
  assert.ok(!m('airflow.contrib.*', 'airflow.contribution'));
  assert.ok(!m('airflow.contrib.*', 'airflow'));
  assert.ok(m('a.*.b.*.c', 'a.b.c'));
  assert.ok(m('a.*.b.*.c', 'a.x.b.y.z.c'));
  assert.ok(!m('a.*.b.*.c', 'a.x.c'));
});

test('rule table: exact rows win over wildcard rows; wildcard rows cover the package itself', () => {
  assert.equal(rules.lookupName('airflow.contrib.hooks.aws_athena_hook.AWSAthenaHook')!.old, 'airflow.contrib.hooks.aws_athena_hook.AWSAthenaHook');
  assert.equal(rules.lookupName('airflow.contrib')!.old, 'airflow.contrib.*');
  assert.equal(rules.lookupName('airflow.models.Param')!.old, 'airflow.models.*.Param');
  assert.equal(rules.lookupName('airflow.models'), undefined);
});

test('generated data: added rows carry their facts and where ruff looks; same-target argument rows are one entry', () => {
  const byOld = (old: string) => rules.data.names.find((n) => n.old === old);
  assert.deepEqual(
    { ...byOld('airflow.utils.trigger_rule.TriggerRule.NONE_FAILED_OR_SKIPPED') },
    { old: 'airflow.utils.trigger_rule.TriggerRule.NONE_FAILED_OR_SKIPPED', rule: 'AIR301', removedIn: '3.0', kind: 'name', ruffArgument: 'trigger_rule', replacement3: 'airflow.utils.trigger_rule.TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS' },
  );
  const apply = byOld('airflow.utils.decorators.apply_defaults')!;
  assert.deepEqual([apply.kind, apply.deprecatedIn, apply.removedIn, apply.rule, apply.ruffDecorator], ['decorator', '2.1', '3.0', 'AIR301', true]);
  assert.equal(byOld('airflow.utils.types.DagRunType.DATASET_TRIGGERED')!.rule, undefined);
  const args = rules.data.arguments;
  assert.equal(args.filter((a) => a.arg === 'use_task_execution_day').length, 1);
  const fab = args.find((a) => a.arg === 'appbuilder')!;
  assert.deepEqual([fab.position, fab.rule, fab.removedIn], [0, 'AIR301', '3.0']);
  const values = args.filter((a) => a.arg === 'trigger_rule').map((a) => [a.value, a.rule, a.ruffOnTask ?? false, a.notRuff ?? false, a.deprecatedIn]);
  assert.deepEqual(values, [['dummy', 'AIR301', false, true, '2.2'], ['none_failed_or_skipped', 'AIR301', true, false, '2.2']]);
  const provenance = fs.readFileSync(path.join(DATA_DIR, 'PROVENANCE.md'), 'utf8');
  assert.match(provenance, /`\*` in a path is ruff's `\.\.`: zero or more module segments/);
  assert.match(provenance, /Airflow 3 \(ours, MWAA3xx\) `airflow\.utils\.types\.DagRunType\.DATASET_TRIGGERED` removed in 3\.0: .*ASSET_TRIGGERED/);
});

const EMPTY_RUFF = { statuses: [], checkedOnRead: { provenance: '', paths: [] }, checkedAsArgument: { provenance: '', paths: {} }, checkedAsDecorator: { provenance: '', paths: [] }, argumentsOnTask: { provenance: '', rows: [] }, argumentsNotReported: { provenance: '', rows: [] } };
const NO_ADDED = { ruff: [], airflow3: [], deprecatedIn2x: [] };
const NO_TRUTH = { removedBefore2_11: [], compatShimRemoved: [], stillShimmedIn3: [] };

test('generator: an added Airflow 3 row for a path the tables have stops generation; so does a ruff-site row naming no ruff row', () => {
  const dep = parseDeprecationTable('old\tnew\tdeprecated_in\tremoved_in\tkind\tsource\nairflow.a.B\t\t2.0\t3.0\tclass\tx\n');
  const tables = (over: object) => ({ groundTruth: NO_TRUTH, argumentTargets: { ruff: [], deprecatedIn2x: [], unsupported: [] }, ruff: EMPTY_RUFF, added: NO_ADDED, ...over });
  assert.equal(buildLintRules([], dep, tables({})).rules.names.length, 1);
  const clash = { ...NO_ADDED, airflow3: [{ old: 'airflow.a.B', new: '', removedIn: '3.0', kind: 'constant', provenance: 'p' }] };
  assert.throws(() => buildLintRules([], dep, tables({ added: clash })), /airflow\.a\.B is already in the source tables/);
  const stray = { ...EMPTY_RUFF, checkedAsDecorator: { provenance: '', paths: ['airflow.nowhere'] } };
  assert.throws(() => buildLintRules([], dep, tables({ ruff: stray })), /airflow\.nowhere is not a ruff row/);
});

test('generator: argument rows for the same classes in another order merge into one entry', () => {
  const ruffRows = parseRuffTable('rule\tstatus\told\tnew\trequires\tkind\tmessage\nAIR301\targument\tX|Y(arg=)\t\t\tArgument\t\n');
  const dep = parseDeprecationTable('old\tnew\tdeprecated_in\tremoved_in\tkind\tsource\nY(arg=)\t\t2.3\t\targument\tnotes\n');
  const mapping = (row: string, names: string[]) => ({ row, argument: { target: { kind: 'class' as const, names }, arg: 'arg' }, provenance: 'p' });
  const argumentTargets = { ruff: [mapping('X|Y(arg=)', ['X', 'Y'])], deprecatedIn2x: [mapping('Y(arg=)', ['Y', 'X'])], unsupported: [] };
  const built = buildLintRules(ruffRows, dep, { groundTruth: NO_TRUTH, argumentTargets, ruff: EMPTY_RUFF, added: NO_ADDED });
  assert.deepEqual(built.rules.arguments, [{ target: { kind: 'class', names: ['X', 'Y'] }, arg: 'arg', rule: 'AIR301', removedIn: '3.0', deprecatedIn: '2.3' }]);
});
