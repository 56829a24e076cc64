/**
 * What the extension knows of the environments: the profile catalog, one listing per
 * profile+region, and fresher states from polling. No `vscode` here: the environments view renders
 * it, every feature reads environments by key from it, tests drive it.
 */
import { classifyAwsError } from '../core/aws/awsErrors';
import { defaultChainFoundNothing } from '../core/aws/defaultChain';
import type { AwsProfile, ProfileCatalog } from '../core/aws/profiles';
import { isCancellation, UserFacingError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { MwaaEnvironment } from '../core/mwaa/environment';
import { listEnvironments, type EnvironmentSource, type ListTarget, type RegionListing } from '../core/mwaa/listEnvironments';
import { environmentKey } from '../core/mwaa/environmentKey';

export interface ModelDeps {
  /** Reads the shared config files; `reread` bypasses the SDK's file cache (after an edit). */
  readonly readCatalog: (reread: boolean) => Promise<ProfileCatalog>;
  /** The calls to list with: the current client factory's. */
  readonly source: () => EnvironmentSource;
  /** `mwaa.profiles` (empty: every profile with credentials) and `mwaa.regions` (empty: each profile's). */
  readonly selection: () => { readonly profiles: readonly string[]; readonly regions: readonly string[] };
  /** False in Restricted Mode: then nothing is read or called. */
  readonly isTrusted: () => boolean;
  /** Where a profile without `region` looks (AWS_REGION, as the SDK does). */
  readonly fallbackRegion?: () => string | undefined;
  readonly logger: Logger;
  readonly concurrency?: number;
}

/**
 * Calls in flight at once while listing (ListEnvironments and GetEnvironment counted apart). 16
 * lists 100 environments in about a second at 100 ms per call (bench:environments); throttling
 * beyond that is retried by the SDK and, if it persists, shown as a node.
 */
export const EXPLORER_CONCURRENCY = 16;

type Phase = 'idle' | 'loading' | 'loaded' | 'failed';

/** The model as the environments view renders it. */
export type ModelView =
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'listed'; readonly listings: readonly RegionListing[]; readonly overrides: ReadonlyMap<string, MwaaEnvironment>; readonly problems: readonly string[] };

