/** Sync command ids: activation registers them cheaply and loads the sync engine when one runs. */
export const SYNC_COMMANDS = {
  syncFolder: 'mwaa.syncFolder',
  pullFolder: 'mwaa.pullFolder',
  showStatus: 'mwaa.showSyncStatus',
  retry: 'mwaa.retryUploads',
  compare: 'mwaa.compareWithS3',
  overwrite: 'mwaa.overwriteS3Object',
  pull: 'mwaa.pullFromS3',
  /** Test seam (not contributed): queue counts, pending items, recent events, decorations. */
  state: '_mwaa.syncState',
} as const;

/** Read-only documents of S3 objects, for Compare. */
export const REMOTE_SCHEME = 'mwaa-s3';
