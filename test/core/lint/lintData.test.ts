import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { replacementFor } from '../../../src/core/lint/ruleTable';
import { rules } from './lintSetup';

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
