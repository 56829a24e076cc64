import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FaultInjector } from '../../sandbox/src/faults';
import { disallowedReason, splitCommand } from '../../sandbox/src/mwaa/state/cliCommands';
import { syntheticEnvironments } from '../../sandbox/src/mwaa/state/config';
import { compileFilterPattern } from '../../sandbox/src/mwaa/fronts/filterPattern';
import { installPlan } from '../../sandbox/src/mwaa/state/requirements';
import { CONSTRAINTS_DIR } from '../../sandbox/src/airflow/venv';
import { normaliseKey } from '../../sandbox/src/mwaa/state/updates';

describe('filter patterns (live tail subset)', () => {
  it('plain terms must all occur, case-sensitively', () => {
    const m = compileFilterPattern('ERROR task');
    assert.equal(m('ERROR in task x'), true);
    assert.equal(m('error in task x'), false);
    assert.equal(m('ERROR only'), false);
  });
  it('phrases, exclusions, alternatives and regex', () => {
    assert.equal(compileFilterPattern('"Task exited"')('INFO - Task exited with return code 0'), true);
    assert.equal(compileFilterPattern('"Task exited"')('Task has exited'), false);
    assert.equal(compileFilterPattern('INFO -DEBUG')('INFO DEBUG x'), false);
    assert.equal(compileFilterPattern('?WARN ?ERROR')('a WARN b'), true);
    assert.equal(compileFilterPattern('?WARN ?ERROR')('a INFO b'), false);
    assert.equal(compileFilterPattern('%attempt=\\d+%')('attempt=3'), true);
    assert.throws(() => compileFilterPattern('{ $.level = "x" }'), /not JSON/);
  });
});

describe('MWAA CLI command handling', () => {
  it('splits like a shell and applies the MWAA allow-list', () => {
    assert.deepEqual(splitCommand(`dags trigger my_dag -c '{"k": "v w"}'`), ['dags', 'trigger', 'my_dag', '-c', '{"k": "v w"}']);
    assert.equal(disallowedReason(['dags', 'trigger', 'x']), undefined);
    assert.equal(disallowedReason(['version']), undefined);
    assert.match(disallowedReason(['db', 'reset']) ?? '', /not a supported command/);
    assert.match(disallowedReason(['users', 'create']) ?? '', /not a supported command/);
    assert.throws(() => splitCommand(`dags trigger 'x`), /unterminated/);
  });
});

describe('fault injector', () => {
  it('is deterministic for a seed and honours counts and scope', () => {
    const draw = (seed: number) => {
      const f = new FaultInjector([{ kind: 'throttle', service: 'mwaa', operation: 'GetEnvironment', probability: 0.5 }], seed);
      return Array.from({ length: 20 }, () => f.take('mwaa', 'GetEnvironment', 'us-east-1').length);
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    const f = new FaultInjector([{ kind: 'accessDenied', operation: 'ListEnvironments', region: 'eu-west-1', count: 2 }]);
    assert.equal(f.take('mwaa', 'ListEnvironments', 'us-east-1').length, 0);
    assert.equal(f.take('mwaa', 'GetEnvironment', 'eu-west-1').length, 0);
    assert.equal(f.take('mwaa', 'ListEnvironments', 'eu-west-1').length, 1);
    assert.equal(f.take('s3', 'ListEnvironments', 'eu-west-1').length, 1);
    assert.equal(f.take('mwaa', 'ListEnvironments', 'eu-west-1').length, 0);
    assert.throws(() => f.add({ kind: 'nope' as never }), /kind/);
  });
});

describe('requirements and paths', () => {
  it('installs requirements under MWAA\'s installer model: essential pins, Airflow\'s unless the file has a constraint line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-units-req-'));
    try {
      const constraintArgs = (args: string[]) => args.flatMap((a, i) => (args[i - 1] === '-c' ? [path.basename(a)] : []));
      const bundled = path.join(CONSTRAINTS_DIR, 'constraints-2.11.2-py3.12.txt');
      // Airflow's published URL (GitHub is not needed): read from the bundled copy, and it is the file's own constraint line.
      const url = installPlan('/py', '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"\nrequests\n', dir, '2.11.2');
      assert.deepEqual(url.args.slice(0, 3), ['pip', 'install', '--dry-run']);
      assert.equal(url.args[url.args.indexOf('--python') + 1], '/py');
      assert.equal(url.ownConstraints, true);
      assert.deepEqual(constraintArgs(url.args), ['essential-constraints.txt']);
      assert.equal(fs.readFileSync(url.requirementsFile, 'utf8'), `--constraint ${JSON.stringify(bundled)}\nrequests\n`);
      assert.match(fs.readFileSync(path.join(dir, 'essential-constraints.txt'), 'utf8'), /^apache-airflow==2\.11\.2$/m);
      // No constraint line: MWAA adds Airflow's constraints of the version.
      const plain = installPlan('/py', 'boto3\n', dir, '2.11.2');
      assert.equal(plain.ownConstraints, false);
      assert.deepEqual(constraintArgs(plain.args), ['essential-constraints.txt', 'airflow-constraints.txt']);
      assert.equal(fs.readFileSync(path.join(dir, 'airflow-constraints.txt'), 'utf8'), fs.readFileSync(bundled, 'utf8'));
      assert.equal(fs.readFileSync(plain.requirementsFile, 'utf8'), 'boto3\n');
      // MWAA's rule is a plain search: a commented constraint line counts too.
      assert.equal(installPlan('/py', '# -c nothing.txt\nboto3\n', dir, '2.11.2').ownConstraints, true);
      assert.throws(() => installPlan('/py', 'boto3\n', dir, '9.9.9'), /not an Airflow version MWAA offers/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('normalises S3 paths', () => {
    assert.equal(normaliseKey('s3://airflow-x/requirements.txt', 'airflow-x'), 'requirements.txt');
    assert.equal(normaliseKey('/dags/a.py', 'airflow-x'), 'dags/a.py');
  });
  it('spreads synthetic environments over regions and statuses', () => {
    const envs = syntheticEnvironments({ count: 100, statuses: ['AVAILABLE', 'UPDATING', 'UPDATE_FAILED'] });
    assert.equal(envs.length, 100);
    assert.equal(new Set(envs.map((e) => e.region)).size, 4);
    assert.equal(envs.filter((e) => e.region === 'eu-west-1').length, 25);
    assert.ok(envs.find((e) => e.status === 'UPDATE_FAILED')?.lastUpdateError);
  });
});
