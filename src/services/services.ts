/**
 * The one context object every feature receives, built once in extension.ts. Cheap parts are
 * made at once; `environments` (AWS clients, the environments model, Airflow clients) loads the
 * services bundle on first access, so activation never evaluates the AWS core.
 */
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { CommandRegistry } from '../host/commands';
import { Notifier } from '../host/notify';
import { SwitchablePrompts } from '../host/prompts';
import type { SettingsStore } from '../host/settingsStore';
import { BindingStore } from './bindings';
import { EnvironmentTree } from './environmentTree';
import type * as EnvironmentServicesModule from './environmentServices';
import type { EnvironmentServices } from './environmentServices';
import { WorkspaceTrust } from './trust';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly commands: CommandRegistry;
  readonly settings: SettingsStore;
  readonly notify: Notifier;
  /** Confirmations and quick picks, by id (test seams can answer them). */
  readonly prompts: SwitchablePrompts;
  readonly trust: WorkspaceTrust;
  /** Folder -> environment bindings (per machine). */
  readonly bindings: BindingStore;
  /** Extension points of the environments tree. */
  readonly environmentTree: EnvironmentTree;
  /** Loads the services bundle on first access: ask when work starts, never at activation. */
  readonly environments: EnvironmentServices;
  /** Whether the services bundle is loaded (work that must not load it can check). */
  readonly environmentsLoaded: boolean;
}

export function createServices(context: vscode.ExtensionContext, parts: { logger: Logger; commands: CommandRegistry; settings: SettingsStore }): Services {
  const { logger, settings } = parts;
  const trust = new WorkspaceTrust();
  const bindings = new BindingStore(context.globalState);
  const environmentTree = new EnvironmentTree();
  let environments: (EnvironmentServices & vscode.Disposable) | undefined;
  context.subscriptions.push(bindings, environmentTree, { dispose: () => environments?.dispose() });
  const extensionVersion = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  return {
    context,
    logger,
    commands: parts.commands,
    settings,
    notify: new Notifier(logger),
    prompts: new SwitchablePrompts(),
    trust,
    bindings,
    environmentTree,
    get environments(): EnvironmentServices {
      if (!environments) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazily loaded services bundle
        const { createEnvironmentServices } = require('./environmentServices') as typeof EnvironmentServicesModule;
        environments = createEnvironmentServices({ extensionVersion, state: context.globalState, settings, trust, logger });
      }
      return environments;
    },
    get environmentsLoaded() {
      return environments !== undefined;
    },
  };
}
