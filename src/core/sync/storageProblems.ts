/**
 * What the user is told when the sync's own files in the extension's storage fail: what went
 * wrong, and what it means for their uploads. Each is said once (the writers report their first
 * failure only), in the log and as a notification.
 */
import { describeError } from '../errors';

export function pendingWriteFailed(file: string, err: unknown): string {
  return `Could not save the list of pending DAG uploads to ${file} (${describeError(err)}). Uploads go on in this window, but any still pending when it closes will not resume by themselves: save those files again, or run "MWAA: Sync Folder…".`;
}

export function stateWriteFailed(file: string, err: unknown): string {
  return `Could not save the DAG sync state to ${file} (${describeError(err)}). Uploads go on, but after a reload the MWAA Toolkit will not remember what it last uploaded: unchanged files may upload again, and files changed here may be reported as conflicts.`;
}

export function pendingFileUnreadable(file: string, problem: string, keptAs: string | undefined): string {
  return `The pending DAG uploads file ${file} could not be used: ${problem}. ${keptAs ? `It was kept as ${keptAs}; ` : ''}uploads it listed may not have been resumed: save those files again, or run "MWAA: Sync Folder…", to upload them.`;
}