export class EnvironmentsModel {
  private phase: Phase = 'idle';
  private catalog: ProfileCatalog | undefined;
  private listings: RegionListing[] = [];
  private readonly overrides = new Map<string, MwaaEnvironment>();
  private failure: string | undefined;
  private pending: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private rereadNext = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ModelDeps) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Listed at least once (a refresh may be running). */
  get isLoaded(): boolean {
    return this.catalog !== undefined;
  }

  /** Loads once (the first expansion of the view); later calls wait for that load. */
  async ensureLoaded(): Promise<void> {
    if (!this.deps.isTrusted()) return;
    if (this.phase === 'idle') await this.refresh();
    // A refresh started meanwhile supersedes the one awaited: wait for the latest.
    while (this.pending) await this.pending;
  }

  /** Lists again from scratch; a refresh already running is abandoned. `rereadProfiles` after a config-file edit. */
  refresh(options: { rereadProfiles?: boolean } = {}): Promise<void> {
    if (!this.deps.isTrusted()) {
      this.emit();
      return Promise.resolve();
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.rereadNext ||= options.rereadProfiles ?? false;
    this.phase = 'loading';
    const run = this.load(abort.signal).finally(() => {
      if (this.pending === run) this.pending = undefined;
    });
    this.pending = run;
    return run;
  }

  private async load(signal: AbortSignal): Promise<void> {
    const started = Date.now();
    try {
      const reread = this.rereadNext;
      this.rereadNext = false;
      const catalog = await this.deps.readCatalog(reread);
      const selection = this.deps.selection();
      const { profiles, missing } = chooseProfiles(catalog, selection.profiles, this.deps.fallbackRegion?.());
      const listed = await listEnvironments({
        clients: this.deps.source(),
        profiles,
        catalog,
        regions: selection.regions,
        abortSignal: signal,
        concurrency: this.deps.concurrency ?? EXPLORER_CONCURRENCY,
      });
      if (signal.aborted) return;
      const listings: RegionListing[] = [];
      for (const l of listed) {
        if (!defaultChainFoundNothing(l)) listings.push(l);
        else this.deps.logger.info(`no AWS profile with credentials and none in the environment; the default chain found nothing (${l.error!.message}): the view shows how to start`);
      }
      for (const name of missing) listings.push(missingProfileListing(catalog, name));
      this.catalog = catalog;
      this.listings = listings;
      this.overrides.clear();
      this.phase = 'loaded';
      this.failure = undefined;
      const count = listings.reduce((n, l) => n + l.environments.length, 0);
      const failed = listings.filter((l) => l.error).map((l) => `${l.profile}/${l.region}: ${l.error!.kind}`);
      this.deps.logger.info(
        `listed ${count} MWAA environment(s) in ${listings.length} profile/region(s) in ${Date.now() - started} ms` + (failed.length ? `; failed: ${failed.join(', ')}` : ''),
      );
    } catch (err) {
      if (signal.aborted || isCancellation(err)) return;
      this.phase = 'failed';
      this.failure = classifyAwsError(err, { operation: 'reading the AWS profiles' }).message;
      this.deps.logger.error(`listing environments failed: ${this.failure}`);
    } finally {
      if (!signal.aborted) this.emit();
    }
  }

  /** What the tree shows at its top level, as of now (the environments view renders it). */
  view(): ModelView {
    if (!this.deps.isTrusted()) return { kind: 'untrusted' };
    if (this.phase === 'failed') return { kind: 'failed', reason: this.failure ?? '' };
    // While a refresh runs, the previous listing stays on screen (the view shows progress).
    if (!this.catalog) return { kind: 'empty' };
    return { kind: 'listed', listings: this.listings, overrides: this.overrides, problems: this.catalog.problems };
  }

  /** Every listed environment, with polled states applied. */
  environments(): MwaaEnvironment[] {
    return this.listings.flatMap((l) => l.environments.map((e) => this.overrides.get(environmentKey(e)) ?? e));
  }

  find(key: string): MwaaEnvironment | undefined {
    return this.environments().find((e) => environmentKey(e) === key);
  }

  /** Where to call for an environment: its profile from the catalog and its region. */
  targetOf(env: Pick<MwaaEnvironment, 'profile' | 'region'>): ListTarget {
    const profile = this.catalog?.profiles.find((p) => p.name === env.profile);
    if (!profile) throw new UserFacingError(`AWS profile '${env.profile}' is no longer in your AWS config files; refresh the MWAA view.`);
    return { profile, region: env.region };
  }

  get configPaths(): ProfileCatalog['paths'] | undefined {
    return this.catalog?.paths;
  }

  /** A fresher state of one environment (polling, a details refresh). */
  applyUpdate(env: MwaaEnvironment): void {
    const key = environmentKey(env);
    if (!this.listings.some((l) => l.environments.some((e) => environmentKey(e) === key))) return;
    this.overrides.set(key, env);
    this.emit();
  }

  /** An environment that no longer exists (its deletion finished while we polled). */
  remove(key: string): void {
    let removed = false;
    this.listings = this.listings.map((l) => {
      const environments = l.environments.filter((e) => environmentKey(e) !== key);
      removed ||= environments.length !== l.environments.length;
      return environments.length === l.environments.length ? l : { ...l, environments };
    });
    this.overrides.delete(key);
    if (removed) this.emit();
  }

  dispose(): void {
    this.abort?.abort();
    this.listeners.clear();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }
}

/**
 * The profiles to list: those named in `mwaa.profiles`, else every profile that can hold
 * credentials (settings-only profiles are sources for others, not accounts to list) plus the
 * default one. Names that are not defined come back as `missing`, to show as error nodes.
 */
export function chooseProfiles(
  catalog: ProfileCatalog,
  wanted: readonly string[],
  fallbackRegion: string | undefined,
): { profiles: AwsProfile[]; missing: string[] } {
  const withRegion = (p: AwsProfile): AwsProfile => (p.region || !fallbackRegion ? p : { ...p, region: fallbackRegion });
  if (wanted.length) {
    const profiles: AwsProfile[] = [];
    const missing: string[] = [];
    for (const name of wanted) {
      const p = catalog.profiles.find((x) => x.name === name);
      if (p) profiles.push(withRegion(p));
      else missing.push(name);
    }
    return { profiles, missing };
  }
  const profiles = catalog.profiles.filter((p) => p.kind !== 'none' || p.name === catalog.defaultProfile).map(withRegion);
  const defaultMissing = catalog.defaultProfile !== 'default' && !catalog.profiles.some((p) => p.name === catalog.defaultProfile);
  return { profiles, missing: defaultMissing ? [catalog.defaultProfile] : [] };
}

function missingProfileListing(catalog: ProfileCatalog, name: string): RegionListing {
  const err = new UserFacingError(
    `AWS profile '${name}' is not defined in ${catalog.paths.configFile} or ${catalog.paths.credentialsFile}. Add it there (for example with \`aws configure --profile ${name}\`), or remove it from the \`mwaa.profiles\` setting or AWS_PROFILE.`,
  );
  const classified = classifyAwsError(err, { profile: name });
  return { profile: name, region: '', environments: [], environmentErrors: [], error: { ...classified, title: `Profile '${name}' not found` } };
}
