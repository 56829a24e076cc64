/**
 * The printed exports are enough for a plain SDK v3 script: no endpoint, region, credentials or
 * host-prefix settings in code. Runs the script in a child process with only those variables.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { useSandbox } from './useSandbox';

const SCRIPT = `
const { MWAAClient, ListEnvironmentsCommand, GetEnvironmentCommand } = require('@aws-sdk/client-mwaa');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const { CloudWatchLogsClient, FilterLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
(async () => {
  const mwaa = new MWAAClient({});
  const list = await mwaa.send(new ListEnvironmentsCommand({}));
  const env = (await mwaa.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }))).Environment;
  const put = await new S3Client({}).send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/plain.py', Body: '# plain' }));
  const logs = await new CloudWatchLogsClient({}).send(new FilterLogEventsCommand({ logGroupName: 'airflow-sandbox-af2-Task' }));
  console.log(JSON.stringify({ names: list.Environments, status: env.Status, version: put.VersionId, events: logs.events.length }));
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });
`;

const LIVE_TAIL_SCRIPT = `
const { CloudWatchLogsClient, StartLiveTailCommand } = require('@aws-sdk/client-cloudwatch-logs');
(async () => {
  const ac = new AbortController();
  const out = await new CloudWatchLogsClient({}).send(new StartLiveTailCommand({
    logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:airflow-sandbox-af2-Task'] }), { abortSignal: ac.signal });
  for await (const ev of out.responseStream) { console.log(JSON.stringify(Object.keys(ev))); break; }
  ac.abort();
})().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });
`;

function run(env: NodeJS.ProcessEnv, script = SCRIPT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // cwd = repo root so the script resolves the project's node_modules.
    execFile(process.execPath, ['-e', script], { env, cwd: path.resolve(__dirname, '../../..'), timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? 1 : 0, stdout, stderr });
    });
  });
}

describe('sandbox exports for a plain SDK v3 script', () => {
  const sandbox = useSandbox();

  const cleanEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    return env;
  };

  it('writes a scratch profile (not ~/.aws) with region, keys and per-service endpoint_url', () => {
    const config = fs.readFileSync(sandbox().exports.AWS_CONFIG_FILE!, 'utf8');
    assert.ok(sandbox().exports.AWS_CONFIG_FILE!.startsWith(sandbox().runDir));
    assert.match(config, /\[profile mwaa-sandbox\]\nregion = us-east-1\nservices = mwaa-sandbox-services/);
    assert.match(config, new RegExp(`mwaa =\\n  endpoint_url = ${sandbox().endpoints.mwaa}`));
    assert.match(config, /cloudwatch_logs =\n {2}endpoint_url = http/);
    assert.match(fs.readFileSync(sandbox().exports.AWS_SHARED_CREDENTIALS_FILE!, 'utf8'), /aws_access_key_id = /);
  });

  it('with all exports, a script with no configuration lists, gets, uploads and filters', async () => {
    const r = await run({ ...cleanEnv(), ...sandbox().exports });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { names: string[]; status: string; version: string; events: number };
    assert.deepEqual(out.names, ['sandbox-af2', 'sandbox-af3']);
    assert.equal(out.status, 'AVAILABLE');
    assert.ok(out.version);
  });

  it('live tail works from the exports too (stream- host prefix resolved by the preload)', async () => {
    const r = await run({ ...cleanEnv(), ...sandbox().exports }, LIVE_TAIL_SCRIPT);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), '["sessionStart"]');
  });

  it('the profile alone (AWS_CONFIG_FILE + AWS_PROFILE + credentials file) is enough for the endpoints', async () => {
    const { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, NODE_OPTIONS } = sandbox().exports;
    const r = await run({ ...cleanEnv(), AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE, NODE_OPTIONS });
    assert.equal(r.code, 0, r.stderr);
  });

  it('without the host-prefix preload, MWAA calls fail on api.127.0.0.1 (clients then need disableHostPrefix: true)', async () => {
    const env = { ...cleanEnv(), ...sandbox().exports };
    delete env.NODE_OPTIONS;
    const r = await run(env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /api\.127\.0\.0\.1|ENOTFOUND/);
  });
});
