/**
 * The runs feature's command ids, apart so activation can register them without loading the
 * feature (it rides in the environments explorer bundle).
 */
export const RUNS_COMMANDS = {
  triggerDag: 'mwaa.triggerDag',
  triggerWithConf: 'mwaa.triggerDagWithConf',
  filterDags: 'mwaa.filterDags',
  clearDagFilter: 'mwaa.clearDagFilter',
  refreshDags: 'mwaa.refreshDags',
  loadMore: 'mwaa.loadMore',
  pauseDag: 'mwaa.pauseDag',
  unpauseDag: 'mwaa.unpauseDag',
  clearTask: 'mwaa.clearTask',
  markRunSuccess: 'mwaa.markRunSuccess',
  markRunFailed: 'mwaa.markRunFailed',
  refreshImportErrors: 'mwaa.refreshImportErrors',
  /** Test seams (not contributed): the runs subtree of an environment, and polling/notification state. */
  runsTree: '_mwaa.runsTree',
  runsState: '_mwaa.runsState',
} as const;

/** Implemented by the logs feature; the tree's task and run nodes carry their arguments. */
export const SHOW_TASK_LOGS = 'mwaa.showTaskLogs';
export const TAIL_RUN = 'mwaa.tailRun';
