/**
 * The credentials feature: signing in to IAM Identity Center (SSO) from the extension, with the
 * device authorization flow, so an expired or missing SSO session needs no AWS CLI. The command
 * is registered at activation; its work (signIn.ts) loads on first use.
 */
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';
import { signInCommand, type SignInResult } from './signIn';

export interface CredentialsHandle {
  /** The last sign-in's outcome (test seams; never a token). */
  readonly last: () => SignInResult | undefined;
}

export function activateCredentials(services: Services): CredentialsHandle {
  let last: SignInResult | undefined;
  services.commands.registerTable({
    [COMMANDS.credentials.ssoSignIn]: async (profile?: unknown) => {
      last = await signInCommand(services, profile);
      return last;
    },
  });
  return { last: () => last };
}
