/**
 * Uploads a rollout artifact and returns its new S3 object version: UpdateEnvironment activates
 * requirements, plugins and startup scripts only by version, so a bucket without versioning
 * cannot take a rollout. Checked before writing when S3 lets us ask, and again from PutObject's
 * answer (which carries no version on an unversioned bucket).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { loadSdk } from '../aws/loadSdk';
import { classifyAwsError } from '../aws/awsErrors';
import { UserFacingError } from '../errors';
import type { RolloutTarget } from './artifacts';
import { keyProblem } from './artifacts';

export type VersioningState = 'Enabled' | 'Suspended' | 'Off' | 'unknown';

/** The two calls a rollout makes on the bucket; tests substitute a fake. */
export interface ArtifactBucket {
  /** `unknown` when S3 does not let us ask (no s3:GetBucketVersioning permission). */
  versioning(bucket: string, signal?: AbortSignal): Promise<VersioningState>;
  put(bucket: string, key: string, body: Uint8Array, signal?: AbortSignal): Promise<{ versionId?: string; etag?: string }>;
}

export function s3ArtifactBucket(client: S3Client): ArtifactBucket {
  return {
    async versioning(bucket, signal) {
      const { GetBucketVersioningCommand } = loadSdk();
      try {
        const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }), signal ? { abortSignal: signal } : {});
        return out.Status === 'Enabled' ? 'Enabled' : out.Status === 'Suspended' ? 'Suspended' : 'Off';
      } catch (err) {
        // Permission to write objects does not imply permission to read bucket settings.
        if (classifyAwsError(err).kind === 'access-denied') return 'unknown';
        throw err;
      }
    },
    async put(bucket, key, body, signal) {
      const { PutObjectCommand } = loadSdk();
      const out = await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.byteLength }),
        signal ? { abortSignal: signal } : {},
      );
      return { ...(out.VersionId ? { versionId: out.VersionId } : {}), ...(out.ETag ? { etag: out.ETag } : {}) };
    },
  };
}

export interface VersionedUpload {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
}

function unversioned(bucket: string, state: string, uploaded: boolean): UserFacingError {
  return new UserFacingError(
    `Bucket ${bucket} has versioning ${state}: MWAA activates requirements.txt, plugins.zip and startup scripts only by S3 object version, so nothing can be rolled out from it. ` +
      `Enable versioning on the bucket (S3 console > ${bucket} > Properties > Bucket Versioning), then roll out again.` +
      (uploaded ? ' The file was uploaded, but the environment keeps using what it had.' : ' Nothing was uploaded.'),
  );
}

/**
 * Refuses a target that cannot take a rollout (a key leaving the bucket, a bucket without
 * versioning) without writing anything: a rollout asks this before its confirmation, so the user
 * is not asked about an upload that would be refused.
 */
export async function assertUploadable(bucketApi: ArtifactBucket, target: RolloutTarget, signal?: AbortSignal): Promise<void> {
  // rolloutTarget checked the key already; checked here too so no caller can skip it.
  const problem = keyProblem(target.key);
  if (problem) throw new UserFacingError(`Refusing to upload to s3://${target.bucket}/${target.key}: the key ${problem}.`);
  const state = await bucketApi.versioning(target.bucket, signal);
  if (state === 'Off' || state === 'Suspended') throw unversioned(target.bucket, state === 'Off' ? 'never enabled' : 'suspended', false);
}

export async function uploadVersioned(bucketApi: ArtifactBucket, target: RolloutTarget, body: Uint8Array, signal?: AbortSignal): Promise<VersionedUpload> {
  // Asked again right before writing: the bucket's settings may have changed since.
  await assertUploadable(bucketApi, target, signal);
  const out = await bucketApi.put(target.bucket, target.key, body, signal);
  // An unversioned bucket answers no version id, a suspended one the literal "null".
  if (!out.versionId || out.versionId === 'null') throw unversioned(target.bucket, 'off', true);
  return { bucket: target.bucket, key: target.key, versionId: out.versionId };
}
