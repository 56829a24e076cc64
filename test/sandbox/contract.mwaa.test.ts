/**
 * MWAA control-plane contract: the real @aws-sdk/client-mwaa against the sandbox; the SDK's own
 * deserializers are the shape check. Needs no running Airflow.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateCliTokenCommand, CreateWebLoginTokenCommand, GetEnvironmentCommand, ListEnvironmentsCommand, MWAAClient,
  UpdateEnvironmentCommand, paginateListEnvironments,
} from '@aws-sdk/client-mwaa';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, signedJson, waitFor } from '../../sandbox/src/mwaa/testing/helpers';
import { useSandbox } from './useSandbox';

describe('MWAA control plane through the real SDK', () => {
  const mwaa = (region = 'us-east-1') => new MWAAClient(clientConfig(sandbox().endpoints.mwaa, region));

  const sandbox = useSandbox({
    synthetic: { count: 100, statuses: ['AVAILABLE', 'UPDATING', 'UPDATE_FAILED', 'CREATING'] },
    delays: { startMs: 50, finishMs: 50, rollbackMs: 50 }, tokenTtlMs: { cli: 1500, web: 1500 },
  });

  it('lists environments per region with paging (MaxResults 1-25, NextToken)', async () => {
    const names: string[] = [];
    for await (const page of paginateListEnvironments({ client: mwaa(), pageSize: 10 }, {})) {
      assert.ok((page.Environments ?? []).length <= 10);
      names.push(...(page.Environments ?? []));
    }
    assert.equal(names.length, 27, 'us-east-1: 25 synthetic + sandbox-af2 + sandbox-af3');
    assert.ok(names.includes('sandbox-af2') && names.includes('sandbox-af3'));
    assert.equal(new Set(names).size, names.length);
    const eu = await mwaa('eu-west-1').send(new ListEnvironmentsCommand({ MaxResults: 25 }));
    assert.equal(eu.Environments?.length, 25);
    assert.equal(eu.NextToken, undefined);
    assert.ok(!eu.Environments?.includes('sandbox-af2'), 'the region comes from the SigV4 scope');
    await assert.rejects(mwaa().send(new ListEnvironmentsCommand({ MaxResults: 26 })), (e: Error) => e.name === 'ValidationException');
    await assert.rejects(mwaa().send(new ListEnvironmentsCommand({ MaxResults: 5, NextToken: 'bogus' })), (e: Error) => e.name === 'ValidationException');
  });

  it('GetEnvironment returns every field the extension reads', async () => {
    const { Environment: env } = await mwaa().send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }));
    assert.ok(env);
    assert.equal(env.Arn, 'arn:aws:airflow:us-east-1:123456789012:environment/sandbox-af2');
    assert.equal(env.Status, 'AVAILABLE');
    assert.match(env.AirflowVersion ?? '', /^2\.\d+\.\d+/);
    assert.equal(env.SourceBucketArn, 'arn:aws:s3:::airflow-sandbox-af2');
    assert.equal(env.DagS3Path, 'dags');
    assert.equal(env.WebserverUrl, sandbox().endpoints.webserverHost);
    assert.equal(env.WebserverAccessMode, 'PUBLIC_ONLY');
    assert.ok(env.CreatedAt instanceof Date && env.CreatedAt.getTime() < Date.now());
    assert.equal(env.LoggingConfiguration?.TaskLogs?.CloudWatchLogGroupArn, 'arn:aws:logs:us-east-1:123456789012:log-group:airflow-sandbox-af2-Task:*');
    for (const k of ['DagProcessingLogs', 'SchedulerLogs', 'WebserverLogs', 'WorkerLogs', 'TaskLogs'] as const) {
      assert.equal(env.LoggingConfiguration?.[k]?.Enabled, true);
      assert.match(env.LoggingConfiguration?.[k]?.CloudWatchLogGroupArn ?? '', /^arn:aws:logs:us-east-1:123456789012:log-group:airflow-sandbox-af2-\w+:\*$/);
    }
    assert.equal(env.LastUpdate?.Status, 'SUCCESS');
    assert.ok(env.LastUpdate?.CreatedAt instanceof Date);
    assert.ok(env.EnvironmentClass && env.MinWorkers && env.MaxWorkers && env.Schedulers);
    assert.equal(env.Tags?.environment, 'sandbox');
    const af3 = await mwaa().send(new GetEnvironmentCommand({ Name: 'sandbox-af3' }));
    assert.match(af3.Environment?.AirflowVersion ?? '', /^3\./);
    const failed = await mwaa('eu-west-1').send(new GetEnvironmentCommand({ Name: 'synthetic-003' }));
    assert.equal(failed.Environment?.Status, 'UPDATE_FAILED');
    assert.ok(failed.Environment?.LastUpdate?.Error?.ErrorMessage);
    await assert.rejects(mwaa().send(new GetEnvironmentCommand({ Name: 'nope' })), (e: Error) => e.name === 'ResourceNotFoundException');
    await assert.rejects(mwaa('eu-west-1').send(new GetEnvironmentCommand({ Name: 'sandbox-af2' })), (e: Error) => e.name === 'ResourceNotFoundException');
  });

  it('rejects requests signed for another service or unsigned', async () => {
    const wrong = await signedJson(sandbox().endpoints.mwaa, 'GET', '/environments', undefined, { service: 'execute-api' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.headers['x-amzn-errortype'], 'InvalidSignatureException');
    assert.match(String(wrong.json.message), /signed for service "execute-api".*serves "airflow"/);
    const res = await fetch(`${sandbox().endpoints.mwaa}/environments`);
    assert.equal(res.status, 403);
    assert.match(JSON.stringify(await res.json()), /missing SigV4/);
  });

  it('UpdateEnvironment moves a plugins update through UPDATING to AVAILABLE and validates versions', async () => {
    const s3 = new S3Client({ ...clientConfig(sandbox().endpoints.s3), forcePathStyle: true });
    const put = await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'plugins.zip', Body: Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'binary') }));
    assert.ok(put.VersionId, 'the bucket is versioned');
    const client = mwaa();
    const out = await client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af2', PluginsS3Path: 'plugins.zip', PluginsS3ObjectVersion: put.VersionId }));
    assert.equal(out.Arn, 'arn:aws:airflow:us-east-1:123456789012:environment/sandbox-af2');
    const during = await client.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }));
    assert.equal(during.Environment?.Status, 'UPDATING');
    assert.equal(during.Environment?.LastUpdate?.Status, 'PENDING');
    await assert.rejects(client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af2', MinWorkers: 2 })), (e: Error) => e.name === 'ValidationException' && /UPDATING/.test(e.message));
    const done = await waitFor('AVAILABLE', async () => {
      const e = (await client.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }))).Environment;
      return e?.Status === 'AVAILABLE' && e;
    }, 5000, 50);
    assert.equal(done.PluginsS3ObjectVersion, put.VersionId);
    assert.equal(done.PluginsS3Path, 'plugins.zip');
    assert.equal(done.LastUpdate?.Status, 'SUCCESS');
    await assert.rejects(client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af2', PluginsS3Path: 'plugins.zip', PluginsS3ObjectVersion: 'no-such-version' })),
      (e: Error) => e.name === 'ValidationException' && /Unable to read version/.test(e.message));
    await assert.rejects(client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af2', RequirementsS3Path: 'requirements.txt' })),
      (e: Error) => e.name === 'ValidationException' && /RequirementsS3ObjectVersion is required/.test(e.message));
  });

  it('UpdateEnvironment: a plugins.zip that is not a zip fails the update; upgrades are refused', async () => {
    const s3 = new S3Client(clientConfig(sandbox().endpoints.s3));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af3', Key: 'plugins.zip', Body: 'not a zip' }));
    const client = mwaa();
    await client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af3', PluginsS3Path: 'plugins.zip', PluginsS3ObjectVersion: put.VersionId }));
    const failed = await waitFor('UPDATE_FAILED', async () => {
      const e = (await client.send(new GetEnvironmentCommand({ Name: 'sandbox-af3' }))).Environment;
      return e?.Status === 'UPDATE_FAILED' && e;
    }, 5000, 50);
    assert.equal(failed.LastUpdate?.Error?.ErrorCode, 'INCORRECT_CONFIGURATION');
    assert.match(failed.LastUpdate?.Error?.ErrorMessage ?? '', /not a zip archive/);
    assert.equal(failed.PluginsS3ObjectVersion, undefined, 'the previous (no) plugins stay');
    await assert.rejects(client.send(new UpdateEnvironmentCommand({ Name: 'sandbox-af3', AirflowVersion: '3.0.6' })),
      (e: Error) => e.name === 'ValidationException' && /cannot upgrade/.test(e.message));
    s3.destroy();
  });

  it('serves a 100-environment, 4-region listing (the benchmark shape) consistently', async () => {
    const t0 = Date.now();
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
    let total = 0;
    const statuses = new Map<string, number>();
    await Promise.all(regions.map(async (region) => {
      const client = mwaa(region);
      for await (const page of paginateListEnvironments({ client }, {})) {
        await Promise.all((page.Environments ?? []).filter((n) => n.startsWith('synthetic-')).map(async (Name) => {
          const e = (await client.send(new GetEnvironmentCommand({ Name }))).Environment!;
          assert.equal(e.Arn, `arn:aws:airflow:${region}:123456789012:environment/${Name}`);
          statuses.set(e.Status!, (statuses.get(e.Status!) ?? 0) + 1);
          total++;
        }));
      }
    }));
    assert.equal(total, 100);
    assert.deepEqual([...statuses.keys()].sort(), ['AVAILABLE', 'CREATING', 'UPDATE_FAILED', 'UPDATING']);
    console.log(`listed and described 100 environments in 4 regions in ${Date.now() - t0} ms`);
  });

  it('issues 60 s CLI and web-login tokens naming the sandbox webserver', async () => {
    const cli = await mwaa().send(new CreateCliTokenCommand({ Name: 'sandbox-af2' }));
    assert.ok((cli.CliToken ?? '').length > 40);
    assert.equal(cli.WebServerHostname, sandbox().endpoints.webserverHost);
    const web = await mwaa().send(new CreateWebLoginTokenCommand({ Name: 'sandbox-af3' }));
    assert.ok(web.WebToken && web.WebToken !== cli.CliToken);
    assert.equal(web.WebServerHostname, sandbox().endpoints.webserverHost);
    assert.ok(web.IamIdentity && web.AirflowIdentity);
    await assert.rejects(mwaa().send(new CreateCliTokenCommand({ Name: 'nope' })), (e: Error) => e.name === 'ResourceNotFoundException');
  });

  it('the webserver rejects unknown, expired and misused tokens like MWAA', async () => {
    const host = `http://${sandbox().endpoints.webserverHost}`;
    const bad = await fetch(`${host}/aws_mwaa/cli`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: 'version' });
    assert.equal(bad.status, 401);
    const { CliToken } = await mwaa().send(new CreateCliTokenCommand({ Name: 'sandbox-af2' }));
    const denied = await fetch(`${host}/aws_mwaa/cli`, { method: 'POST', headers: { authorization: `Bearer ${CliToken}`, 'content-type': 'text/plain' }, body: 'db reset -y' });
    assert.equal(denied.status, 400);
    const body = await denied.json() as { stderr: string };
    assert.match(Buffer.from(body.stderr, 'base64').toString(), /not a supported command in Amazon MWAA/);
    await new Promise((r) => setTimeout(r, 1600)); // the test sandbox's token TTL is 1.5 s
    const expired = await fetch(`${host}/aws_mwaa/cli`, { method: 'POST', headers: { authorization: `Bearer ${CliToken}` }, body: 'version' });
    assert.equal(expired.status, 403);
    assert.match(JSON.stringify(await expired.json()), /Expired CLI token/);
    // Web login token: wrong route for the major, unknown tokens, unauthenticated API calls refused.
    const { WebToken } = await mwaa().send(new CreateWebLoginTokenCommand({ Name: 'sandbox-af2' }));
    const wrongRoute = await fetch(`${host}/pluginsv2/aws_mwaa/login`, { method: 'POST', body: new URLSearchParams({ token: WebToken! }), redirect: 'manual' });
    assert.equal(wrongRoute.status, 404);
    const unknown = await fetch(`${host}/aws_mwaa/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope' }), redirect: 'manual' });
    assert.equal(unknown.status, 401);
    const noSession = await fetch(`${host}/api/v1/dags`);
    assert.equal(noSession.status, 401);
    const sso = await fetch(`${host}/aws_mwaa/aws-console-sso?login=true`);
    assert.equal(sso.status, 200);
    assert.match(await sso.text(), /location\.hash/);
  });
});
