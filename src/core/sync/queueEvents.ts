/** What the upload queue reports, and the one-line summary the status bar shows. */
import type { UserAction } from '../errors';
import type { RemoteObject } from './s3Store';

export interface QueueCounts {
  /** Not yet uploaded, including retries and uploads in flight. */
  readonly waiting: number;
  readonly uploading: number;
  readonly failed: number;
  readonly conflicts: number;
  readonly paused: boolean;
}

export type QueueEvent =
  | { readonly type: 'queued'; readonly key: string; readonly counts: QueueCounts }
  | { readonly type: 'uploading'; readonly key: string; readonly attempt: number; readonly counts: QueueCounts }
  | { readonly type: 'uploaded'; readonly key: string; readonly etag: string; readonly versionId?: string; readonly ms: number; readonly counts: QueueCounts }
  | { readonly type: 'unchanged'; readonly key: string; readonly counts: QueueCounts }
  | { readonly type: 'failed'; readonly key: string; readonly message: string; readonly willRetry: boolean; readonly retryInMs?: number; readonly counts: QueueCounts }
  | { readonly type: 'conflict'; readonly key: string; readonly message: string; readonly remote: RemoteObject; readonly counts: QueueCounts }
  | { readonly type: 'removed'; readonly key: string; readonly reason: string; readonly counts: QueueCounts }
  | { readonly type: 'paused'; readonly message: string; readonly actions: readonly UserAction[]; readonly counts: QueueCounts }
  | { readonly type: 'resumed'; readonly counts: QueueCounts };

/** "2 files waiting to upload, 1 file in conflict", or '' when nothing is pending. */
export function describeCounts(c: QueueCounts): string {
  const n = (k: number, what: string) => `${k} file${k === 1 ? '' : 's'} ${what}`;
  const parts: string[] = [];
  if (c.waiting) parts.push(n(c.waiting, c.paused ? 'waiting for credentials' : 'waiting to upload'));
  if (c.failed) parts.push(n(c.failed, 'failed to upload'));
  if (c.conflicts) parts.push(n(c.conflicts, 'in conflict'));
  return parts.join(', ');
}
