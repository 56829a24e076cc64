import * as vscode from 'vscode';
import { COMMANDS, WALKTHROUGH_ID } from './host/commandIds';
import { CommandRegistry } from './host/commands';
import { createChannelLogger } from './host/logger';
import { SettingsStore } from './host/settingsStore';
import { createServices } from './services/services';
import { FEATURES, type ActivatedFeatures } from './featureList';
import type * as TestSeamsModule from './testSeams';

// Set by the bundle's first line (scripts/build.mjs); absent when running from tsc output.
declare const __mwaaBundleStart: number | undefined;
const bundleEvaluatedMs = typeof __mwaaBundleStart === 'number' ? performance.now() - __mwaaBundleStart : undefined;

/**
 * Builds the one services object features share and registers them. Nothing here calls AWS or
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
  const services = createServices(context, { logger, commands, settings });

  commands.registerTable({
    [COMMANDS.showLog]: () => channel.show(true),
    [COMMANDS.openSettings]: () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${context.extension.id}`),
    [COMMANDS.getStarted]: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
  });
  // Each feature's share of activation goes to the log, so a slow start can be pinned on one.
  const parts: string[] = [];
  const activated: Record<string, unknown> = {};
  for (const [name, activateFeature] of Object.entries(FEATURES)) {
    const t0 = performance.now();
    activated[name] = activateFeature(services);
    parts.push(`${name} ${(performance.now() - t0).toFixed(1)}`);
  }

  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  const load = bundleEvaluatedMs === undefined ? '' : ` (bundle evaluated in ${bundleEvaluatedMs.toFixed(1)} ms)`;
  logger.info(`MWAA Toolkit ${version} activated in ${(performance.now() - started).toFixed(1)} ms${load} [${parts.join(', ')} ms]`);
  // After the timing above: what a user's activation costs is measured without the test seams.
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the test seams bundle, never loaded outside the test runner
    (require('./testSeams') as typeof TestSeamsModule).registerTestSeams(services, activated as ActivatedFeatures);
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
