/**
 * The rollout core against the sandbox: versioned uploads to moto's S3 (a real unversioned
 * bucket refused), the update follower over the emulator's real UpdateEnvironment (pip resolving
 * for real), and the startup script's install log.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { MWAAClient, UpdateEnvironmentCommand } from '@aws-sdk/client-mwaa';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { findAirflowVenvs } from '../../sandbox/src/mwaa/backends/venvProbe';
import { isUserFacingError } from '../../src/core/errors';
import { normaliseEnvironment } from '../../src/core/mwaa/environment';
import { getEnvironment } from '../../src/core/mwaa/environmentCalls';
import { rolloutTarget, updateEnvironmentInput } from '../../src/core/rollouts/artifacts';
import { followUpdate } from '../../src/core/rollouts/followUpdate';
import { updateEnvironmentError } from '../../src/core/rollouts/rolloutErrors';
import { s3ArtifactBucket, uploadVersioned } from '../../src/core/rollouts/versionedUpload';
import { useSandbox } from './useSandbox';

const ENV = 'sandbox-af2';
const CONSTRAINT = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"';

describe('rollouts against the sandbox', { skip: findAirflowVenvs().some((v) => v.major === 2) ? false : 'no Airflow 2 venv installed yet (the Airflow part installs it)' }, () => {
  let mwaa: MWAAClient;
  let s3: S3Client;
  let logs: CloudWatchLogsClient;
  const sandbox = useSandbox({ delays: { startMs: 100, finishMs: 100, rollbackMs: 300 } });
  before(async () => {
    mwaa = new MWAAClient(clientConfig(sandbox().endpoints.mwaa));
    s3 = new S3Client({ ...clientConfig(sandbox().endpoints.s3), forcePathStyle: true });
    logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
  });
  after(async () => {
    mwaa?.destroy();
    s3?.destroy();
    logs?.destroy();
  });

  const environment = async () => normaliseEnvironment(await getEnvironment(mwaa, ENV), { profile: 'mwaa-sandbox', region: 'us-east-1' });

  /** Upload, UpdateEnvironment, follow: the command's core path without the editor. */
  async function rollOut(kind: 'requirements' | 'startupScript', text: string) {
    const env = await environment();
    const target = rolloutTarget(env, kind);
    const up = await uploadVersioned(s3ArtifactBucket(s3), target, Buffer.from(text));
    const startedAt = Date.now();
    await mwaa.send(new UpdateEnvironmentCommand(updateEnvironmentInput(ENV, kind, target.key, up.versionId)));
    const statuses: string[] = [];
    const outcome = await followUpdate(async () => environment(), {
      artifact: kind, expectedVersion: up.versionId, startedAt, initialMs: 50, maxMs: 200, timeoutMs: 120_000,
      onUpdate: (e) => statuses.at(-1) !== e.status && statuses.push(e.status),
    });
    return { up, outcome, statuses, startedAt, target };
  }

  async function streamText(group: string, prefix: string, since: number): Promise<string[]> {
    const out = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: prefix }));
    const texts: string[] = [];
    for (const s of out.logStreams ?? []) {
      if (Number(/_(\d{10})\.log$/.exec(s.logStreamName!)?.[1]) * 1000 < since - 1000) continue;
      const ev = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: s.logStreamName!, startFromHead: true }));
      texts.push((ev.events ?? []).map((e) => e.message).join('\n'));
    }
    return texts;
  }

  it('uploads to the environment\'s versioned bucket at the default key, with the version S3 keeps', async () => {
    const env = await environment();
    const target = rolloutTarget(env, 'requirements');
    assert.equal(target.bucket, 'airflow-sandbox-af2');
    const up = await uploadVersioned(s3ArtifactBucket(s3), target, Buffer.from('requests\n'));
    const got = await s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key, VersionId: up.versionId }));
    assert.equal(await got.Body!.transformToString(), 'requests\n');
  });

  it('an unversioned bucket is refused before anything is written', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'rollout-unversioned' }));
    await assert.rejects(
      uploadVersioned(s3ArtifactBucket(s3), { bucket: 'rollout-unversioned', key: 'requirements.txt' }, Buffer.from('requests\n')),
      (e: unknown) => isUserFacingError(e) && /rollout-unversioned has versioning never enabled.*Nothing was uploaded/.test((e as Error).message),
    );
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: 'rollout-unversioned', Key: 'requirements.txt' })), (e: Error) => e.name === 'NotFound');
  });

  it('a conflicting pin: followed to UPDATE_FAILED through ROLLING_BACK, with LastUpdate.Error from pip', async () => {
    const { outcome, statuses } = await rollOut('requirements', `${CONSTRAINT}\nrequests==2.31.0\n`);
    assert.equal(outcome.kind, 'failed');
    assert.deepEqual(statuses, ['UPDATING', 'ROLLING_BACK', 'UPDATE_FAILED']);
    assert.ok(outcome.kind === 'failed' && outcome.error?.code === 'INCORRECT_CONFIGURATION' && /requests==2\.31\.0/.test(outcome.error.message ?? ''));
  });

  it('a good requirements.txt from UPDATE_FAILED: followed to AVAILABLE with the new version active', async () => {
    const { outcome, up } = await rollOut('requirements', `${CONSTRAINT}\nrequests\n`);
    assert.equal(outcome.kind, 'succeeded');
    assert.ok(outcome.kind === 'succeeded' && outcome.versionMatches && outcome.activeVersion === up.versionId);
  });

  it('a startup script: AVAILABLE, and startup_script_execution_ streams say what bash -n found', async () => {
    const good = await rollOut('startupScript', '#!/bin/sh\nexport MY_VAR=1\nif [ -n "$MWAA_AIRFLOW_COMPONENT" ]; then echo ok; fi\n');
    assert.equal(good.outcome.kind, 'succeeded');
    assert.equal(good.target.key, 'startup.sh');
    for (const kind of ['Worker', 'Scheduler', 'WebServer']) {
      const texts = await streamText(`airflow-${ENV}-${kind}`, 'startup_script_execution_', good.startedAt);
      assert.equal(texts.length, 1, `${kind}: ${texts.length} streams`);
      assert.match(texts[0]!, new RegExp(`startup\\.sh version ${good.up.versionId} .*checked with bash -n`));
      assert.match(texts[0]!, /bash -n: no syntax errors/);
    }
    const bad = await rollOut('startupScript', '#!/bin/sh\nif [ -n "$X" ]; then\n  echo missing fi\n');
    assert.equal(bad.outcome.kind, 'succeeded');
    const texts = await streamText(`airflow-${ENV}-Worker`, 'startup_script_execution_', bad.startedAt);
    const text = texts.find((t) => t.includes(bad.up.versionId))!;
    assert.match(text, /syntax error/);
    assert.match(text, /bash -n: exit code 2/);
  });

  it('MWAA\'s ValidationException (a version S3 does not have) reads as what MWAA said, and nothing changes', async () => {
    const before = await environment();
    const err = await mwaa.send(new UpdateEnvironmentCommand(updateEnvironmentInput(ENV, 'requirements', 'requirements.txt', 'no-such-version'))).then(() => undefined, (e: unknown) => e);
    assert.ok(err, 'UpdateEnvironment accepted a version that does not exist');
    const shown = updateEnvironmentError(err, ENV, { profile: 'mwaa-sandbox', region: 'us-east-1' });
    assert.match(shown.message, /^MWAA rejected the update of sandbox-af2: Unable to read version no-such-version of s3:\/\/airflow-sandbox-af2\/requirements\.txt.* The environment did not change; the uploaded version is not active\.$/);
    const after = await environment();
    assert.equal(after.status, before.status);
    assert.equal(after.requirements?.objectVersion, before.requirements?.objectVersion);
  });
});
