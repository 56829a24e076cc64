/**
 * Activation-time shell of the DAG view: its command ids and the "Open DAG View" CodeLens. The
 * panels, their data and the webview's messages (dagViewFeature.ts, the `dagView` bundle) load
 * when a command first runs.
 */
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type * as DagViewModule from './dagViewFeature';
import { registerDagViewLenses } from './dagViewLenses';

/** What the DAG view hands its test seams. */
export interface DagViewHandle {
  readonly part: LazyFeature<DagViewModule.DagViewPart>;
}

export function activateDagView(services: Services): DagViewHandle {
  const part = lazyFeature(services, {
    name: 'dagView',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createDagView } = require('./dagViewFeature') as typeof DagViewModule;
      return createDagView(services);
    },
    commandIds: Object.values(COMMANDS.dagView),
  });
  registerDagViewLenses(services.context, services.bindings);
  return { part };
}
