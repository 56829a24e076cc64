import { AwsClientFactory } from '../core/aws/clientFactory';
import type { Logger } from '../core/logger';
import type { Settings } from '../core/settings';

/**
 * AWS clients per profile, region and endpoint: one factory (which caches its clients), made
 * when the first client is needed and replaced when the endpoint overrides change, since clients
 * are bound to their endpoint.
 */
export class AwsClients {
  private factory: AwsClientFactory | undefined;
  private endpoints: string;

  constructor(private readonly options: { readonly extensionVersion: string; readonly settings: () => Settings; readonly logger: Logger }) {
    this.endpoints = JSON.stringify(options.settings().endpoints);
  }

  get current(): AwsClientFactory {
    return (this.factory ??= new AwsClientFactory({ extensionVersion: this.options.extensionVersion, endpoints: this.options.settings().endpoints, logger: this.options.logger }));
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
  }

  dispose(): void {
    this.factory?.dispose();
    this.factory = undefined;
  }
}
