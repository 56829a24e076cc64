/**
 * Activation-time shell of local runs: the command ids, the lenses (a text scan), and the front
 * of our debugger type (`mwaa-airflow`), whose configurations resolve and whose adapter starts in
 * the lazily loaded part: nothing of it, or of the runtime, loads before a run or a debug session.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type * as PartModule from './localRunFeature';
import { LocalRunLenses } from './localRunLenses';
import { DEBUG_TYPE } from './localRunTypes';

/** What the test seams reach: the lazily loaded part and the lenses. */
export interface LocalRunHandle {
  readonly part: LazyFeature<PartModule.LocalRunPart>;
  readonly lenses: LocalRunLenses;
}

export function activateLocalRun(services: Services): LocalRunHandle {
  const lenses = new LocalRunLenses(services);
  const part = lazyFeature<PartModule.LocalRunPart>(services, {
    name: 'local run',
    commandIds: Object.values(COMMANDS.localRun),
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('./localRunFeature') as typeof PartModule).createLocalRunPart(services, lenses);
    },
  });
  services.context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      // After `${file}` and co. are substituted: the file is known then.
      resolveDebugConfigurationWithSubstitutedVariables: (folder, config) => part.get().resolveDebugConfiguration(folder, config),
    }),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: (session) => part.get().debugAdapter(session),
    }),
  );
  return { part, lenses };
}
