/**
 * Secrets Manager as the extension uses it: list names under a prefix (bounded), read one value on
 * demand, describe one, create-or-update one. Names are checked before any call; values never
 * appear in an error message (the SDK's do not hold them either).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadSdk } from '../aws/loadSdk';
import { UserFacingError } from '../errors';
import { MAX_SECRET_BYTES } from './connectionFormat';
import { validateSecretName } from './secretNames';

export interface SecretSummary {
  name: string;
  lastChanged?: Date;
  /** Absent for the AWS managed key (aws/secretsmanager). */
  kmsKeyId?: string;
  arn?: string;
}

export interface SecretDescription extends SecretSummary {
  description?: string;
  createdDate?: Date;
  /** Set when the secret is scheduled for deletion: Airflow can no longer read it. */
  deletedDate?: Date;
}

/** Default and hard bound of a listing (100 per page, as Secrets Manager allows). */
export const DEFAULT_MAX_SECRETS = 1000;
const HARD_MAX_SECRETS = 10_000;

export class SecretsStore {
  constructor(private readonly client: SecretsManagerClient) {}

  /** Secrets whose names start with `prefix` (all with ''), sorted by name, at most `max`. */
  async list(prefix: string, opts: { max?: number; signal?: AbortSignal } = {}): Promise<SecretSummary[]> {
    const max = Math.max(1, Math.min(opts.max ?? DEFAULT_MAX_SECRETS, HARD_MAX_SECRETS));
    const { ListSecretsCommand } = loadSdk();
    const out: SecretSummary[] = [];
    let nextToken: string | undefined;
    // The name filter is a prefix match that AWS documents as case-insensitive: names are checked again.
    const filters = prefix ? [{ Key: 'name' as const, Values: [prefix.slice(0, 512)] }] : undefined;
    for (let page = 0; page < Math.ceil(HARD_MAX_SECRETS / 100) && out.length < max; page++) {
      const res = await this.client.send(
        new ListSecretsCommand({ MaxResults: 100, ...(filters ? { Filters: filters } : {}), ...(nextToken ? { NextToken: nextToken } : {}) }),
        { abortSignal: opts.signal },
      );
      for (const s of res.SecretList ?? []) {
        if (s.Name && s.Name.startsWith(prefix) && !s.DeletedDate && out.length < max) out.push(summaryOf(s));
      }
      nextToken = res.NextToken;
      if (!nextToken) break;
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The secret's text, or undefined when there is no such secret (or it holds only binary data). */
  async getValue(name: string, signal?: AbortSignal): Promise<string | undefined> {
    requireName(name);
    const { GetSecretValueCommand } = loadSdk();
    try {
      const res = await this.client.send(new GetSecretValueCommand({ SecretId: name }), { abortSignal: signal });
      return res.SecretString;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async describe(name: string, signal?: AbortSignal): Promise<SecretDescription | undefined> {
    requireName(name);
    const { DescribeSecretCommand } = loadSdk();
    try {
      const res = await this.client.send(new DescribeSecretCommand({ SecretId: name }), { abortSignal: signal });
      const d: SecretDescription = summaryOf(res);
      if (res.Description) d.description = res.Description;
      if (res.CreatedDate) d.createdDate = res.CreatedDate;
      if (res.DeletedDate) d.deletedDate = res.DeletedDate;
      return d;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Creates the secret, or stores a new version of an existing one (and its description/key when given). */
  async put(name: string, value: string, opts: { description?: string; kmsKeyId?: string; signal?: AbortSignal } = {}): Promise<void> {
    requireName(name);
    if (typeof value !== 'string') throw new UserFacingError('A secret value must be text.');
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw new UserFacingError(`A secret value may be at most ${MAX_SECRET_BYTES} bytes.`);
    if (opts.description !== undefined && opts.description.length > 2048) throw new UserFacingError('A secret description may be at most 2048 characters.');
    const { CreateSecretCommand, PutSecretValueCommand, UpdateSecretCommand } = loadSdk();
    const extras = { ...(opts.description !== undefined ? { Description: opts.description } : {}), ...(opts.kmsKeyId ? { KmsKeyId: opts.kmsKeyId } : {}) };
    try {
      await this.client.send(new CreateSecretCommand({ Name: name, SecretString: value, ...extras }), { abortSignal: opts.signal });
      return;
    } catch (err) {
      if (isScheduledForDeletion(err)) {
        throw new UserFacingError(`Secret ${name} is scheduled for deletion: restore it in Secrets Manager (RestoreSecret) before writing to it.`, [], { cause: err });
      }
      if ((err as Error).name !== 'ResourceExistsException') throw err;
    }
    if (Object.keys(extras).length) await this.client.send(new UpdateSecretCommand({ SecretId: name, ...extras }), { abortSignal: opts.signal });
    await this.client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }), { abortSignal: opts.signal });
  }
}

function summaryOf(s: { Name?: string; ARN?: string; KmsKeyId?: string; LastChangedDate?: Date }): SecretSummary {
  const out: SecretSummary = { name: s.Name ?? '' };
  if (s.LastChangedDate) out.lastChanged = s.LastChangedDate;
  if (s.KmsKeyId) out.kmsKeyId = s.KmsKeyId;
  if (s.ARN) out.arn = s.ARN;
  return out;
}

function requireName(name: string): void {
  const problem = validateSecretName(name);
  if (problem) throw new UserFacingError(problem);
}

export function isNotFound(err: unknown): boolean {
  return (err as Error)?.name === 'ResourceNotFoundException';
}

function isScheduledForDeletion(err: unknown): boolean {
  return (err as Error)?.name === 'InvalidRequestException' && /scheduled for deletion/i.test((err as Error).message ?? '');
}
