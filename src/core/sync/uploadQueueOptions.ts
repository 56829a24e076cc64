/** What the upload queue is given: its jobs, how one is queued, and the queue's options. */
import type { Logger } from '../logger';
import type { DagBinding } from './dagKeys';
import type { SyncState } from './fileHash';
import type { BackoffOptions } from './retryPolicy';
import type { DagObjectStore, RemoteObject } from './s3Store';

export interface UploadJob {
  /** Absolute local path; read when the upload starts. */
  readonly file: string;
  /** Target key, already checked by resolveDagKey and SyncFilter. */
  readonly key: string;
}

export interface EnqueueOptions {
  /** Skip the debounce (folder sync, "retry now"). */
  readonly immediate?: boolean;
  /** The remote object from a fresh listing (null: absent), so no HeadObject is needed. */
  readonly remote?: RemoteObject | null;
  /** Overwrite even if the remote changed (the user chose "overwrite" on a conflict). */
  readonly force?: boolean;
}

export interface UploadQueueOptions {
  readonly store: DagObjectStore;
  readonly state: SyncState;
  /** Where the pending set is kept across reloads (the extension's global storage). */
  readonly pendingFile?: string;
  /**
   * Delay before uploading a key that was saved again while still waiting (coalescing repeated
   * saves and autosave bursts). Default 300 ms.
   */
  readonly debounceMs?: number;
  /**
   * Delay before uploading a key with nothing pending: 0 by default, so a single save reaches S3
   * at once; a save-all burst is bounded by `concurrency`, not by waiting.
   */
  readonly firstDelayMs?: number;
  readonly concurrency?: number;
  /** Automatic attempts per upload before it is marked failed (it stays pending). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Never overwrite other writers' changes (conditional puts, else HeadObject first); off only for a store nobody else writes. */
  readonly checkRemote?: boolean;
  /**
   * The bound folder the files belong to: each file is re-checked right before it is read (still
   * inside the folder's real path, a regular file, not on the never-upload list, still mapping to
   * its key). Without it (tests, benchmarks) the file is read as is, with `readFile`.
   */
  readonly binding?: DagBinding;
  readonly readFile?: (file: string) => Promise<Uint8Array>;
  /** Told (once per kind) when the pending file cannot be written or read; else the logger warns. */
  readonly onStorageProblem?: (message: string) => void;
  readonly logger?: Logger;
  readonly errorContext?: { profile?: string; region?: string };
  readonly now?: () => number;
}
