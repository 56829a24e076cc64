/**
 * What the DAG sync host tests (and the in-editor save benchmark) share: binding a folder to the
 * sandbox's environment, saving through the editor, reading the engine's state through its test
 * seam, and looking at the sandbox's S3 with a client of their own (the "other client").
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { SyncHistoryEntry, SyncStateQuery, SyncStateSnapshot } from '../../src/features/sync/testSeams';
import { activateExtension } from './extension';
import { waitFor } from './waitFor';

export const BUCKET = 'airflow-sandbox-af2';
const PROFILE = () => process.env.AWS_PROFILE ?? 'mwaa-sandbox';
const REGION = () => process.env.AWS_REGION ?? 'us-east-1';
export const envKey = (name: string) => JSON.stringify([PROFILE(), REGION(), name]);

export const syncState = (uri?: vscode.Uri) => vscode.commands.executeCommand<SyncStateSnapshot>('_mwaa.syncState', uri ? ({ uri } satisfies SyncStateQuery) : undefined);

/** A fresh folder under the workspace's dags/, bound to sandbox-af2 (the bind confirmation answered 'Bind'). */
export async function bindFreshFolder(name: string, env = 'sandbox-af2'): Promise<vscode.Uri> {
  await activateExtension();
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const dir = path.join(root, 'dags', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const folder = vscode.Uri.file(dir);
  await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
  const key = await vscode.commands.executeCommand<string>('mwaa.bindEnvironment', envKey(env), folder);
  assert.equal(key, envKey(env), 'bound');
  return folder;
}

export async function unbind(folder: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder);
}

/** Writes `text` into the file through the editor and saves it; returns performance.now() just before the save. */
export async function saveText(file: vscode.Uri, text: string): Promise<number> {
  // Created through the editor's file service, so the document it opens knows the file's stat: a
  // file written behind its back could be seen as changed on disk mid-save (save() -> false).
  if (!fs.existsSync(file.fsPath)) await vscode.workspace.fs.writeFile(file, new Uint8Array());
  const doc = await vscode.workspace.openTextDocument(file);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(file, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
  const t0 = performance.now();
  assert.ok(await doc.save(), `saved ${file.fsPath}`);
  return t0;
}

/** The first history entry of `type` for `key` after `since` (performance.now()), told by the engine (no polling). */
export async function waitForEvent(type: string, key: string | undefined, since: number, timeoutMs = 30_000) {
  const query: SyncStateQuery = { waitFor: { type, key, since, timeoutMs } };
  const entry = await vscode.commands.executeCommand<SyncHistoryEntry | undefined>('_mwaa.syncState', query);
  if (!entry) throw new Error(`timed out waiting for ${type} ${key}`);
  return entry;
}

/** Resolves when nothing is waiting or uploading. */
export function waitIdle(timeoutMs = 60_000) {
  return waitFor('the upload queue to drain', async () => {
    const s = await syncState();
    return s.counts.waiting === 0 && s.counts.uploading === 0 ? s : undefined;
  }, timeoutMs, 50);
}

export function otherClient(): S3Client {
  return new S3Client({
    region: REGION(), endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
}

/**
 * Deletes every object under `prefix` (a suite's DAG files), so suites that follow on the same
 * environment (the runs suite lists its DAGs and import errors) never see them. Returns the count.
 */
export async function deletePrefix(s3: S3Client, prefix: string, bucket = BUCKET): Promise<number> {
  let deleted = 0;
  for (let round = 0; round < 20; round++) {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1000 }));
    const keys = (listed.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    deleted += keys.length;
  }
  return deleted;
}

export async function objectText(s3: S3Client, key: string, bucket = BUCKET): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body!.transformToString();
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

export async function objectVersion(s3: S3Client, key: string): Promise<string | undefined> {
  return (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).VersionId;
}

export async function putObject(s3: S3Client, key: string, body: string, bucket = BUCKET): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function faults(body: { rules: object[]; seed?: number } | undefined): Promise<void> {
  const url = process.env.MWAA_SANDBOX_FAULTS_URL!;
  const res = await fetch(url, body ? { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : { method: 'DELETE' });
  assert.ok(res.ok, `fault endpoint answered ${res.status}`);
}

export async function setSyncSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('mwaa.sync').update(name, value, vscode.ConfigurationTarget.Global);
}
