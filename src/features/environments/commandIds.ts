export const ENVIRONMENTS_VIEW = 'mwaa.environments';

/**
 * The explorer's command ids, in a module of their own: activation registers them all (cheaply)
 * and loads the explorer only when one runs. The first three are the ids AWS_ERROR_COMMANDS (core)
 * puts on error actions.
 */
export const ENVIRONMENT_COMMANDS = {
  refresh: 'mwaa.refreshEnvironments',
  ssoLogin: 'mwaa.ssoLogin',
  openAwsConfig: 'mwaa.openAwsConfig',
  openAirflowUi: 'mwaa.openAirflowUi',
  copyArn: 'mwaa.copyEnvironmentArn',
  copyWebserverUrl: 'mwaa.copyWebserverUrl',
  copyDagsS3Path: 'mwaa.copyDagsS3Path',
  copyDetail: 'mwaa.copyDetailValue',
  openDagsFolder: 'mwaa.openDagsFolderInConsole',
  showDetails: 'mwaa.showEnvironmentDetails',
  bind: 'mwaa.bindEnvironment',
  unbind: 'mwaa.unbindEnvironment',
  revealBound: 'mwaa.revealBoundEnvironment',
  tailLogs: 'mwaa.tailEnvironmentLogs',
  /** Test seams (not contributed, so never in the command palette): the tree and live state as data. */
  treeSnapshot: '_mwaa.environmentsTree',
  stateSnapshot: '_mwaa.environmentsState',
} as const;

export type EnvironmentCommandId = (typeof ENVIRONMENT_COMMANDS)[keyof typeof ENVIRONMENT_COMMANDS];
