import * as vscode from 'vscode';
import { CommandRegistry, SHOW_LOG_COMMAND } from './host/commands';
import { createChannelLogger } from './host/logger';
import { SettingsStore } from './host/settingsStore';
import { registerEnvironments } from './features/environments/registerEnvironments';
import { registerLogs } from './features/logs/registerLogs';
import { registerDiagnostics } from './features/diagnostics/registerDiagnostics';
import { BindingTargetResolver } from './features/diagnostics/bindingTarget';
import { registerRollouts } from './features/rollouts/registerRollouts';
import { registerSync } from './features/sync/registerSync';
import { registerDagLenses } from './features/runs/dagLenses';

// Set by the bundle's first line (scripts/build.mjs); absent when running from tsc output.
declare const __mwaaBundleStart: number | undefined;
const bundleEvaluatedMs = typeof __mwaaBundleStart === 'number' ? performance.now() - __mwaaBundleStart : undefined;

/**
 * Builds the one context object features share and registers them. Nothing here calls AWS or
 * loads the SDK: features do that on first use.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('MWAA', { log: true });
  context.subscriptions.push(channel);
  const logger = createChannelLogger(channel);
  const commands = new CommandRegistry(context, logger);
  const settings = new SettingsStore(logger);
  context.subscriptions.push(settings);

  commands.register(SHOW_LOG_COMMAND, () => channel.show(true));
  commands.register('mwaa.openSettings', () =>
    vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
  );
  // Each feature's share of activation goes to the log, so a slow start can be pinned on one.
  const parts: string[] = [];
  const timed = <T>(name: string, register: () => T): T => {
    const t0 = performance.now();
    const out = register();
    parts.push(`${name} ${(performance.now() - t0).toFixed(1)}`);
    return out;
  };
  const environments = timed('environments', () => registerEnvironments(context, { logger, commands, settings }));
  timed('logs', () => registerLogs(context, { logger, commands, bindings: environments.bindings, services: environments.services }));
  timed('sync', () => registerSync(context, { logger, commands, bindings: environments.bindings, services: environments.services }));
  timed('lenses', () => registerDagLenses(context, environments.bindings));
  timed('diagnostics', () => registerDiagnostics(context, { logger, commands, targetResolvers: [new BindingTargetResolver(environments.bindings)] }));
  timed('rollouts', () => registerRollouts(context, { logger, commands, environments }));

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  const load = bundleEvaluatedMs === undefined ? '' : ` (bundle evaluated in ${bundleEvaluatedMs.toFixed(1)} ms)`;
  logger.info(`MWAA Toolkit ${version} activated in ${(performance.now() - started).toFixed(1)} ms${load} [${parts.join(', ')} ms]`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
