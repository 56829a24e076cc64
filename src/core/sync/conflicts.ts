/**
 * Whether writing local bytes to a key would silently overwrite someone else's change. The rule:
 * the remote object must be the one we last uploaded or downloaded (state ETag), or already equal
 * to the local bytes; anything else is a conflict the user resolves (diff / overwrite / pull).
 */
import type { SyncStateEntry } from './fileHash';
import type { RemoteObject } from './s3Store';

export type ConflictVerdict =
  /** Remote already has these bytes: record it, upload nothing. */
  | { readonly kind: 'same' }
  /** Remote is absent or is what we last synced: safe to overwrite. */
  | { readonly kind: 'safe'; readonly reason: 'new' | 'ours' | 'deleted-remotely' }
  /** Remote changed since we last saw it (or we never saw it and it differs). */
  | { readonly kind: 'conflict'; readonly remote: RemoteObject; readonly message: string };

/**
 * @param remote HeadObject (or listing) result; undefined when the key does not exist.
 * @param known what we last uploaded/downloaded for this key.
 * @param localHash MD5 of the bytes about to be uploaded.
 */
export function checkConflict(remote: RemoteObject | undefined, known: SyncStateEntry | undefined, localHash: string): ConflictVerdict {
  if (!remote) return { kind: 'safe', reason: known ? 'deleted-remotely' : 'new' };
  if (remote.etag === localHash) return { kind: 'same' };
  // SSE-KMS ETags are not MD5s: "same" then means "the object we put from these very bytes".
  if (known && remote.etag === known.etag) return known.localHash === localHash ? { kind: 'same' } : { kind: 'safe', reason: 'ours' };
  const message = known
    ? `${remote.key} was changed in S3 by someone else since your last upload${remote.lastModified ? ` (modified ${remote.lastModified.toISOString()})` : ''}. Compare, then overwrite or pull.`
    : `${remote.key} already exists in S3 with different content. Compare, then overwrite or pull.`;
  return { kind: 'conflict', remote, message };
}
