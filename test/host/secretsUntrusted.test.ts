import * as assert from 'node:assert/strict';
import { createRedactingLogger } from '../../src/core/logger';
import { COMMANDS } from '../../src/host/commandIds';
import type { EnvironmentSecrets } from '../../src/features/secrets/environmentSecrets';
import { GroupNodes } from '../../src/features/secrets/groupNodes';
import { secretsCommands } from '../../src/features/secrets/secretsCommands';
import type { SecretsContext } from '../../src/features/secrets/secretsContext';
import { SecretsTree } from '../../src/features/secrets/secretsTree';
import { untrustedServices } from './untrustedServices';

/**
 * The secrets feature in Restricted Mode. This runner's workspace is trusted, so the tree and the
 * commands are built as the extension builds them but handed services whose trust says no, and
 * sources that throw if touched: nothing may be listed, read or written before the trust check.
 */
describe('variables and connections in an untrusted workspace', () => {
  const key = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
  const touched: string[] = [];
  const throwing = <T extends object>(name: string) => new Proxy({} as T, {
    get(_, prop) {
      touched.push(`${name}.${String(prop)}`);
      throw new Error(`${name}.${String(prop)} used before the trust check`);
    },
  });

  function untrusted() {
    const { services, calls } = untrustedServices();
    const groups = new GroupNodes();
    const sources = throwing<EnvironmentSecrets>('sources');
    const tree = new SecretsTree({ sources, groups, trust: services.trust, logger: createRedactingLogger(() => undefined), fire: () => undefined });
    const ctx: SecretsContext = { services, tree, sources, groups, forms: throwing('forms'), reports: throwing('reports') };
    calls.length = 0; // building the tree took its trust gate; what counts is what happens next
    return { ctx, calls, groups, tree };
  }

  it('Variables and Connections say why nothing is listed, without calling anything', async () => {
    const { tree, groups, calls } = untrusted();
    for (const what of ['variable', 'connection'] as const) {
      const children = await tree.children(groups.get(key, what));
      assert.equal(children.length, 1);
      const only = children[0]!;
      assert.equal(only.kind, 'secretsMessage');
      assert.equal(only.kind === 'secretsMessage' && only.label, 'Not listed in Restricted Mode');
      assert.match(only.kind === 'secretsMessage' ? only.tooltip ?? '' : '', /not trusted, so the MWAA Toolkit makes no AWS call/);
      assert.deepEqual(only.kind === 'secretsMessage' && only.command, { command: 'workbench.trust.manage', args: [] });
    }
    assert.deepEqual(calls, []);
    assert.deepEqual(touched, []);
  });

  it('every command that reads or writes is refused before anything is looked up', async () => {
    const { ctx, calls } = untrusted();
    const commands = secretsCommands(ctx);
    const C = COMMANDS.secrets;
    const ref = { envKey: key, kind: 'variable', key: 'k' };
    const node = { kind: 'secretKey', id: 'variable:x', envKey: key, what: 'variable', key: 'k', metastore: true, winner: 'metastore' };
    const cases: [string, unknown[]][] = [
      [C.refresh, [key]], [C.showValue, [ref]], [C.showValue, [node]], [C.createVariable, [key, { key: 'k', secretValue: 'v', target: 'secret' }]],
      [C.createVariable, []], [C.editVariable, [ref, { secretValue: 'v' }]], [C.createConnection, [key, { connectionId: 'c', fields: { connType: 'http' } }]],
      [C.editConnection, [node]], [C.whyNotVisible, [key, 'variable', 'k']], [C.whyNotVisible, [node]], [C.whyNotVisible, []],
    ];
    for (const [id, args] of cases) await assert.rejects(Promise.resolve(commands[id]!(...args)), /not trusted/, id);
    assert.deepEqual(calls, cases.map(() => 'trust'));
    assert.deepEqual(touched, []);
  });
});
