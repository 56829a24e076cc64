/**
 * In-memory stand-ins for the Secrets Manager, IAM and KMS SDK clients: `send(command)` answers
 * by the command's class name, with the SDK's error names. Calls are recorded for assertions.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

interface Command { constructor: { name: string }; input: Record<string, unknown> }

export interface FakeSecret { value?: string; kmsKeyId?: string; deletedDate?: Date; lastChanged?: Date; description?: string }

export class FakeSecretsManager {
  readonly secrets = new Map<string, FakeSecret>();
  readonly calls: { op: string; input: Record<string, unknown> }[] = [];
  /** Operation name -> error thrown for it. */
  readonly failures = new Map<string, Error>();
  readonly config: { region: () => Promise<string> };

  constructor(readonly region = 'us-east-1', readonly pageSize = 100) {
    this.config = { region: async () => this.region };
  }

  get client(): SecretsManagerClient {
    return this as unknown as SecretsManagerClient;
  }

  arn(name: string): string {
    return `arn:aws:secretsmanager:${this.region}:123456789012:secret:${name}-AbCdEf`;
  }

  async send(cmd: Command, opts?: { abortSignal?: AbortSignal }): Promise<unknown> {
    opts?.abortSignal?.throwIfAborted();
    const op = cmd.constructor.name.replace(/Command$/, '');
    this.calls.push({ op, input: cmd.input });
    const failure = this.failures.get(op);
    if (failure) throw failure;
    const i = cmd.input;
    const get = (): FakeSecret => {
      const s = this.secrets.get(String(i.SecretId));
      if (!s) throw awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return s;
    };
    switch (op) {
      case 'ListSecrets': {
        const filter = (i.Filters as { Values: string[] }[] | undefined)?.[0]?.Values[0]?.toLowerCase() ?? '';
        const names = [...this.secrets.keys()].filter((n) => n.toLowerCase().startsWith(filter) && !this.secrets.get(n)!.deletedDate).sort();
        const start = Number(i.NextToken ?? 0);
        const page = names.slice(start, start + Math.min(Number(i.MaxResults ?? 100), this.pageSize));
        return {
          SecretList: page.map((n) => ({ Name: n, ARN: this.arn(n), KmsKeyId: this.secrets.get(n)!.kmsKeyId, LastChangedDate: this.secrets.get(n)!.lastChanged })),
          ...(start + page.length < names.length ? { NextToken: String(start + page.length) } : {}),
        };
      }
      case 'GetSecretValue': {
        const s = get();
        if (s.deletedDate) throw awsError('InvalidRequestException', 'You can\'t perform this operation on the secret because it was marked for deletion.');
        return { Name: i.SecretId, SecretString: s.value };
      }
      case 'DescribeSecret': {
        const s = get();
        const n = String(i.SecretId);
        return { Name: n, ARN: this.arn(n), KmsKeyId: s.kmsKeyId, LastChangedDate: s.lastChanged, DeletedDate: s.deletedDate, Description: s.description };
      }
      case 'CreateSecret': {
        const n = String(i.Name);
        const s = this.secrets.get(n);
        if (s?.deletedDate) throw awsError('InvalidRequestException', 'You can\'t create this secret because a secret with this name is already scheduled for deletion.');
        if (s) throw awsError('ResourceExistsException', `The operation failed because the secret ${n} already exists.`);
        this.secrets.set(n, { value: i.SecretString as string, kmsKeyId: i.KmsKeyId as string | undefined, description: i.Description as string | undefined, lastChanged: new Date() });
        return { Name: n, ARN: this.arn(n) };
      }
      case 'PutSecretValue': {
        get().value = i.SecretString as string;
        return {};
      }
      case 'UpdateSecret': {
        const s = get();
        if (i.Description !== undefined) s.description = i.Description as string;
        if (i.KmsKeyId !== undefined) s.kmsKeyId = i.KmsKeyId as string;
        return {};
      }
      default:
        throw new Error(`fake Secrets Manager: no ${op}`);
    }
  }
}

export type Decision = 'allowed' | 'implicitDeny' | 'explicitDeny';

export class FakeIam {
  readonly calls: Record<string, unknown>[] = [];
  failure?: Error;
  missingContext: string[] = [];
  /** `${action} ${resource}` -> decision; anything else is an implicit deny. */
  readonly decisions = new Map<string, Decision>();

  get client(): IAMClient {
    return this as unknown as IAMClient;
  }

  async send(cmd: Command): Promise<unknown> {
    assert(cmd.constructor.name === 'SimulatePrincipalPolicyCommand', cmd.constructor.name);
    this.calls.push(cmd.input);
    if (this.failure) throw this.failure;
    const action = (cmd.input.ActionNames as string[])[0]!;
    const resource = (cmd.input.ResourceArns as string[])[0]!;
    const decision = this.decisions.get(`${action} ${resource}`) ?? 'implicitDeny';
    return {
      EvaluationResults: [{
        EvalActionName: action, EvalResourceName: resource, EvalDecision: decision,
        MatchedStatements: decision === 'implicitDeny' ? [] : [{ SourcePolicyId: 'reader-policy', SourcePolicyType: 'IAM Policy' }],
        MissingContextValues: this.missingContext,
      }],
    };
  }
}

export class FakeKms {
  readonly keys = new Map<string, { arn: string; manager: 'AWS' | 'CUSTOMER'; state: string; policy: string }>();
  policyDenied = false;

  get client(): KMSClient {
    return this as unknown as KMSClient;
  }

  async send(cmd: Command): Promise<unknown> {
    const key = [...this.keys.values()].find((k) => k.arn === cmd.input.KeyId || k.arn.endsWith(`/${String(cmd.input.KeyId)}`));
    if (!key) throw awsError('NotFoundException', 'Key not found');
    if (cmd.constructor.name === 'DescribeKeyCommand') return { KeyMetadata: { Arn: key.arn, KeyManager: key.manager, KeyState: key.state, Enabled: key.state === 'Enabled' } };
    if (cmd.constructor.name === 'GetKeyPolicyCommand') {
      if (this.policyDenied) throw awsError('AccessDeniedException', 'not allowed');
      return { Policy: key.policy };
    }
    throw new Error(`fake KMS: no ${cmd.constructor.name}`);
  }
}

function assert(ok: boolean, what: string): void {
  if (!ok) throw new Error(`fake IAM: unexpected ${what}`);
}
