/**
 * The upload queue's put that never overwrites someone else's change. With conditional writes it
 * is one call (If-Match the ETag we last synced, or If-None-Match for a new key); only when that
 * fails is the object looked at. Without them (an S3 stand-in answering 501), HeadObject first.
 */
import { checkConflict, type ConflictVerdict } from './conflicts';
import type { SyncStateEntry } from './fileHash';
import { isNotFound, isNotImplemented, isPreconditionFailed, type DagObjectStore, type PutResult, type RemoteObject } from './s3Store';

export type CheckedPut =
  /** Written by the conditional put. */
  | { readonly kind: 'put'; readonly put: PutResult }
  /** Not written yet: a plain put is safe. */
  | { readonly kind: 'safe' }
  /** S3 already has these bytes. */
  | { readonly kind: 'same'; readonly remote: RemoteObject }
  | Extract<ConflictVerdict, { kind: 'conflict' }>;

export interface CheckedPutInput {
  readonly store: DagObjectStore;
  readonly key: string;
  readonly body: Uint8Array;
  readonly hash: string;
  readonly known: SyncStateEntry | undefined;
  /** The object from a fresh listing (null: absent); undefined when not listed. */
  readonly listed: RemoteObject | null | undefined;
  /** Whether the store takes conditional puts; cleared through `noConditionalWrites`. */
  readonly conditionalWrites: boolean;
  readonly noConditionalWrites: () => void;
  readonly signal: AbortSignal;
}

export async function checkedPut(i: CheckedPutInput): Promise<CheckedPut> {
  let remote: RemoteObject | undefined;
  if (i.listed !== undefined) {
    remote = i.listed ?? undefined;
  } else {
    if (i.conditionalWrites) {
      try {
        const put = await i.store.put(i.key, i.body, { signal: i.signal, ...(i.known ? { ifMatch: i.known.etag } : { ifNoneMatch: true }) });
        return { kind: 'put', put };
      } catch (err) {
        if (isNotImplemented(err)) i.noConditionalWrites();
        else if (!isPreconditionFailed(err) && !(i.known && isNotFound(err))) throw err;
      }
    }
    remote = await i.store.head(i.key, { signal: i.signal });
  }
  const verdict = checkConflict(remote, i.known, i.hash);
  if (verdict.kind === 'same') return { kind: 'same', remote: remote! };
  if (verdict.kind === 'conflict') return verdict;
  return { kind: 'safe' };
}
