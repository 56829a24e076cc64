/**
 * UpdateEnvironment with a new requirements.txt version: resolved for real against the
 * environment's Airflow venv (no Airflow process needed), with MWAA's log streams and states.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetEnvironmentCommand, MWAAClient, UpdateEnvironmentCommand, type Environment } from '@aws-sdk/client-mwaa';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, waitFor } from '../../sandbox/src/mwaa/testing/helpers';
import { findAirflowVenvs } from '../../sandbox/src/mwaa/backends/venvProbe';
import { useSandbox } from './useSandbox';

const CONSTRAINT = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"';

describe('UpdateEnvironment resolves requirements with pip semantics', { skip: findAirflowVenvs().some((v) => v.major === 2) ? false : 'no Airflow 2 venv installed yet (the Airflow part installs it)' }, () => {
  let mwaa: MWAAClient;
  let s3: S3Client;
  const sandbox = useSandbox({ delays: { startMs: 100, finishMs: 100, rollbackMs: 300 } });
  before(async () => {
    mwaa = new MWAAClient(clientConfig(sandbox().endpoints.mwaa));
    s3 = new S3Client(clientConfig(sandbox().endpoints.s3));
  });
  after(async () => {
    mwaa?.destroy();
    s3?.destroy();
  });

  async function update(text: string): Promise<{ version: string; final: Environment; statuses: string[] }> {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'requirements.txt', Body: text }));
    await mwaa.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af2', RequirementsS3Path: 'requirements.txt', RequirementsS3ObjectVersion: put.VersionId }));
    const statuses: string[] = [];
    const final = await waitFor('the update to finish', async () => {
      const e = (await mwaa.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }))).Environment!;
      if (statuses.at(-1) !== e.Status) statuses.push(e.Status!);
      return e.Status !== 'UPDATING' && e.Status !== 'ROLLING_BACK' && e;
    }, 120_000, 50);
    return { version: put.VersionId!, final, statuses };
  }

  it('the sample project\'s requirements.txt ends AVAILABLE with the new version recorded', async () => {
    const sample = fs.readFileSync(path.resolve(__dirname, '../../../sandbox/sample-project/requirements.txt'), 'utf8');
    const { version, final, statuses } = await update(sample);
    assert.equal(statuses[0], 'UPDATING');
    assert.equal(final.Status, 'AVAILABLE');
    assert.equal(final.RequirementsS3ObjectVersion, version);
    assert.equal(final.RequirementsS3Path, 'requirements.txt');
    assert.equal(final.LastUpdate?.Status, 'SUCCESS');
  });

  it('a pin conflicting with the Airflow constraints ends UPDATE_FAILED, rolled back, with the pip log in CloudWatch', async () => {
    const before = (await mwaa.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }))).Environment!;
    const t0 = Date.now();
    const { final, statuses } = await update(`${CONSTRAINT}\nrequests==2.31.0\n`);
    assert.deepEqual(statuses, ['UPDATING', 'ROLLING_BACK', 'UPDATE_FAILED']);
    assert.equal(final.LastUpdate?.Status, 'FAILED');
    assert.equal(final.LastUpdate?.Error?.ErrorCode, 'INCORRECT_CONFIGURATION');
    assert.match(final.LastUpdate?.Error?.ErrorMessage ?? '', /requests==2\.31\.0/);
    assert.equal(final.RequirementsS3ObjectVersion, before.RequirementsS3ObjectVersion, 'the previous requirements stay active');

    const logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
    for (const kind of ['Worker', 'Scheduler', 'WebServer']) {
      const group = `airflow-sandbox-af2-${kind}`;
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'requirements_install_' }));
      const names = streams.logStreams?.map((s) => s.logStreamName!) ?? [];
      for (const n of names) assert.match(n, /^requirements_install_ip-10-0-\d+-\d+\.ec2\.internal_\d{10}\.log$/);
      const failing: string[] = [];
      for (const n of names) {
        const events = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: n, startFromHead: true }));
        const text = events.events?.map((e) => e.message).join('\n') ?? '';
        if (/requests==2\.31\.0/.test(text)) failing.push(text);
      }
      assert.equal(failing.length, 1, `one requirements_install stream in ${group} holds the failed resolution`);
      assert.match(failing[0]!, /No solution found|conflict|ResolutionImpossible/i);
      // Streams are listed by name (an IP, then a time): the newest is the one with the latest time.
      assert.ok(Math.max(...names.map((n) => Number(/_(\d{10})\.log$/.exec(n)?.[1]))) * 1000 >= t0 - 1000);
    }
    logs.destroy();
  });
});
