import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../../faults';
import { applyFaults } from './faultResponses';
import { sendS3Error } from './httpUtil';
import { forward } from './proxy';
import { requireService } from './sigv4Scope';

/**
 * S3 endpoint in front of moto, so S3 calls can be throttled (SlowDown 503), failed, delayed or
 * dropped like the other services. Requests pass through unchanged (path-style addressing).
 */
export async function handleS3(req: IncomingMessage, res: ServerResponse, deps: { motoEndpoint: string; faults: FaultInjector }): Promise<void> {
  const scope = requireService(req, 's3');
  if ('error' in scope) {
    sendS3Error(res, 403, 'SignatureDoesNotMatch', scope.error);
    return;
  }
  const fault = await applyFaults(deps.faults, req, res, 's3', 's3', s3Operation(req), scope.region);
  if (fault.handled) return;
  if (fault.rest.some((f) => f.kind === 'expiredToken')) {
    // What S3 answers a request signed with expired temporary credentials.
    sendS3Error(res, 400, 'ExpiredToken', 'The provided token has expired.');
    return;
  }
  await forward(req, res, deps.motoEndpoint);
}

/** The S3 operation a path-style request is (enough to scope faults by operation name). */
export function s3Operation(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const [, bucket, ...rest] = url.pathname.split('/');
  const hasKey = rest.join('/').length > 0;
  const q = url.searchParams;
  const m = req.method ?? 'GET';
  if (!bucket) return 'ListBuckets';
  if (!hasKey) {
    if (q.has('versioning')) return m === 'PUT' ? 'PutBucketVersioning' : 'GetBucketVersioning';
    if (q.has('versions')) return 'ListObjectVersions';
    if (q.has('delete')) return 'DeleteObjects';
    if (m === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    if (m === 'PUT') return 'CreateBucket';
    if (m === 'HEAD') return 'HeadBucket';
    if (m === 'DELETE') return 'DeleteBucket';
    return `Bucket${m}`;
  }
  if (m === 'PUT') return req.headers['x-amz-copy-source'] ? 'CopyObject' : q.has('partNumber') ? 'UploadPart' : 'PutObject';
  if (m === 'GET') return 'GetObject';
  if (m === 'HEAD') return 'HeadObject';
  if (m === 'DELETE') return 'DeleteObject';
  if (m === 'POST') return q.has('uploads') ? 'CreateMultipartUpload' : 'CompleteMultipartUpload';
  return `Object${m}`;
}
