/**
 * The S3 operations DAG sync needs, over one bucket and DAGs prefix. Every write checks that its
 * key lies under the prefix: whatever a caller computes, nothing is written outside it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { loadSdk } from '../aws/loadSdk';
import { isUnderPrefix, SyncPathError } from './dagKeys';
import { normaliseEtag } from './fileHash';

export interface RemoteObject {
  readonly key: string;
  /** Unquoted. */
  readonly etag: string;
  readonly size?: number;
  readonly versionId?: string;
  readonly lastModified?: Date;
}

export interface PutResult {
  readonly etag: string;
  readonly versionId?: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * A conditional put (S3 conditional writes): written only if the object still has this ETag, or
 * does not exist yet. A different object fails with 412 PreconditionFailed (isPreconditionFailed),
 * so "is it still ours?" and the write are one atomic call instead of HeadObject + PutObject.
 */
export interface PutOptions extends CallOptions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: boolean;
}

/** What the queue and the plan use; tests substitute an in-memory store. */
export interface DagObjectStore {
  readonly bucket: string;
  readonly prefix: string;
  put(key: string, body: Uint8Array, options?: PutOptions): Promise<PutResult>;
  /** undefined when the object does not exist. */
  head(key: string, options?: CallOptions): Promise<RemoteObject | undefined>;
  get(key: string, options?: CallOptions): Promise<{ readonly body: Uint8Array; readonly object: RemoteObject }>;
  delete(key: string, options?: CallOptions): Promise<void>;
  /** Every object under `<prefix>/`, page by page. */
  list(options?: CallOptions): AsyncIterable<RemoteObject>;
}

export function assertWritableKey(store: { readonly prefix: string; readonly bucket: string }, key: string): void {
  if (!isUnderPrefix(key, store.prefix)) {
    throw new SyncPathError(`Refusing to write s3://${store.bucket}/${key}: it is outside the DAGs folder '${store.prefix}/'.`);
  }
}

export class S3DagStore implements DagObjectStore {
  /**
   * @param client the client, or a getter when the client may be replaced between calls (the
   *   editor's client factory makes new clients after an endpoint or credentials change).
   */
  constructor(
    private readonly clientOrGetter: S3Client | (() => S3Client),
    readonly bucket: string,
    readonly prefix: string,
  ) {}

  private get client(): S3Client {
    return typeof this.clientOrGetter === 'function' ? this.clientOrGetter() : this.clientOrGetter;
  }

  async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<PutResult> {
    assertWritableKey(this, key);
    const { PutObjectCommand } = loadSdk();
    // A Buffer body has a known length, so the SDK sends it in one piece (no aws-chunked framing)
    // and the ETag stays the MD5 of the bytes.
    const conditions = { ...(options.ifMatch ? { IfMatch: `"${options.ifMatch}"` } : {}), ...(options.ifNoneMatch ? { IfNoneMatch: '*' } : {}) };
    const out = await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentLength: body.byteLength, ContentType: contentType(key), ...conditions }),
      { abortSignal: options.signal },
    );
    return { etag: normaliseEtag(out.ETag) ?? '', ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  }

  async head(key: string, options: CallOptions = {}): Promise<RemoteObject | undefined> {
    const { HeadObjectCommand } = loadSdk();
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: options.signal });
      return {
        key,
        etag: normaliseEtag(out.ETag) ?? '',
        ...(out.ContentLength !== undefined ? { size: out.ContentLength } : {}),
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
        ...(out.LastModified ? { lastModified: out.LastModified } : {}),
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async get(key: string, options: CallOptions = {}): Promise<{ body: Uint8Array; object: RemoteObject }> {
    const { GetObjectCommand } = loadSdk();
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: options.signal });
    const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    return {
      body,
      object: { key, etag: normaliseEtag(out.ETag) ?? '', size: body.byteLength, ...(out.VersionId ? { versionId: out.VersionId } : {}) },
    };
  }

  async delete(key: string, options: CallOptions = {}): Promise<void> {
    assertWritableKey(this, key);
    const { DeleteObjectCommand } = loadSdk();
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: options.signal });
  }

  async *list(options: CallOptions = {}): AsyncIterable<RemoteObject> {
    const { ListObjectsV2Command } = loadSdk();
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}/`, ...(token ? { ContinuationToken: token } : {}) }),
        { abortSignal: options.signal },
      );
      for (const o of out.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/')) continue; // "folder" placeholder objects
        yield {
          key: o.Key,
          etag: normaliseEtag(o.ETag) ?? '',
          ...(o.Size !== undefined ? { size: o.Size } : {}),
          ...(o.LastModified ? { lastModified: o.LastModified } : {}),
        };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }
}

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;

export function isNotFound(err: unknown): boolean {
  const e = err as SdkError;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** A conditional put found another object (412), or raced another conditional write (409). */
export function isPreconditionFailed(err: unknown): boolean {
  const e = err as SdkError;
  return e?.name === 'PreconditionFailed' || e?.name === 'ConditionalRequestConflict' || e?.$metadata?.httpStatusCode === 412 || e?.$metadata?.httpStatusCode === 409;
}

/** An S3-compatible store without conditional writes. */
export function isNotImplemented(err: unknown): boolean {
  const e = err as SdkError;
  return e?.name === 'NotImplemented' || e?.$metadata?.httpStatusCode === 501;
}

/** A few types so the S3 console previews DAG files as text. */
function contentType(key: string): string {
  if (/\.(py|txt|cfg|ini|md|sql|sh|airflowignore)$/i.test(key) || key.endsWith('/.airflowignore')) return 'text/plain; charset=utf-8';
  if (/\.ya?ml$/i.test(key)) return 'application/yaml';
  if (/\.json$/i.test(key)) return 'application/json';
  return 'application/octet-stream';
}
