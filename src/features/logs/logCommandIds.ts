/** The logs feature's command ids: registered at activation, handled by the lazy logs bundle. */
export const LOG_COMMANDS = {
  showTaskLogs: 'mwaa.showTaskLogs',
  tailRun: 'mwaa.tailRun',
  toggleRaw: 'mwaa.toggleRawLog',
  /** Test seams (not contributed, so never in the palette). */
  terminalLinks: '_mwaa.tracebackTerminalLinks',
  tailTranscript: '_mwaa.tailTranscript',
  /** showTaskLogs returning its error ({error, actions}) instead of showing it. */
  probeTaskLogs: '_mwaa.probeTaskLogs',
} as const;
