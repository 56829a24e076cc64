import { UserFacingError } from '../../src/core/errors';
import type { Services } from '../../src/services/services';
import type { WorkspaceTrust } from '../../src/services/trust';

/**
 * Services as a feature's part gets them in Restricted Mode: trust says no, and every other
 * service (AWS, bindings, prompts, notifications) throws if touched before the trust check.
 * `calls` lists what the part asked for, in order.
 */
export function untrustedServices(): { services: Services; calls: string[] } {
  const calls: string[] = [];
  const trust = {
    isTrusted: false,
    require: () => { throw new UserFacingError('This workspace is not trusted, so the MWAA Toolkit does not call AWS. Trust the workspace first.'); },
  } as unknown as WorkspaceTrust;
  const services = new Proxy({} as Services, {
    get(_, prop) {
      calls.push(String(prop));
      if (prop === 'trust') return trust;
      throw new Error(`services.${String(prop)} used before the trust check`);
    },
  });
  return { services, calls };
}
