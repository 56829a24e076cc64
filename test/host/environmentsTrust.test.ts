import * as assert from 'node:assert/strict';
import { AwsClientFactory } from '../../src/core/aws/clientFactory';
import { readProfiles } from '../../src/core/aws/profiles';
import { createRedactingLogger } from '../../src/core/logger';
import { environmentSourceFromFactory, type EnvironmentSource } from '../../src/core/mwaa/listEnvironments';
import { environmentKey } from '../../src/core/mwaa/environmentKey';
import { treeRoots } from '../../src/features/environments/treeRoots';
import { EnvironmentsModel } from '../../src/services/environmentsModel';

/**
 * The model in Restricted Mode. This runner's workspace is trusted (code-server runs with trust
 * off), so trust is the model's injected gate here; the calls it would make are the real ones,
 * against the sandbox, counted.
 */
describe('environments explorer in an untrusted workspace', () => {
  it('reads no profiles and calls nothing until trusted, then lists', async () => {
    let trusted = false;
    const calls: string[] = [];
    const factory = new AwsClientFactory({ extensionVersion: 'test' });
    const real = environmentSourceFromFactory(factory);
    const counting: EnvironmentSource = {
      listNames: (target, options) => {
        calls.push(`list ${target.region}`);
        return real.listNames(target, options);
      },
      get: (target, name, options) => {
        calls.push(`get ${name}`);
        return real.get(target, name, options);
      },
    };
    const model = new EnvironmentsModel({
      readCatalog: (reread) => {
        calls.push('read profiles');
        return readProfiles({ ignoreCache: reread });
      },
      source: () => counting,
      selection: () => ({ profiles: [], regions: [] }),
      isTrusted: () => trusted,
      logger: createRedactingLogger(() => undefined),
    });
    try {
      await model.ensureLoaded();
      await model.refresh({ rereadProfiles: true });
      assert.equal(calls.length, 0, `calls in Restricted Mode: ${calls.join(', ')}`);
      const roots = treeRoots(model);
      assert.equal(roots.length, 1);
      assert.equal(roots[0]!.kind, 'message');
      assert.equal(roots[0]!.id, 'untrusted');
      assert.match(roots[0]!.kind === 'message' ? roots[0]!.tooltip : '', /not trusted/);

      trusted = true; // what onDidGrantWorkspaceTrust leads to
      await model.refresh();
      assert.ok(calls.includes('read profiles') && calls.some((c) => c.startsWith('list ')), calls.join(', '));
      const names = model.environments().map((e) => e.name);
      assert.ok(names.includes('sandbox-af2') && names.includes('sandbox-af3'), names.join(', '));
      assert.ok(treeRoots(model).some((n) => n.kind === 'environment' && n.key === environmentKey(model.environments()[0]!)));
    } finally {
      model.dispose();
      factory.dispose();
    }
  });
});
