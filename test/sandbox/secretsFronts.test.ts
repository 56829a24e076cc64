/**
 * The Secrets Manager, IAM, KMS and STS fronts of the sandbox (no Airflow started): exports a plain
 * SDK script can use, pass-through to moto, injected faults, the SigV4 scope check, the seeded
 * execution role and keys, and the emulated SimulatePrincipalPolicy, read by boto3 through AWS's
 * own service model.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, GetRoleCommand, IAMClient, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ensureMoto } from '../../sandbox/src/moto';
import { RESTRICTED_KEY_ALIAS, SECRETS_KEY_ALIAS } from '../../sandbox/src/mwaa/backends/secretsSeed';
import { executionRoleArn } from '../../sandbox/src/mwaa/state/config';
import { globMatch, simulatePolicies } from '../../sandbox/src/mwaa/state/iamSimulation';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { readSecretsBackend } from '../../src/core/secrets/backendConfig';
import { SecretsStore } from '../../src/core/secrets/secretsStore';
import { explainVisibility } from '../../src/core/secrets/visibilityCheck';
import { useSandbox } from './useSandbox';

const REPO = path.resolve(__dirname, '../../..');
const CHECK_SCRIPT = path.join(REPO, 'sandbox', 'python', 'checks', 'iam_simulate_check.py');
const ROLE_AF2 = executionRoleArn('sandbox-af2');
const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd: REPO, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }));
  });
}

describe('sandbox Secrets Manager, IAM, KMS and STS fronts', () => {
  const sandbox = useSandbox();
  const clients = () => {
    const sb = sandbox();
    return {
      sm: new SecretsManagerClient(clientConfig(sb.endpoints.secretsManager)),
      iam: new IAMClient(clientConfig(sb.endpoints.iam)),
      kms: new KMSClient(clientConfig(sb.endpoints.kms)),
      sts: new STSClient(clientConfig(sb.endpoints.sts)),
    };
  };

  it('exports endpoints and a profile a plain SDK script uses for all four services', async () => {
    const sb = sandbox();
    for (const k of ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_KMS', 'AWS_ENDPOINT_URL_STS']) assert.match(sb.exports[k] ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, k);
    const script = `
      const sm = require('@aws-sdk/client-secrets-manager'); const kms = require('@aws-sdk/client-kms');
      const iam = require('@aws-sdk/client-iam'); const sts = require('@aws-sdk/client-sts');
      (async () => {
        await new sm.SecretsManagerClient({}).send(new sm.CreateSecretCommand({ Name: process.env.SECRET_NAME, SecretString: 'v' }));
        const key = await new kms.KMSClient({}).send(new kms.DescribeKeyCommand({ KeyId: '${SECRETS_KEY_ALIAS}' }));
        const role = await new iam.IAMClient({}).send(new iam.GetRoleCommand({ RoleName: 'AmazonMWAA-sandbox-af2-execution' }));
        const me = await new sts.STSClient({}).send(new sts.GetCallerIdentityCommand({}));
        console.log(JSON.stringify({ key: key.KeyMetadata.KeyManager, role: role.Role.Arn, account: me.Account }));
      })().catch((e) => { console.error(e.name + ': ' + e.message); process.exit(1); });`;
    const { NODE_OPTIONS: _n, ...exports } = sb.exports;
    void _n;
    // The profile file alone names the endpoints too (no AWS_ENDPOINT_URL_* variables).
    const profileOnly = Object.fromEntries(Object.entries(exports).filter(([k]) => !k.startsWith('AWS_ENDPOINT_URL')));
    for (const [i, env] of [exports, profileOnly].entries()) {
      const r = await run(process.execPath, ['-e', script], { PATH: process.env.PATH, HOME: process.env.HOME, SECRET_NAME: `airflow/variables/from_script${i}`, ...env });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { key: 'CUSTOMER', role: ROLE_AF2, account: '123456789012' });
    }
    const { sm } = clients();
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'airflow/variables/from_script1' }))).SecretString, 'v');
  });

  it('the real environments name a seeded execution role and the secrets backend in their configuration', async () => {
    const sb = sandbox();
    const env = sb.emulator.registry.get(sb.region, 'sandbox-af3')!;
    const cfg = readSecretsBackend(env.airflowConfigurationOptions);
    assert.equal(cfg?.kind, 'secretsManager');
    assert.equal(cfg?.variablesPrefix, 'airflow/variables');
    assert.equal(env.toApi('h').ExecutionRoleArn, executionRoleArn('sandbox-af3'));
    const { iam, kms } = clients();
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'AmazonMWAA-sandbox-af3-execution' }))).Role?.Path, '/service-role/');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: RESTRICTED_KEY_ALIAS }))).KeyMetadata?.KeyState, 'Enabled');
  });

  it('faults apply per service and operation; a client signed for another service is told so', async () => {
    const sb = sandbox();
    const { sm, iam, sts } = clients();
    const store = new SecretsStore(sm);
    await store.put('airflow/variables/faulty', 'v');
    const set = (rules: unknown[]) => fetch(sb.endpoints.faults, { method: 'POST', body: JSON.stringify({ rules }) });
    await set([{ kind: 'throttle', service: 'secretsmanager', operation: 'GetSecretValue', count: 1 }, { kind: 'accessDenied', service: 'iam', operation: 'SimulatePrincipalPolicy', count: 1 }]);
    try {
      await assert.rejects(store.getValue('airflow/variables/faulty'), (e: Error) => e.name === 'ThrottlingException');
      assert.equal(await store.getValue('airflow/variables/faulty'), 'v', 'count 1: the next call passes');
      const results = await explainVisibility({
        kind: 'variable', key: 'faulty', cfg: readSecretsBackend(sb.emulator.registry.get(sb.region, 'sandbox-af2')!.airflowConfigurationOptions),
        environmentRegion: sb.region, executionRoleArn: ROLE_AF2, secretsClient: sm, iamClient: iam,
      });
      const role = results.find((r) => r.id === 'role')!;
      assert.equal(role.status, 'unknown', 'an IAM simulator the user may not call: unknown, with what to check');
      assert.match(role.detail, /may not run the IAM policy simulator/);
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '123456789012');
    } finally {
      await fetch(sb.endpoints.faults, { method: 'DELETE' });
    }
    const wrong = new KMSClient(clientConfig(sb.endpoints.secretsManager));
    await assert.rejects(wrong.send(new DescribeKeyCommand({ KeyId: SECRETS_KEY_ALIAS })), /signed for service "kms" but this endpoint serves "secretsmanager"/);
    wrong.destroy();
  });

  it('SimulatePrincipalPolicy: allow, explicit deny, boundary, conditions; boto3 reads every answer through AWS\'s service model', async () => {
    const sb = sandbox();
    const { iam } = clients();
    const name = 'sandbox-sim-role';
    const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify({ Statement: [] }) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({
      RoleName: name, PolicyName: 'app-secrets',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: 'arn:aws:secretsmanager:*:*:secret:app/*' },
        { Effect: 'Deny', Action: 'secretsmanager:*', Resource: 'arn:aws:secretsmanager:*:*:secret:app/blocked*' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
      ] }),
    }));
    const managed = await iam.send(new CreatePolicyCommand({ PolicyName: 'sandbox-s3-read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] }) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: managed.Policy!.Arn! }));
    const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: 'sandbox-boundary', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:*', 'kms:*'], Resource: '*' }] }) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: boundary.Policy!.Arn! }));

    const sim = async (actions: string[], resources: string[]) =>
      (await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: actions, ResourceArns: resources }))).EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision, (r.MatchedStatements ?? []).map((m) => m.SourcePolicyId).join(','), (r.MissingContextValues ?? []).join(',')]);
    assert.deepEqual(await sim(['secretsmanager:GetSecretValue'], [secretArn('app/db'), secretArn('app/blocked-db'), secretArn('other/x')]), [
      ['secretsmanager:GetSecretValue', 'allowed', 'app-secrets', ''],
      ['secretsmanager:GetSecretValue', 'explicitDeny', 'app-secrets', ''],
      ['secretsmanager:GetSecretValue', 'implicitDeny', '', ''],
    ]);
    assert.deepEqual(await sim(['kms:Decrypt', 's3:GetObject'], ['*']), [
      ['kms:Decrypt', 'implicitDeny', '', 'kms:ViaService'],
      ['s3:GetObject', 'implicitDeny', '', ''],
    ], 'a condition the simulator cannot know fails and is named; the boundary stops s3');

    const python = (await ensureMoto()).python;
    const cases = [
      { PolicySourceArn: ROLE_AF2, ActionNames: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], ResourceArns: [secretArn('airflow/variables/x')] },
      { PolicySourceArn: arn, ActionNames: ['secretsmanager:GetSecretValue'], ResourceArns: [secretArn('app/blocked')], MaxItems: 1 },
      { PolicySourceArn: arn, ActionNames: ['kms:Decrypt', 's3:GetObject'], MaxItems: 1 },
      { PolicySourceArn: 'arn:aws:iam::123456789012:role/no-such-role', ActionNames: ['s3:GetObject'] },
    ];
    const r = await run(python, [CHECK_SCRIPT, sb.endpoints.iam, JSON.stringify(cases)]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Array<{ result?: { EvaluationResults: Array<Record<string, unknown>>; IsTruncated: boolean; Marker?: string }; problems?: string[]; error?: string; modelled?: boolean }>;
    for (const o of out.slice(0, 3)) assert.deepEqual(o.problems, [], JSON.stringify(o));
    assert.deepEqual(out[0]!.result!.EvaluationResults.map((e) => e.EvalDecision), ['allowed', 'implicitDeny']);
    assert.deepEqual((out[0]!.result!.EvaluationResults[0]!.MatchedStatements as Array<Record<string, string>>)[0], { SourcePolicyId: 'MWAA-Execution-Policy-secrets', SourcePolicyType: 'role' });
    assert.equal(out[1]!.result!.EvaluationResults[0]!.EvalDecision, 'explicitDeny');
    assert.equal(out[2]!.result!.IsTruncated, true, 'MaxItems pages the results');
    assert.ok(out[2]!.result!.Marker);
    assert.deepEqual(out[3], { error: 'NoSuchEntity', modelled: true }, 'boto3 maps the error to IAM\'s modelled NoSuchEntityException');
  });

  it('policy evaluation units: wildcards, NotAction, IfExists and Null conditions, resource policy deny', () => {
    assert.equal(globMatch('secretsmanager:Get*', 'SecretsManager:GetSecretValue', true), true);
    assert.equal(globMatch('arn:aws:s3:::b/?.txt', 'arn:aws:s3:::b/a.txt', false), true);
    assert.equal(globMatch('arn:aws:s3:::B/*', 'arn:aws:s3:::b/x', false), false, 'resources are case-sensitive');
    const doc = (s: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: s });
    const results = simulatePolicies({
      principalArn: ROLE_AF2,
      identity: [{ id: 'p', type: 'role', document: doc([
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' }, Null: { 'aws:TokenIssueTime': 'true' } } },
      ]) }],
      resourcePolicy: doc([{ Effect: 'Deny', Principal: { AWS: '123456789012' }, Action: 'secretsmanager:DeleteSecret', Resource: '*' }]),
      actions: ['secretsmanager:GetSecretValue', 'iam:GetRole', 'secretsmanager:DeleteSecret'],
      resources: [],
    });
    assert.deepEqual(results.map((r) => [r.resource, r.decision]), [['*', 'allowed'], ['*', 'implicitDeny'], ['*', 'explicitDeny']]);
    assert.throws(() => simulatePolicies({ principalArn: ROLE_AF2, identity: [{ id: 'bad', type: 'role', document: '{' }], actions: ['a:b'], resources: [] }), /MalformedPolicyDocument/);
  });
});
