/**
 * What the real environments' secrets backend needs in moto, as MWAA's setup guides make it: the
 * execution role (named in GetEnvironment's ExecutionRoleArn) with a policy that may read secrets
 * under the two prefixes and decrypt them with the sandbox's customer managed key; and a second
 * key the role may not use, so a "wrong KMS key" case exists. Idempotent.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { ACCOUNT_ID } from '../state/config';
import { TEST_CREDENTIALS } from './motoClients';

export const SECRETS_KEY_ALIAS = 'alias/sandbox-airflow-secrets';
export const RESTRICTED_KEY_ALIAS = 'alias/sandbox-restricted';
export const EXECUTION_POLICY_NAME = 'MWAA-Execution-Policy-secrets';

/** The prefixes the real environments' backend_kwargs name. */
export const SANDBOX_SECRET_PREFIXES = { connections: 'airflow/connections', variables: 'airflow/variables' } as const;

export interface SeededKeys {
  secretsKeyArn: string;
  restrictedKeyArn: string;
}

const keysByRegion = new Map<string, Promise<SeededKeys>>();

function client<C>(Ctor: new (cfg: Record<string, unknown>) => C, endpoint: string, region: string): C {
  return new Ctor({ region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 });
}

async function ensureKey(kms: KMSClient, alias: string, policy: object, description: string): Promise<string> {
  const aliases = (await kms.send(new ListAliasesCommand({}))).Aliases ?? [];
  const existing = aliases.find((a) => a.AliasName === alias);
  if (existing?.TargetKeyId) return `arn:aws:kms:${(await kms.config.region())}:${ACCOUNT_ID}:key/${existing.TargetKeyId}`;
  const key = await kms.send(new CreateKeyCommand({ Description: description, Policy: JSON.stringify(policy) }));
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyMetadata!.KeyId! }));
  return key.KeyMetadata!.Arn!;
}

/** The two sandbox keys of a region (created once per moto and region). */
export function seedKeys(motoEndpoint: string, region: string): Promise<SeededKeys> {
  const id = `${motoEndpoint} ${region}`;
  let p = keysByRegion.get(id);
  if (!p) {
    p = (async () => {
      const kms = client(KMSClient, motoEndpoint, region);
      try {
        const root = `arn:aws:iam::${ACCOUNT_ID}:root`;
        const secretsKeyArn = await ensureKey(kms, SECRETS_KEY_ALIAS,
          { Version: '2012-10-17', Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }] },
          'Sandbox: encrypts the Airflow secrets of the sandbox environments');
        const restrictedKeyArn = await ensureKey(kms, RESTRICTED_KEY_ALIAS,
          { Version: '2012-10-17', Statement: [{ Sid: 'KeyAdminOnly', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/key-admin` }, Action: 'kms:*', Resource: '*' }] },
          'Sandbox: a key the execution roles may not use');
        return { secretsKeyArn, restrictedKeyArn };
      } finally {
        kms.destroy();
      }
    })();
    p.catch(() => keysByRegion.delete(id));
    keysByRegion.set(id, p);
  }
  return p;
}

/** The execution-role policy that lets Airflow's SecretsManagerBackend read (and decrypt) its secrets. */
export function executionRolePolicy(region: string, keyArn: string): object {
  const secretArn = (prefix: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT_ID}:secret:${prefix}/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadAirflowSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: Object.values(SANDBOX_SECRET_PREFIXES).map(secretArn) },
      { Sid: 'ListSecrets', Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
      { Sid: 'DecryptAirflowSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
    ],
  };
}

/** Creates the role of `roleArn` (path and name from it) with the secrets policy. */
export async function seedExecutionRole(motoEndpoint: string, region: string, roleArn: string): Promise<void> {
  const m = /^arn:aws:iam::\d{12}:role(\/.*\/|\/)([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw new Error(`not a role ARN: ${roleArn}`);
  const keys = await seedKeys(motoEndpoint, region);
  const iam = client(IAMClient, motoEndpoint, 'us-east-1');
  try {
    try {
      await iam.send(new CreateRoleCommand({
        RoleName: m[2]!, Path: m[1]!,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: ['airflow.amazonaws.com', 'airflow-env.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
        }),
      }));
    } catch (err) {
      if ((err as Error).name !== 'EntityAlreadyExistsException' && (err as Error).name !== 'EntityAlreadyExists') throw err;
    }
    await iam.send(new PutRolePolicyCommand({ RoleName: m[2]!, PolicyName: EXECUTION_POLICY_NAME, PolicyDocument: JSON.stringify(executionRolePolicy(region, keys.secretsKeyArn)) }));
  } finally {
    iam.destroy();
  }
}
