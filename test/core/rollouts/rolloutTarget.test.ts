import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserFacingError } from '../../../src/core/errors';
import { normaliseEnvironment } from '../../../src/core/mwaa/environment';
import { keyProblem, rolloutTarget, updateEnvironmentInput } from '../../../src/core/rollouts/artifacts';
import { installLogTarget } from '../../../src/core/rollouts/installLog';
import { assertUploadable, uploadVersioned, type ArtifactBucket, type VersioningState } from '../../../src/core/rollouts/versionedUpload';

const where = { profile: 'p', region: 'us-east-1' };
const env = (extra: Record<string, unknown> = {}) =>
  normaliseEnvironment({ Name: 'prod', Status: 'AVAILABLE', SourceBucketArn: 'arn:aws:s3:::my-bucket', DagS3Path: 'dags', ...extra } as never, where);

test('the environment\'s current paths are kept; without one, defaults at the bucket root', () => {
  const configured = env({ RequirementsS3Path: 's3://my-bucket/deps/requirements.txt', RequirementsS3ObjectVersion: 'v1', PluginsS3Path: 'plugins/plugins.zip', StartupScriptS3Path: 'scripts/startup.sh' });
  assert.deepEqual(rolloutTarget(configured, 'requirements'), { bucket: 'my-bucket', key: 'deps/requirements.txt', currentPath: 'deps/requirements.txt', currentVersion: 'v1' });
  assert.deepEqual(rolloutTarget(configured, 'plugins'), { bucket: 'my-bucket', key: 'plugins/plugins.zip', currentPath: 'plugins/plugins.zip' });
  assert.equal(rolloutTarget(configured, 'startupScript').key, 'scripts/startup.sh');
  const bare = env();
  assert.deepEqual(rolloutTarget(bare, 'requirements'), { bucket: 'my-bucket', key: 'requirements.txt' });
  assert.deepEqual(rolloutTarget(bare, 'plugins'), { bucket: 'my-bucket', key: 'plugins.zip' });
  assert.deepEqual(rolloutTarget(bare, 'startupScript'), { bucket: 'my-bucket', key: 'startup.sh' });
});

