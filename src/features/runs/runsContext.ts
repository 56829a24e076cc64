import type { Services } from '../../services/services';
import type { ConfDocuments } from './confDocuments';
import type { ImportErrorDiagnostics } from './importErrorDiagnostics';
import type { RunsPoller } from './runsPoller';
import type { RunsTree } from './runsTree';
import type { TriggerDeps } from './triggerFlow';

/** What the runs commands work with: the runs part's pieces. */
export interface RunsContext {
  readonly services: Services;
  readonly tree: RunsTree;
  readonly poller: RunsPoller;
  readonly importErrors: ImportErrorDiagnostics;
  readonly confDocs: ConfDocuments;
  readonly trigger: TriggerDeps;
}
