import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParseResult, ResolveVerdict } from '../../../../src/core/runtime/runtimeTypes';
import { summaryMarkdown } from '../../../../src/features/localRuntime/parseSummary';
import { newImportErrors, packageChanges, upgradeMarkdown } from '../../../../src/features/localRuntime/upgradeReport';

const parse = (file: string, over: Partial<ParseResult> = {}): ParseResult => ({ file, dags: [], errors: [], parseMs: 250, timeoutSeconds: 30, ...over });
const dag = (dagId: string, file: string) => ({ dagId, file, line: 4, taskCount: 2 });
const err = (file: string, message: string, kind: 'import' | 'syntax' = 'import') => ({ file, line: 7, kind, message, detail: message });
const ok = (pkgs: Record<string, string>): ResolveVerdict => ({ status: 'ok', packages: new Map(Object.entries(pkgs)), ms: 900 });

test('the folder summary lists every DAG with file and time, every import error with file:line, and files without DAGs', () => {
  const md = summaryMarkdown({
    folder: '/w/dags', airflowVersion: '2.11.2', pythonVersion: '3.12', notParsed: 1, truncated: false, wallMs: 1500,
    results: [
      parse('/w/dags/a.py', { dags: [dag('alpha', '/w/dags/a.py'), dag('beta|x', '/w/dags/a.py')] }),
      parse('/w/dags/team/broken.py', { errors: [err('/w/dags/team/helper.py', "ModuleNotFoundError: No module named 'x'")] }),
      parse('/w/dags/empty.py', { parseMs: 40 }),
    ],
  });
  assert.match(md, /3 files parsed in 1\.5 s: \*\*2 DAGs\*\*, \*\*1 import error\*\*/);
  assert.match(md, /\| alpha \| a\.py:4 \| 2 \| 0\.3 s \|/);
  assert.match(md, /\| beta\\\|x \| a\.py:4 \|/, 'a | in an id cannot break the table');
  assert.match(md, /- \*\*team\/helper\.py:7\*\* \(import, while parsing team\/broken\.py\): ModuleNotFoundError: No module named 'x'/);
  assert.match(md, /## Files without DAGs\n\n- empty\.py \(0\.0 s\)/);
  assert.match(md, /1 file was not parsed \(cancelled\)/);
});

test('upgrade: only errors new in the target count as caused by it; fixed ones are mentioned', () => {
  const from = [parse('/w/a.py', { errors: [err('/w/a.py', 'old problem')] }), parse('/w/b.py', { dags: [dag('b', '/w/b.py')] })];
  const to = [parse('/w/a.py'), parse('/w/b.py', { errors: [err('/w/b.py', "ImportError: cannot import name 'DummyOperator'")] })];
  assert.deepEqual(newImportErrors(from, to).map((e) => e.message), ["ImportError: cannot import name 'DummyOperator'"]);
  const md = upgradeMarkdown({
    folder: '/w', requirementsFile: undefined,
    from: { airflowVersion: '2.10.3', pythonVersion: '3.11', parses: from, resolve: undefined },
    to: { airflowVersion: '3.0.6', pythonVersion: '3.12', parses: to, resolve: undefined },
  });
  assert.match(md, /# Upgrade test: Airflow 2\.10\.3 → 3\.0\.6/);
  assert.match(md, /## Import errors the upgrade causes \(1\)\n\n- \*\*b\.py:7\*\* \(import\): ImportError: cannot import name 'DummyOperator'/);
  assert.match(md, /that 3\.0\.6 no longer has: 1 \(a\.py\)/);
  assert.match(md, /No requirements\.txt beside the DAGs folder/);
});

test('upgrade: requirements that no longer resolve, and package versions that change', () => {
  const conflict: ResolveVerdict = { status: 'conflict', ms: 10, problems: [{ file: '/w/requirements.txt', line: 3, project: 'dbt-core', message: 'dbt-core 1.7 needs protobuf<5, Airflow 3.0.6 pins protobuf 5.29' }] };
  const md = upgradeMarkdown({
    folder: '/w/dags', requirementsFile: '/w/requirements.txt',
    from: { airflowVersion: '2.10.3', pythonVersion: '3.11', parses: [], resolve: ok({ 'dbt-core': '1.7.0' }) },
    to: { airflowVersion: '3.0.6', pythonVersion: '3.12', parses: [], resolve: conflict },
  });
  assert.match(md, /On 2\.10\.3: resolves \(1 packages\)/);
  assert.match(md, /On 3\.0\.6: \*\*does not resolve\*\* \(1 problem\)/);
  assert.match(md, /lines that no longer resolve on 3\.0\.6 \(1\)\n\n- line 3 \(dbt-core\): dbt-core 1\.7 needs protobuf<5/);
  assert.match(md, /Not compared: both resolutions must succeed first/);
  assert.deepEqual(packageChanges(ok({ a: '1', b: '2', c: '3' }), ok({ a: '1', b: '2.1', d: '4' })), [
    { name: 'b', from: '2', to: '2.1' }, { name: 'c', from: '3', to: undefined }, { name: 'd', from: undefined, to: '4' },
  ]);
  const both = upgradeMarkdown({
    folder: '/w/dags', requirementsFile: '/w/requirements.txt',
    from: { airflowVersion: '2.10.3', pythonVersion: '3.11', parses: [], resolve: ok({ boto3: '1.34.0', x: '1' }) },
    to: { airflowVersion: '2.11.2', pythonVersion: '3.12', parses: [], resolve: ok({ boto3: '1.35.5', x: '1' }) },
  });
  assert.match(both, /## Package versions that change \(1\)\n\n\| Package \| 2\.10\.3 \| 2\.11\.2 \|\n\| --- \| --- \| --- \|\n\| boto3 \| 1\.34\.0 \| 1\.35\.5 \|/);
});
