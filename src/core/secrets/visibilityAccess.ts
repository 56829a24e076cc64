/**
 * May the role Airflow reads secrets with use this secret and its KMS key? Answered by IAM's own
 * policy simulator (SimulatePrincipalPolicy) where the caller may run it, else as a plain
 * statement of what to check. Each result names what to change.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import { loadSdk } from '../aws/loadSdk';
import { redact } from '../redact';
import type { CheckResult } from './visibilityTypes';

export const ROLE_CHECK = 'role';
export const KMS_CHECK = 'kms';

export interface AccessInput {
  /** The role the backend reads with: backend_kwargs role_arn, else the execution role. */
  roleArn?: string;
  /** Why that role ("the execution role", "role_arn in backend_kwargs"). */
  roleSource: string;
  secretArn: string;
  kmsKeyId?: string;
  iamClient?: IAMClient;
  kmsClient?: KMSClient;
  signal?: AbortSignal;
}

type Decision = { decision: 'allowed' | 'explicitDeny' | 'implicitDeny'; policies: string[]; missingContext: string[] } | { error: unknown };

/** IAM's verdict for one action on one resource, for a role. */
async function simulate(iam: IAMClient, roleArn: string, action: string, resource: string, signal?: AbortSignal): Promise<Decision> {
  const { SimulatePrincipalPolicyCommand } = loadSdk();
  try {
    const res = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: [action], ResourceArns: [resource] }), { abortSignal: signal });
    const r = res.EvaluationResults?.[0];
    const decision = r?.EvalDecision;
    if (decision !== 'allowed' && decision !== 'explicitDeny' && decision !== 'implicitDeny') return { error: new Error('IAM returned no decision') };
    return {
      decision,
      policies: (r?.MatchedStatements ?? []).map((s) => s.SourcePolicyId ?? '').filter(Boolean),
      missingContext: r?.MissingContextValues ?? [],
    };
  } catch (err) {
    return { error: err };
  }
}

export function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return redact(`${e?.name ?? 'Error'}: ${String(e?.message ?? err)}`).slice(0, 300);
}

function isAccessDenied(err: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test((err as Error)?.name ?? '');
}

/** The Allow statement that would fix a denial, as a policy a person can paste. */
function allowStatement(action: string, resource: string): string {
  return JSON.stringify({ Effect: 'Allow', Action: action, Resource: resource });
}

/** A role's permission for one action, turned into a check result. */
async function permissionCheck(
  id: string, title: string, input: AccessInput, action: string, resource: string, fixResource: string,
): Promise<CheckResult> {
  const role = input.roleArn;
  const what = `${action} on ${resource}`;
  if (!role) {
    return { id, title, status: 'unknown', detail: `The environment names no execution role, so whether Airflow may call ${what} is not known.`, fix: `Make sure the role Airflow runs as allows ${what}.` };
  }
  const byHand = `Check that ${role} (${input.roleSource}) has a policy statement allowing ${action} on ${fixResource}: ${allowStatement(action, fixResource)}.`;
  if (!input.iamClient) return { id, title, status: 'unknown', detail: `IAM was not asked whether ${role} may call ${what}.`, fix: byHand };
  const d = await simulate(input.iamClient, role, action, resource, input.signal);
  if ('error' in d) {
    if ((d.error as Error)?.name === 'NoSuchEntityException' || (d.error as Error)?.name === 'NoSuchEntity') {
      return { id, title, status: 'problem', detail: `The role ${role} (${input.roleSource}) does not exist in IAM.`, fix: 'Point the environment at an existing execution role, or create the role.' };
    }
    const why = isAccessDenied(d.error) ? 'you may not run the IAM policy simulator (iam:SimulatePrincipalPolicy)' : `the IAM policy simulator failed (${errorText(d.error)})`;
    return { id, title, status: 'unknown', detail: `Whether ${role} may call ${what} is not known: ${why}.`, fix: byHand };
  }
  if (d.decision === 'allowed') {
    return { id, title, status: 'ok', detail: `IAM's policy simulator allows ${role} (${input.roleSource}) ${what}${d.policies.length ? ` (through ${d.policies.join(', ')})` : ''}.` };
  }
  if (d.decision === 'explicitDeny') {
    return { id, title, status: 'problem', detail: `A policy explicitly denies ${role} ${what}${d.policies.length ? ` (${d.policies.join(', ')})` : ''}.`, fix: `Remove or narrow the Deny statement${d.policies.length ? ` in ${d.policies.join(', ')}` : ''}; a Deny wins over every Allow.` };
  }
  if (d.missingContext.length) {
    return { id, title, status: 'unknown', detail: `No statement allows ${role} ${what} without conditions on ${d.missingContext.join(', ')}, which the simulator cannot know for Airflow's calls.`, fix: byHand };
  }
  return { id, title, status: 'problem', detail: `No policy of ${role} (${input.roleSource}) allows ${what}: Airflow's lookup is denied and it treats the secret as missing.`, fix: `Add this statement to a policy of ${role}: ${allowStatement(action, fixResource)}.` };
}

