/**
 * The one context object every feature receives, built once in extension.ts. Cheap parts are
 * made at once (bindings, trust, the upload gates, the resolver's verdicts); `environments` (AWS
 * clients, the environments model, Airflow clients) loads the services bundle on first access,
 * and `runtime` (the local MWAA runtime) the runtime bundle, so activation evaluates neither.
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
import type { RuntimeService } from './localRuntime/runtimeApi';
import type * as RuntimeServiceModule from './localRuntime/runtimeService';
import { ResolverVerdicts } from './resolverVerdicts';
import { RunUpdates } from './runUpdates';
import { WorkspaceTrust } from './trust';
import { UploadGates } from './uploadGates';

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
  /** Checks in front of upload-on-save (the local parse gate registers one). */
  readonly uploadGates: UploadGates;
  /** The resolver's verdicts on requirements files, by file and content. */
  readonly resolverVerdicts: ResolverVerdicts;
  /** The local MWAA runtime (uv, Python, Airflow's DagBag): loads the runtime bundle on first access. */
  readonly runtime: RuntimeService;
  /** Whether the runtime bundle is loaded. */
  readonly runtimeLoaded: boolean;
  /** What the runs poller read, for other views of the same runs (the DAG view). */
  readonly runUpdates: RunUpdates;
}

export function createServices(context: vscode.ExtensionContext, parts: { logger: Logger; commands: CommandRegistry; settings: SettingsStore }): Services {
  const { logger, settings } = parts;
  const trust = new WorkspaceTrust();
  const bindings = new BindingStore(context.globalState);
  const environmentTree = new EnvironmentTree();
  let environments: (EnvironmentServices & vscode.Disposable) | undefined;
  let runtime: (RuntimeService & vscode.Disposable) | undefined;
  const resolverVerdicts = new ResolverVerdicts();
  const runUpdates = new RunUpdates();
  context.subscriptions.push(bindings, environmentTree, resolverVerdicts, runUpdates, { dispose: () => environments?.dispose() }, { dispose: () => runtime?.dispose() });
  const extensionVersion = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const services: Services = {
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
        environments = createEnvironmentServices({ extensionVersion, state: context.globalState, settings, trust, logger, prompts: services.prompts });
      }
      return environments;
    },
    get environmentsLoaded() {
      return environments !== undefined;
    },
    uploadGates: new UploadGates(logger),
    resolverVerdicts,
    get runtime(): RuntimeService {
      if (!runtime) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazily loaded runtime bundle
        const { createRuntimeService } = require('./localRuntime/runtimeService') as typeof RuntimeServiceModule;
        runtime = createRuntimeService(services);
      }
      return runtime;
    },
    get runtimeLoaded() {
      return runtime !== undefined;
    },
    runUpdates,
  };
  return services;
}
