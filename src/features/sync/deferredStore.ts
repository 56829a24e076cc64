/**
 * The S3 store of a bound folder, resolved on its first call: the profile (from the environments
 * model, else read from the AWS config files) and a client from the shared factory. Creating a
 * sync session therefore costs no AWS work; the services bundle and the SDK load at the first
 * S3 call. A failed resolution (profile gone) is retried on the next call.
 */
import { readProfiles, findProfile } from '../../core/aws/profiles';
import { UserFacingError } from '../../core/errors';
import type { ListTarget } from '../../core/mwaa/listEnvironments';
import { S3DagStore, type CallOptions, type DagObjectStore, type PutResult, type RemoteObject } from '../../core/sync/s3Store';
import type { BoundFolder } from '../../core/sync/syncSessions';
import { COMMANDS } from '../../host/commandIds';
import type { EnvironmentServices } from '../../services/environmentServices';
import type { Services } from '../../services/services';

export async function targetFor(services: EnvironmentServices, b: Pick<BoundFolder, 'profile' | 'region'>): Promise<ListTarget> {
  try {
    return services.targetOf(b);
  } catch {
    // The environments have not been listed yet: read the profiles rather than list every environment.
    const profile = findProfile(await readProfiles(), b.profile);
    if (!profile) {
      throw new UserFacingError(`AWS profile '${b.profile}' (bound to this folder) is not in your AWS config files: add it back, or bind the folder again.`, [
        { label: 'Open AWS Config', command: COMMANDS.environments.openAwsConfig },
      ]);
    }
    return { profile, region: b.region };
  }
}

export class DeferredDagStore implements DagObjectStore {
  private inner: Promise<S3DagStore> | undefined;

  constructor(
    readonly bucket: string,
    readonly prefix: string,
    private readonly binding: Pick<BoundFolder, 'profile' | 'region'>,
    private readonly services: Pick<Services, 'trust' | 'environments'>,
  ) {}

  private store(): Promise<S3DagStore> {
    this.inner ??= (async () => {
      this.services.trust.require();
      const target = await targetFor(this.services.environments, this.binding);
      // A getter: the factory replaces its clients when endpoints or credentials change.
      return new S3DagStore(() => this.services.environments.factory.s3(target, { callerRetries: true }), this.bucket, this.prefix);
    })();
    this.inner.catch(() => (this.inner = undefined));
    return this.inner;
  }

  async put(key: string, body: Uint8Array, o?: CallOptions): Promise<PutResult> {
    return (await this.store()).put(key, body, o);
  }

  async head(key: string, o?: CallOptions): Promise<RemoteObject | undefined> {
    return (await this.store()).head(key, o);
  }

  async get(key: string, o?: CallOptions): Promise<{ readonly body: Uint8Array; readonly object: RemoteObject }> {
    return (await this.store()).get(key, o);
  }

  async delete(key: string, o?: CallOptions): Promise<void> {
    return (await this.store()).delete(key, o);
  }

  async *list(o?: CallOptions): AsyncIterable<RemoteObject> {
    yield* (await this.store()).list(o);
  }
}
