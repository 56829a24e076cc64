import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateSecretCommand, DeleteSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as vscode from 'vscode';
import type { SecretsState, SecretsStorage, TreeSnapshot } from '../../src/features/secrets/testSeams';

/** Test support for the secrets suites: the sandbox's Secrets Manager (moto) and the feature's seams. */
export const envKey = (name: string) => JSON.stringify(['mwaa-sandbox', 'us-east-1', name]);

export function sandboxSecrets(): SecretsManagerClient | undefined {
  const endpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  if (!endpoint) return undefined;
  return new SecretsManagerClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
}

export async function putSecret(sm: SecretsManagerClient, name: string, value: string): Promise<void> {
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: value }));
}

export async function readSecret(sm: SecretsManagerClient, name: string): Promise<string | undefined> {
  return (await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString;
}

export async function deleteSecrets(sm: SecretsManagerClient, names: readonly string[]): Promise<void> {
  for (const n of names) await sm.send(new DeleteSecretCommand({ SecretId: n, ForceDeleteWithoutRecovery: true })).catch(() => undefined);
}

export const secretsTree = (key: string, depth = 3) => vscode.commands.executeCommand<TreeSnapshot[]>('_mwaa.secretsTree', key, depth);
export const secretsState = () => vscode.commands.executeCommand<SecretsState & { storage: SecretsStorage }>('_mwaa.secretsState');
export const answer = (answers: Record<string, unknown>) => vscode.commands.executeCommand('_mwaa.answerPrompts', answers);

export function child(nodes: readonly TreeSnapshot[] | undefined, label: string): TreeSnapshot {
  const n = nodes?.find((x) => x.label === label);
  if (!n) throw new Error(`no node "${label}" among ${JSON.stringify(nodes?.map((x) => x.label))}`);
  return n;
}

/**
 * Files under `dir` (bounded walk, regular files only) whose bytes hold any of `needles`: for the
 * test that no value reached a log, settings or state. Returns the hits as `file: needle index`
 * (never the needle itself, so a failure does not print the value either).
 */
export function filesHolding(dir: string, needles: readonly string[], seen = { files: 0 }): string[] {
  const hits: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return hits;
  }
  for (const e of entries) {
    if (seen.files > 5000) break;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) hits.push(...filesHolding(p, needles, seen));
    else if (e.isFile()) {
      seen.files++;
      const stat = fs.statSync(p);
      if (stat.size > 50_000_000) continue;
      const bytes = fs.readFileSync(p);
      needles.forEach((n, i) => {
        if (bytes.includes(Buffer.from(n, 'utf8'))) hits.push(`${p}: value #${i}`);
      });
    }
  }
  return hits;
}

/** A value no other test or fixture could hold by chance. */
export const uniqueValue = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}-${Date.now().toString(36)}`;
