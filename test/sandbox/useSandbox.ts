import { after, before } from 'node:test';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/src/main';
import type { MotoHandle } from '../../sandbox/src/mwaa/backends/parts';
import { testMoto } from '../../sandbox/src/mwaa/testing/helpers';

/**
 * A sandbox for the calling describe block, in front of a moto of its own (so suites never see
 * each other's buckets or log groups): started in before(), stopped in after(). Call it where
 * before() may be called; the returned getter gives the sandbox once before() has run.
 */
export function useSandbox(options: Omit<SandboxOptions, 'moto'> = {}): () => Sandbox {
  let moto: MotoHandle | undefined;
  let sb: Sandbox | undefined;
  before(async () => {
    moto = await testMoto();
    sb = await startSandbox({ envs: [], ...options, moto });
  });
  after(async () => {
    await sb?.stop();
    await moto?.stop();
  });
  return () => {
    if (!sb) throw new Error('the sandbox is not started yet (use it in a test or a later hook)');
    return sb;
  };
}
