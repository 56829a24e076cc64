/**
 * A principal's policies as moto's IAM holds them (inline, attached managed, permissions boundary),
 * for the emulated policy simulator. Read through moto's own IAM API with the SDK.
 */
import {
  GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand, GetUserPolicyCommand,
  IAMClient, ListAttachedRolePoliciesCommand, ListAttachedUserPoliciesCommand, ListRolePoliciesCommand, ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { TEST_CREDENTIALS } from './motoClients';
import type { SourcePolicy } from '../state/iamSimulation';

/** AWS returns policy documents URL-encoded; moto may or may not. */
export function decodePolicyDocument(doc: string | undefined): string {
  if (!doc) return '{}';
  const trimmed = doc.trim();
  if (trimmed.startsWith('{')) return trimmed;
  return decodeURIComponent(trimmed);
}

export interface PrincipalPolicies {
  identity: SourcePolicy[];
  boundary?: SourcePolicy;
}

/** Thrown when the ARN names no role or user moto knows (IAM's NoSuchEntity). */
export class NoSuchEntity extends Error {
  override name = 'NoSuchEntity';
}

export class RolePolicies {
  private readonly iam: IAMClient;

  constructor(motoEndpoint: string) {
    this.iam = new IAMClient({ region: 'us-east-1', endpoint: motoEndpoint, credentials: TEST_CREDENTIALS, maxAttempts: 2 });
  }

  async of(principalArn: string): Promise<PrincipalPolicies> {
    const m = /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/(?:.*\/)?([\w+=,.@-]{1,128})$/.exec(principalArn);
    if (!m) throw new NoSuchEntity(`PolicySourceArn ${principalArn} is not the ARN of a role or user`);
    return m[1] === 'role' ? this.ofRole(m[2]!) : this.ofUser(m[2]!);
  }

  private async ofRole(name: string): Promise<PrincipalPolicies> {
    const role = await this.iam.send(new GetRoleCommand({ RoleName: name })).catch((err: Error) => {
      throw err.name === 'NoSuchEntityException' || err.name === 'NoSuchEntity' ? new NoSuchEntity(`The role with name ${name} cannot be found.`) : err;
    });
    const identity: SourcePolicy[] = [];
    const inline = await this.iam.send(new ListRolePoliciesCommand({ RoleName: name }));
    for (const p of inline.PolicyNames ?? []) {
      const doc = await this.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: p }));
      identity.push({ id: p, type: 'role', document: decodePolicyDocument(doc.PolicyDocument) });
    }
    const attached = await this.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
    for (const p of attached.AttachedPolicies ?? []) identity.push(await this.managed(p.PolicyArn!));
    const boundaryArn = role.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    return { identity, ...(boundaryArn ? { boundary: await this.managed(boundaryArn) } : {}) };
  }

  private async ofUser(name: string): Promise<PrincipalPolicies> {
    const user = await this.iam.send(new GetUserCommand({ UserName: name })).catch((err: Error) => {
      throw err.name === 'NoSuchEntityException' || err.name === 'NoSuchEntity' ? new NoSuchEntity(`The user with name ${name} cannot be found.`) : err;
    });
    const identity: SourcePolicy[] = [];
    for (const p of (await this.iam.send(new ListUserPoliciesCommand({ UserName: name }))).PolicyNames ?? []) {
      const doc = await this.iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName: p }));
      identity.push({ id: p, type: 'user', document: decodePolicyDocument(doc.PolicyDocument) });
    }
    for (const p of (await this.iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))).AttachedPolicies ?? []) identity.push(await this.managed(p.PolicyArn!));
    const boundaryArn = user.User?.PermissionsBoundary?.PermissionsBoundaryArn;
    return { identity, ...(boundaryArn ? { boundary: await this.managed(boundaryArn) } : {}) };
  }

  private async managed(arn: string): Promise<SourcePolicy> {
    const policy = (await this.iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    const version = await this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId ?? 'v1' }));
    return {
      id: policy?.PolicyName ?? arn,
      type: /^arn:aws[\w-]*:iam::aws:policy\//.test(arn) ? 'aws-managed' : 'user-managed',
      document: decodePolicyDocument(version.PolicyVersion?.Document),
    };
  }

  destroy(): void {
    this.iam.destroy();
  }
}