test('a path outside the bucket, with `..`, or no bucket at all is refused with a message', () => {
  const other = env({ RequirementsS3Path: 's3://someone-elses-bucket/requirements.txt' });
  assert.throws(() => rolloutTarget(other, 'requirements'), (e: unknown) => isUserFacingError(e) && /names another bucket.*s3:\/\/my-bucket\//.test((e as Error).message));
  const dots = env({ PluginsS3Path: 'plugins/../../etc/plugins.zip' });
  assert.throws(() => rolloutTarget(dots, 'plugins'), /`\.\.` segments/);
  const noBucket = normaliseEnvironment({ Name: 'x', Status: 'AVAILABLE' } as never, where);
  assert.throws(() => rolloutTarget(noBucket, 'requirements'), (e: unknown) => isUserFacingError(e) && /reports no source bucket/.test((e as Error).message));
  assert.equal(keyProblem('a/b.txt'), undefined);
  assert.match(keyProblem('/abs')!, /absolute/);
  assert.match(keyProblem('a//b')!, /empty/);
  assert.match(keyProblem('x'.repeat(1025))!, /1,024/);
});

test('UpdateEnvironment input names the artifact\'s path and version fields', () => {
  assert.deepEqual(updateEnvironmentInput('prod', 'requirements', 'requirements.txt', 'v2'), { Name: 'prod', RequirementsS3Path: 'requirements.txt', RequirementsS3ObjectVersion: 'v2' });
  assert.deepEqual(updateEnvironmentInput('prod', 'plugins', 'plugins.zip', 'v3'), { Name: 'prod', PluginsS3Path: 'plugins.zip', PluginsS3ObjectVersion: 'v3' });
  assert.deepEqual(updateEnvironmentInput('prod', 'startupScript', 'startup.sh', 'v4'), { Name: 'prod', StartupScriptS3Path: 'startup.sh', StartupScriptS3ObjectVersion: 'v4' });
});

function fakeBucket(state: VersioningState, versionId?: string) {
  const puts: string[] = [];
  const api: ArtifactBucket = {
    versioning: async () => state,
    put: async (bucket, key) => {
      puts.push(`${bucket}/${key}`);
      return versionId ? { versionId } : {};
    },
  };
  return { api, puts };
}

test('a versioned bucket: uploads and returns the new version', async () => {
  const b = fakeBucket('Enabled', 'ver-123');
  const up = await uploadVersioned(b.api, { bucket: 'my-bucket', key: 'requirements.txt' }, Buffer.from('x'));
  assert.deepEqual(up, { bucket: 'my-bucket', key: 'requirements.txt', versionId: 'ver-123' });
  assert.deepEqual(b.puts, ['my-bucket/requirements.txt']);
});

test('an unversioned or suspended bucket is refused before anything is uploaded', async () => {
  for (const state of ['Off', 'Suspended'] as const) {
    const b = fakeBucket(state, 'never');
    await assert.rejects(uploadVersioned(b.api, { bucket: 'my-bucket', key: 'requirements.txt' }, Buffer.from('x')),
      (e: unknown) => isUserFacingError(e) && /versioning .*Enable versioning.*Nothing was uploaded/.test((e as Error).message));
    assert.deepEqual(b.puts, [], `${state}: uploaded anyway`);
  }
});

test('versioning unknown (no permission to ask): PutObject\'s missing or "null" version refuses the rollout', async () => {
  for (const v of [undefined, 'null']) {
    const b = fakeBucket('unknown', v);
    await assert.rejects(uploadVersioned(b.api, { bucket: 'my-bucket', key: 'plugins.zip' }, Buffer.from('x')),
      (e: unknown) => isUserFacingError(e) && /keeps using what it had/.test((e as Error).message));
  }
  const ok = fakeBucket('unknown', 'v9');
  assert.equal((await uploadVersioned(ok.api, { bucket: 'my-bucket', key: 'plugins.zip' }, Buffer.from('x'))).versionId, 'v9');
});

test('assertUploadable (asked before the confirmation) checks key and versioning and writes nothing', async () => {
  const ok = fakeBucket('Enabled', 'v1');
  await assertUploadable(ok.api, { bucket: 'my-bucket', key: 'requirements.txt' });
  assert.deepEqual(ok.puts, []);
  await assert.rejects(assertUploadable(fakeBucket('Suspended').api, { bucket: 'my-bucket', key: 'requirements.txt' }), /versioning suspended.*Nothing was uploaded/);
  await assert.rejects(assertUploadable(ok.api, { bucket: 'my-bucket', key: '/abs' }), /Refusing to upload/);
  assert.deepEqual(ok.puts, []);
});

test('uploadVersioned itself refuses keys that leave the bucket', async () => {
  const b = fakeBucket('Enabled', 'v1');
  await assert.rejects(uploadVersioned(b.api, { bucket: 'my-bucket', key: '../other' }, Buffer.from('x')), /Refusing to upload/);
  assert.deepEqual(b.puts, []);
});

test('install logs: the Worker group first, then Scheduler, then any enabled group; none for plugins', () => {
  const group = (kind: string, enabled = true) => ({ Enabled: enabled, LogLevel: 'INFO', CloudWatchLogGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:airflow-prod-${kind}:*` });
  const all = env({ LoggingConfiguration: { WorkerLogs: group('Worker'), SchedulerLogs: group('Scheduler'), TaskLogs: group('Task') } });
  const t = installLogTarget(all, 'requirements')!;
  assert.equal(t.group.kind, 'Worker');
  assert.deepEqual(t.tail, { logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:airflow-prod-Worker'], streamPrefixes: ['requirements_install_'] });
  assert.equal(installLogTarget(all, 'startupScript')!.streamPrefix, 'startup_script_execution_');
  assert.equal(installLogTarget(all, 'plugins'), undefined);
  const noWorker = env({ LoggingConfiguration: { WorkerLogs: group('Worker', false), SchedulerLogs: group('Scheduler'), TaskLogs: group('Task') } });
  assert.equal(installLogTarget(noWorker, 'requirements')!.group.kind, 'Scheduler');
  const taskOnly = env({ LoggingConfiguration: { TaskLogs: group('Task') } });
  assert.equal(installLogTarget(taskOnly, 'requirements')!.group.kind, 'Task');
  assert.equal(installLogTarget(env(), 'requirements'), undefined);
});
