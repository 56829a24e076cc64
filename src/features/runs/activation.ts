/**
 * Activation-time shell of the runs feature: the command ids, a contributor to the environments
 * tree (DAGs, runs and import errors under each usable environment) and the DAG CodeLenses. The
 * rest (runsFeature.ts, the `runs` bundle) is required when a command runs or the first
 * environment is expanded.
 */
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { registerDagLenses } from './dagLenses';
import { LazyContributor } from './lazyContributor';
import type * as RunsModule from './runsFeature';

/** What the runs feature hands its test seams. */
export interface RunsHandle {
  readonly runs: LazyFeature<RunsModule.RunsPart>;
}

export function activateRuns(services: Services): RunsHandle {
  const { context } = services;
  const contributor = new LazyContributor(() => runs.get());
  const runs = lazyFeature(services, {
    name: 'runs',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createRuns } = require('./runsFeature') as typeof RunsModule;
      const part = createRuns(services);
      contributor.attach(part.contributor);
      return part;
    },
    commandIds: Object.values(COMMANDS.runs),
  });
  context.subscriptions.push(contributor, services.environmentTree.contribute(contributor));
  registerDagLenses(context, services.bindings);
  return { runs };
}
