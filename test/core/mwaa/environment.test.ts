import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Environment } from '@aws-sdk/client-mwaa';
import { parseAirflowRelease } from '../../../src/core/mwaa/airflowRelease';
import { bucketFromArn, normaliseEnvironment, s3Key, webserverHost } from '../../../src/core/mwaa/environment';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const raw = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'aws', 'get-environment.json'), 'utf8')).Environment as Environment;
const where = { profile: 'dev', region: 'us-east-1' };

test('normalises the fixture GetEnvironment', () => {
  const env = normaliseEnvironment(raw, where);
  assert.equal(env.name, 'analytics-prod');
  assert.equal(env.region, 'eu-west-1', 'region from the ARN wins over the listing region');
  assert.equal(env.profile, 'dev');
  assert.equal(env.status, 'UPDATE_FAILED');
  assert.equal(env.statusInfo.usable, 'yes');
  assert.deepEqual([env.airflowVersion.major, env.airflowVersion.minor, env.airflowVersion.patch, env.airflowVersion.known], [2, 10, 3, true]);
  assert.equal(env.environmentClass, 'mw1.medium');
  assert.deepEqual([env.minWorkers, env.maxWorkers, env.schedulers], [1, 10, 2]);
  assert.equal(env.webserverHost, 'abcd1234-ef56.c2.eu-west-1.airflow.amazonaws.com');
  assert.equal(env.webserverUrl, 'https://abcd1234-ef56.c2.eu-west-1.airflow.amazonaws.com');
  assert.equal(env.webserverAccessMode, 'PUBLIC_ONLY');
  assert.equal(env.bucket, 'fixture-mwaa-bucket');
  assert.equal(env.dagS3Path, 'dags');
  assert.deepEqual(env.requirements, { path: 'requirements/requirements.txt', objectVersion: '3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' });
  assert.deepEqual(env.plugins, { path: 'plugins.zip', objectVersion: 'plugins-version-1' });
  assert.deepEqual(env.startupScript, { path: 'startup.sh' });
  assert.deepEqual(env.tags, { team: 'data', env: 'prod' });
  assert.equal(env.createdAt?.toISOString(), '2024-11-14T00:00:00.000Z');
  assert.deepEqual(env.lastUpdate, {
    status: 'FAILED',
    createdAt: new Date('2024-11-15T00:00:00Z'),
    source: 'SDK',
    error: { code: 'INCORRECT_CONFIGURATION', message: 'requirements.txt could not be installed: no matching distribution for apache-airflow-providers-fake==99.0' },
  });
  assert.doesNotMatch(JSON.stringify(env), /do-not-copy-me/, 'AirflowConfigurationOptions (sensitive) dropped');
});

test('log groups: trailing :* stripped, name extracted, enabled flags kept', () => {
  const env = normaliseEnvironment(raw, where);
  assert.deepEqual(env.logGroups.map((g) => [g.kind, g.enabled, g.name, g.arn?.endsWith(':*')]), [
    ['DagProcessing', true, 'airflow-analytics-prod-DAGProcessing', false],
    ['Scheduler', false, 'airflow-analytics-prod-Scheduler', false],
    ['Webserver', false, undefined, undefined],
    ['Worker', true, 'airflow-analytics-prod-Worker', false],
    ['Task', true, 'airflow-analytics-prod-Task', false],
  ]);
  assert.equal(env.logGroups[4]!.arn, 'arn:aws:logs:eu-west-1:111122223333:log-group:airflow-analytics-prod-Task');
  assert.equal(env.logGroups[4]!.level, 'INFO');
});