/** Whether the backend's role may read the secret (secretsmanager:GetSecretValue). */
export function roleCheck(input: AccessInput, secretPattern: string): Promise<CheckResult> {
  return permissionCheck(ROLE_CHECK, 'The role may read the secret', input, 'secretsmanager:GetSecretValue', input.secretArn, secretPattern);
}

interface KeyFacts {
  arn: string;
  awsManaged: boolean;
  state: string;
  policy?: string;
}

async function keyFacts(kms: KMSClient, keyId: string, signal?: AbortSignal): Promise<KeyFacts> {
  const { DescribeKeyCommand, GetKeyPolicyCommand } = loadSdk();
  const meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }), { abortSignal: signal })).KeyMetadata;
  const facts: KeyFacts = { arn: meta?.Arn ?? keyId, awsManaged: meta?.KeyManager === 'AWS', state: meta?.KeyState ?? (meta?.Enabled === false ? 'Disabled' : 'Enabled') };
  if (!facts.awsManaged) {
    try {
      facts.policy = (await kms.send(new GetKeyPolicyCommand({ KeyId: facts.arn, PolicyName: 'default' }), { abortSignal: signal })).Policy;
    } catch (err) {
      if (!isAccessDenied(err)) throw err;
    }
  }
  return facts;
}

/** How a key policy lets a role decrypt: by naming it, by handing the decision to IAM policies, or not at all. */
export function keyPolicyGrant(policyText: string, roleArn: string): 'role' | 'iam' | 'none' {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policyText) as { Statement?: unknown };
  } catch {
    return 'none';
  }
  const account = /^arn:aws[\w-]*:iam::(\d{12}):/.exec(roleArn)?.[1];
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
  let grant: 'role' | 'iam' | 'none' = 'none';
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).slice(0, 100) as Array<Record<string, unknown> | undefined>;
  for (const s of statements) {
    if (!s || s.Effect !== 'Allow') continue;
    const actions = list(s.Action).map((a) => a.toLowerCase());
    if (!actions.some((a) => a === '*' || a === 'kms:*' || a === 'kms:decrypt')) continue;
    const p = s.Principal as Record<string, unknown> | string | undefined;
    const principals = p === '*' ? ['*'] : list((p as Record<string, unknown> | undefined)?.AWS);
    if (principals.includes(roleArn)) return 'role';
    if (principals.some((x) => x === '*' || (account && (x === account || new RegExp(`^arn:aws[\\w-]*:iam::${account}:root$`).test(x))))) grant = 'iam';
  }
  return grant;
}

/** Whether the role may decrypt the secret's KMS key (customer keys only; state, key policy, IAM). */
export async function kmsCheck(input: AccessInput): Promise<CheckResult> {
  const id = KMS_CHECK;
  const title = 'The role may decrypt the secret';
  if (!input.kmsKeyId) {
    return { id, title, status: 'ok', detail: 'The secret is encrypted with the AWS managed key aws/secretsmanager: a role that may read the secret may decrypt it.' };
  }
  const role = input.roleArn;
  const byHand = `Check that the key ${input.kmsKeyId} is enabled, that its key policy lets ${role ?? 'the execution role'} use it (or delegates to IAM policies), and that the role allows kms:Decrypt on it.`;
  if (!input.kmsClient || !role) return { id, title, status: 'unknown', detail: `The secret is encrypted with the customer managed key ${input.kmsKeyId}, which was not checked.`, fix: byHand };
  let facts: KeyFacts;
  try {
    facts = await keyFacts(input.kmsClient, input.kmsKeyId, input.signal);
  } catch (err) {
    return { id, title, status: 'unknown', detail: `The key ${input.kmsKeyId} could not be described (${errorText(err)}).`, fix: byHand };
  }
  if (facts.awsManaged) return { id, title, status: 'ok', detail: `The secret is encrypted with the AWS managed key ${facts.arn}.` };
  if (facts.state !== 'Enabled') {
    return { id, title, status: 'problem', detail: `The secret's key ${facts.arn} is ${facts.state}: Secrets Manager cannot decrypt the secret, and Airflow treats it as missing.`, fix: facts.state === 'PendingDeletion' ? 'Cancel the key\'s deletion (CancelKeyDeletion) and enable it.' : 'Enable the key (EnableKey).' };
  }
  if (facts.policy === undefined) {
    return { id, title, status: 'unknown', detail: `You may not read the key policy of ${facts.arn}.`, fix: byHand };
  }
  const grant = keyPolicyGrant(facts.policy, role);
  if (grant === 'none') {
    return { id, title, status: 'problem', detail: `The key policy of ${facts.arn} neither names ${role} nor lets IAM policies of the account grant kms:Decrypt.`, fix: `Add to the key policy: ${JSON.stringify({ Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' })}.` };
  }
  if (grant === 'role') return { id, title, status: 'ok', detail: `The key policy of ${facts.arn} allows ${role} kms:Decrypt.` };
  return permissionCheck(id, title, input, 'kms:Decrypt', facts.arn, facts.arn);
}
