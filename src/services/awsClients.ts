import { AWS_ERROR_COMMANDS } from '../core/aws/awsErrors';
import { AwsClientFactory } from '../core/aws/clientFactory';
import { MfaCodes, mfaPromptText, validateMfaCode } from '../core/aws/mfa';
import type { Logger } from '../core/logger';
import type { Settings } from '../core/settings';
import type { Prompts } from '../host/prompts';

/** The id of the MFA question (tests answer it through the prompt seams). */
export const MFA_PROMPT_ID = 'credentials.mfaCode';

/**
 * AWS clients per profile, region and endpoint: one factory (which caches its clients), made
 * when the first client is needed and replaced when the endpoint overrides change, since clients
 * are bound to their endpoint.
 */
export class AwsClients {
  private factory: AwsClientFactory | undefined;
  private endpoints: string;
  private readonly mfa: MfaCodes | undefined;

  constructor(private readonly options: { readonly extensionVersion: string; readonly settings: () => Settings; readonly logger: Logger; readonly prompts?: Prompts }) {
    this.endpoints = JSON.stringify(options.settings().endpoints);
    const prompts = options.prompts;
    this.mfa = prompts && new MfaCodes(async (q) => {
      options.logger.info(`asking for the MFA code of profile ${q.profile}`);
      return prompts.input(MFA_PROMPT_ID, { ...mfaPromptText(q), password: false, ignoreFocusOut: true, placeHolder: '123456', validateInput: validateMfaCode });
    }, AWS_ERROR_COMMANDS.refresh);
  }

  get current(): AwsClientFactory {
    const mfa = this.mfa;
    return (this.factory ??= new AwsClientFactory({
      extensionVersion: this.options.extensionVersion,
      endpoints: this.options.settings().endpoints,
      logger: this.options.logger,
      ...(mfa ? { mfaCodeProvider: (serial: string, profile: string) => mfa.provider(profile)(serial) } : {}),
    }));
  }

  /** After a settings change: true when the endpoints changed (the clients were dropped). */
  settingsChanged(settings: Settings): boolean {
    const endpoints = JSON.stringify(settings.endpoints);
    if (endpoints === this.endpoints) return false;
    this.endpoints = endpoints;
    this.factory?.dispose();
    this.factory = undefined;
    return true;
  }

  /** Forget cached credentials (the profile files changed, or the user asked to re-read them). */
  reset(): void {
    this.factory?.reset();
    // An explicit refresh may ask for MFA codes again.
    this.mfa?.reset();
  }

  dispose(): void {
    this.factory?.dispose();
    this.factory = undefined;
  }
}
