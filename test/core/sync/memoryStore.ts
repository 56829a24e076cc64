import { md5Hex } from '../../../src/core/sync/fileHash';
import { assertWritableKey, type DagObjectStore, type PutOptions, type PutResult, type RemoteObject } from '../../../src/core/sync/s3Store';

/** An in-memory DagObjectStore with versioning, call counts, latency and injectable failures. */
export class MemoryStore implements DagObjectStore {
  readonly objects = new Map<string, { body: Buffer; etag: string; versionId: string }>();
  readonly calls = { put: 0, head: 0, get: 0, delete: 0, list: 0 };
  /** Returning an error fails that call (before it takes effect). */
  failPut: (key: string, n: number) => unknown = () => undefined;
  failHead: (key: string) => unknown = () => undefined;
  latencyMs = 0;
  /** false: answers conditional puts with 501 NotImplemented (an S3 stand-in without them). */
  conditionalWrites = true;
  inFlight = 0;
  maxInFlight = 0;
  private version = 0;

  constructor(readonly bucket = 'bucket', readonly prefix = 'dags') {}

  async put(key: string, body: Uint8Array, o: PutOptions = {}): Promise<PutResult> {
    assertWritableKey(this, key);
    const n = ++this.calls.put;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
      o.signal?.throwIfAborted(); // an aborted request is not applied
      const err = this.failPut(key, n);
      if (err) throw err;
      // S3 conditional writes, as S3 answers them.
      if (!this.conditionalWrites && (o.ifMatch !== undefined || o.ifNoneMatch)) {
        throw Object.assign(new Error('A header you provided implies functionality that is not implemented'), { name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
      }
      const current = this.objects.get(key);
      if (o.ifMatch !== undefined && !current) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
      if ((o.ifMatch !== undefined && current!.etag !== o.ifMatch) || (o.ifNoneMatch && current)) {
        throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
      }
      return this.write(key, body);
    } finally {
      this.inFlight--;
    }
  }

  /** Another client's write (no counting). */
  write(key: string, body: Uint8Array | string): PutResult {
    const buf = Buffer.from(body);
    const o = { body: buf, etag: md5Hex(buf), versionId: `v${++this.version}` };
    this.objects.set(key, o);
    return { etag: o.etag, versionId: o.versionId };
  }

  async head(key: string): Promise<RemoteObject | undefined> {
    this.calls.head++;
    const err = this.failHead(key);
    if (err) throw err;
    const o = this.objects.get(key);
    return o && { key, etag: o.etag, versionId: o.versionId, size: o.body.length };
  }

  async get(key: string): Promise<{ body: Uint8Array; object: RemoteObject }> {
    this.calls.get++;
    const o = this.objects.get(key);
    if (!o) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    return { body: o.body, object: { key, etag: o.etag, versionId: o.versionId } };
  }

  async delete(key: string): Promise<void> {
    assertWritableKey(this, key);
    this.calls.delete++;
    this.objects.delete(key);
  }

  async *list(): AsyncIterable<RemoteObject> {
    this.calls.list++;
    for (const [key, o] of [...this.objects].sort()) if (key.startsWith(`${this.prefix}/`)) yield { key, etag: o.etag, size: o.body.length };
  }
}

export const throttle = () => Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
export const serverError = () => Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
export const dropped = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
export const expired = () => Object.assign(new Error('The provided token has expired.'), { name: 'ExpiredToken', $metadata: { httpStatusCode: 400 } });
export const denied = () => Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
