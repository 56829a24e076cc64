import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Environment } from '@aws-sdk/client-mwaa';
import type { AwsProfile, ProfileCatalog } from '../../../src/core/aws/profiles';
import { createRedactingLogger } from '../../../src/core/logger';
import type { MwaaEnvironment } from '../../../src/core/mwaa/environment';
import type { EnvironmentSource } from '../../../src/core/mwaa/listEnvironments';
import { StatusPolling } from '../../../src/features/environments/statusPolling';
import { EnvironmentsModel } from '../../../src/services/environmentsModel';

const profile: AwsProfile = { name: 'p', region: 'us-east-1', kind: 'static', definedIn: ['config'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false };
const catalog = { profiles: [profile], defaultProfile: 'p', paths: { configFile: '/c', credentialsFile: '/k' } } as unknown as ProfileCatalog;
const quiet = createRedactingLogger(() => undefined);
const raw = (name: string, Status: string) => ({ Name: name, Status, AirflowVersion: '2.10.3', Arn: `arn:aws:airflow:us-east-1:111122223333:environment/${name}` }) as Environment;

test('a DELETING environment whose GetEnvironment turns "not found" leaves the tree, with a notice', async () => {
  const source: EnvironmentSource = {
    async *listNames() {
      yield* ['going', 'staying'];
    },
    async get(_t, name) {
      return raw(name, name === 'going' ? 'DELETING' : 'AVAILABLE');
    },
  };
  const model = new EnvironmentsModel({
    readCatalog: async () => catalog, source: () => source, selection: () => ({ profiles: [], regions: [] }),
    isTrusted: () => true, logger: quiet,
  });
  await model.refresh();
  assert.deepEqual(model.environments().map((e) => e.name), ['going', 'staying']);
  const deleted: string[] = [];
  const settled: string[] = [];
  const polling = new StatusPolling(model, {
    fetch: async (env: MwaaEnvironment) => {
      throw Object.assign(new Error(`Environment ${env.name} not found`), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    },
    onSettled: (_f, to) => settled.push(to.name),
    onDeleted: (env) => deleted.push(env.name),
    pollOptions: () => ({ initialMs: 1, maxMs: 1 }),
    logger: quiet,
  });
  polling.setActive(true);
  for (let i = 0; i < 100 && deleted.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(deleted, ['going']);
  assert.deepEqual(settled, []);
  assert.deepEqual(model.environments().map((e) => e.name), ['staying']);
  assert.deepEqual(polling.polling, [], 'nothing left to poll');
  polling.dispose();
  model.dispose();
});
