/**
 * Every command the extension contributes, by feature. One table so a feature can name another's
 * command (a notification's action, a tree node's click) without importing that feature, and so
 * a test can check it against package.json. Test seams (`_mwaa.*`) are not here: each feature's
 * testSeams.ts declares its own.
 */
export const COMMANDS = {
  showLog: 'mwaa.showLog',
  openSettings: 'mwaa.openSettings',
  getStarted: 'mwaa.getStarted',
  environments: {
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
  },
  credentials: {
    ssoSignIn: 'mwaa.ssoSignIn',
  },
  runs: {
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
  },
  logs: {
    showTaskLogs: 'mwaa.showTaskLogs',
    tailRun: 'mwaa.tailRun',
    toggleRaw: 'mwaa.toggleRawLog',
    tailEnvironment: 'mwaa.tailEnvironmentLogs',
  },
  sync: {
    syncFolder: 'mwaa.syncFolder',
    pullFolder: 'mwaa.pullFolder',
    showStatus: 'mwaa.showSyncStatus',
    retry: 'mwaa.retryUploads',
    compare: 'mwaa.compareWithS3',
    overwrite: 'mwaa.overwriteS3Object',
    pull: 'mwaa.pullFromS3',
  },
  rollouts: {
    requirements: 'mwaa.rolloutRequirements',
    plugins: 'mwaa.rolloutPlugins',
    startupScript: 'mwaa.rolloutStartupScript',
  },
  diagnostics: {
    checkUpgrade: 'mwaa.checkAirflowUpgrade',
    addProviderRequirement: 'mwaa.addProviderRequirement',
  },
  localRuntime: {
    parseDags: 'mwaa.parseDagsLocally',
    checkRequirements: 'mwaa.checkRequirementsWithResolver',
    testUpgrade: 'mwaa.testAirflowUpgrade',
    build: 'mwaa.buildLocalRuntime',
    show: 'mwaa.showLocalRuntime',
  },
  localRun: {
    runTask: 'mwaa.runTaskLocally',
    debugTask: 'mwaa.debugTaskLocally',
    runDag: 'mwaa.runDagLocally',
    debugDag: 'mwaa.debugDagLocally',
    stop: 'mwaa.stopLocalRun',
  },
  dagView: {
    open: 'mwaa.openDagView',
    revealTask: 'mwaa.revealTaskInDagView',
  },
  secrets: {
    refresh: 'mwaa.refreshSecrets',
    showValue: 'mwaa.showSecretValue',
    hideValue: 'mwaa.hideSecretValue',
    createVariable: 'mwaa.createVariable',
    editVariable: 'mwaa.editVariable',
    createConnection: 'mwaa.createConnection',
    editConnection: 'mwaa.editConnection',
    whyNotVisible: 'mwaa.explainSecretVisibility',
    backendSetup: 'mwaa.explainSecretsBackendSetup',
  },
} as const;

/** The walkthrough's id in package.json `contributes.walkthroughs`. */
export const WALKTHROUGH_ID = 'getStarted';

/** The environments view's id (its `.focus` command reveals it). */
export const ENVIRONMENTS_VIEW = 'mwaa.environments';