test('WebserverUrl with or without scheme', () => {
  assert.equal(webserverHost('abc.c2.us-east-1.airflow.amazonaws.com'), 'abc.c2.us-east-1.airflow.amazonaws.com');
  assert.equal(webserverHost('https://ABC.c2.us-east-1.airflow.amazonaws.com/'), 'abc.c2.us-east-1.airflow.amazonaws.com');
  assert.equal(webserverHost('https://abc.example:443/home'), 'abc.example');
  assert.equal(webserverHost('127.0.0.1:8080'), '127.0.0.1:8080');
  assert.equal(webserverHost(''), undefined);
  assert.equal(webserverHost(undefined), undefined);
  const env = normaliseEnvironment({ ...raw, WebserverUrl: 'abc.c2.us-east-1.airflow.amazonaws.com' }, where);
  assert.equal(env.webserverUrl, 'https://abc.c2.us-east-1.airflow.amazonaws.com');
  // A local stand-in's loopback web server is shown as what it speaks (AWS never returns loopback).
  assert.equal(normaliseEnvironment({ ...raw, WebserverUrl: '127.0.0.1:35271' }, where).webserverUrl, 'http://127.0.0.1:35271');
  assert.equal(normaliseEnvironment({ ...raw, WebserverUrl: 'localhost.example.com' }, where).webserverUrl, 'https://localhost.example.com');
});

test('DagS3Path as `dags` or `s3://bucket/dags`', () => {
  for (const p of ['dags', 'dags/', '/dags', 's3://fixture-mwaa-bucket/dags', 's3://fixture-mwaa-bucket/dags/']) {
    assert.equal(s3Key(p, 'fixture-mwaa-bucket'), 'dags', p);
  }
  assert.equal(s3Key('s3://fixture-mwaa-bucket/team/a/dags', 'fixture-mwaa-bucket'), 'team/a/dags');
  assert.equal(s3Key('s3://fixture-mwaa-bucket', 'fixture-mwaa-bucket'), '');
  assert.equal(s3Key('s3://other-bucket/dags', 'fixture-mwaa-bucket'), 's3://other-bucket/dags', 'another bucket is not silently rewritten');
  assert.equal(s3Key(undefined), undefined);
  assert.equal(bucketFromArn('arn:aws:s3:::my-bucket'), 'my-bucket');
  assert.equal(bucketFromArn('arn:aws-cn:s3:::cn-bucket'), 'cn-bucket');
  assert.equal(bucketFromArn('not-an-arn'), undefined);
});

test('unknown status and unknown Airflow versions display sensibly', () => {
  const env = normaliseEnvironment({ Name: 'x', Status: 'FROZEN' as never, AirflowVersion: '3.9.0' }, where);
  assert.equal(env.region, 'us-east-1');
  assert.equal(env.statusInfo.label, 'Frozen');
  assert.equal(env.statusInfo.severity, 'unknown');
  assert.deepEqual([env.airflowVersion.major, env.airflowVersion.minor, env.airflowVersion.patch], [3, 9, 0]);
  assert.equal(env.airflowVersion.known, false);
  assert.equal(env.airflowVersion.display, 'Airflow 3.9.0 (newer than this extension knows)');
  assert.deepEqual(env.logGroups, []);
  assert.deepEqual(env.tags, {});
  assert.equal(env.bucket, undefined);
  const bare = normaliseEnvironment({}, where);
  assert.equal(bare.status, 'UNKNOWN');
  assert.equal(bare.airflowVersion.display, 'Airflow version unknown');
});

test('Airflow release parsing', () => {
  assert.equal(parseAirflowRelease('2.10.3').display, 'Airflow 2.10.3');
  assert.equal(parseAirflowRelease('2.9.9').display, 'Airflow 2.9.9', 'an unlisted older release is not called newer');
  assert.equal(parseAirflowRelease('2.9.9').known, false);
  const rc = parseAirflowRelease('3.1.0rc1');
  assert.deepEqual([rc.major, rc.minor, rc.patch, rc.display], [3, 1, 0, 'Airflow 3.1.0rc1']);
  const two = parseAirflowRelease('3.0');
  assert.deepEqual([two.major, two.minor, two.patch], [3, 0, undefined]);
  const weird = parseAirflowRelease('latest');
  assert.deepEqual([weird.major, weird.display], [undefined, 'Airflow latest']);
});
