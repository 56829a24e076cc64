/**
 * Every environment of the chosen profiles and regions: ListEnvironments per profile+region, then
 * GetEnvironment per name with bounded concurrency, gets starting as soon as a page of names
 * arrives. Each profile+region succeeds or fails on its own, so AccessDenied in one region never
 * hides the others.
 */
import type { Environment } from '@aws-sdk/client-mwaa';
import { classifyAwsError, type ClassifiedAwsError } from '../aws/awsErrors';
import type { AwsClientFactory } from '../aws/clientFactory';
import { resolveCredentialChain } from '../aws/credentials';
import type { AwsProfile, ProfileCatalog } from '../aws/profiles';
import { isCancellation, UserFacingError } from '../errors';
import { abortReason, createLimiter } from './concurrencyLimit';
import { getEnvironment, listEnvironmentNames, type CallOptions } from './environmentCalls';
import { normaliseEnvironment, type MwaaEnvironment } from './environment';

export interface ListTarget {
  readonly profile: AwsProfile;
  readonly region: string;
}

/** The two calls the listing makes; backed by SDK clients in the extension, by fakes in tests. */
export interface EnvironmentSource {
  listNames(target: ListTarget, options: CallOptions): AsyncIterable<string>;
  get(target: ListTarget, name: string, options: CallOptions): Promise<Environment>;
}

export interface RegionListing {
  readonly profile: string;
  readonly region: string;
  /** Sorted by name. */
  readonly environments: readonly MwaaEnvironment[];
  /** Listing itself failed (credentials, AccessDenied, network...). */
  readonly error?: ClassifiedAwsError;
  /** Environments listed but whose GetEnvironment failed. */
  readonly environmentErrors: ReadonlyArray<{ readonly name: string; readonly error: ClassifiedAwsError }>;
}

export interface ListEnvironmentsOptions {
  readonly clients: EnvironmentSource;
  readonly profiles: readonly AwsProfile[];
  /**
   * The catalog the profiles came from: when given, a broken role chain (missing source_profile,
   * loop, no credentials) is reported as such before any call, instead of as fromIni's vaguer error.
   */
  readonly catalog?: ProfileCatalog;
  /** Regions to look in; empty or absent: each profile's own region. */
  readonly regions?: readonly string[];
  /** Most calls in flight at once (listings and gets counted apart); default 10. */
  readonly concurrency?: number;
  readonly abortSignal?: AbortSignal;
  /** Called as each profile+region completes, for progressive rendering. */
  readonly onListing?: (listing: RegionListing) => void;
}

export const DEFAULT_CONCURRENCY = 10;

export function environmentSourceFromFactory(factory: AwsClientFactory): EnvironmentSource {
  return {
    listNames: (target, options) => listEnvironmentNames(factory.mwaa(target), options),
    get: (target, name, options) => getEnvironment(factory.mwaa(target), name, options),
  };
}

/** One environment again (refresh, polling), normalised. */
export async function fetchEnvironment(clients: EnvironmentSource, target: ListTarget, name: string, options: CallOptions = {}): Promise<MwaaEnvironment> {
  const raw = await clients.get(target, name, options);
  return normaliseEnvironment(raw, { profile: target.profile.name, region: target.region });
}

export async function listEnvironments(options: ListEnvironmentsOptions): Promise<RegionListing[]> {
  const { clients, abortSignal } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const listLimit = createLimiter(concurrency, abortSignal);
  const getLimit = createLimiter(concurrency, abortSignal);
  const call: CallOptions = abortSignal ? { abortSignal } : {};

  const one = async (profile: AwsProfile, region: string | undefined): Promise<RegionListing> => {
    const where = { profile: profile.name, region: region ?? '' };
    if (!region) {
      const missing = new UserFacingError(
        `Profile '${profile.name}' has no region: add \`region = …\` to it in your AWS config file or list regions in the \`mwaa.regions\` setting.`,
      );
      return { ...where, environments: [], environmentErrors: [], error: { ...classifyAwsError(missing, { profile: profile.name }), title: 'No region' } };
    }
    const target: ListTarget = { profile, region };
    const context = { profile: profile.name, region, operation: 'listing MWAA environments', permission: 'airflow:ListEnvironments and airflow:GetEnvironment' };
    if (options.catalog) {
      try {
        resolveCredentialChain(options.catalog, profile.name);
      } catch (err) {
        return { ...where, environments: [], environmentErrors: [], error: classifyAwsError(err, context) };
      }
    }
    const gets: Array<Promise<{ name: string; env?: MwaaEnvironment; error?: ClassifiedAwsError }>> = [];
    try {
      await listLimit(async () => {
        for await (const name of clients.listNames(target, call)) {
          const get = getLimit(() => clients.get(target, name, call)).then(
            (raw) => ({ name, env: normaliseEnvironment(raw, where) }),
            (err: unknown) => {
              if (isCancellation(err)) throw err;
              return { name, error: classifyAwsError(err, { ...context, operation: `reading environment ${name}`, permission: 'airflow:GetEnvironment' }) };
            },
          );
          // Awaited below; marked handled now because an abort can reject it while pages still load.
          get.catch(() => undefined);
          gets.push(get);
        }
      });
    } catch (err) {
      // Let gets already started finish or fail quietly before reporting the listing error.
      await Promise.allSettled(gets);
      if (isCancellation(err) || abortSignal?.aborted) throw abortSignal?.aborted ? abortReason(abortSignal) : err;
      return { ...where, environments: [], environmentErrors: [], error: classifyAwsError(err, context) };
    }
    const results = await Promise.all(gets);
    const environments: MwaaEnvironment[] = [];
    const environmentErrors: Array<{ name: string; error: ClassifiedAwsError }> = [];
    for (const r of results) {
      if (r.env) environments.push(r.env);
      // Deleted between the list and the get: simply gone.
      else if (r.error && r.error.kind !== 'not-found') environmentErrors.push({ name: r.name, error: r.error });
    }
    environments.sort((a, b) => a.name.localeCompare(b.name));
    return { ...where, environments, environmentErrors };
  };

  const jobs: Array<Promise<RegionListing>> = [];
  for (const profile of options.profiles) {
    const regions = options.regions?.length ? options.regions : [profile.region];
    for (const region of regions) {
      jobs.push(
        one(profile, region).then((listing) => {
          options.onListing?.(listing);
          return listing;
        }),
      );
    }
  }
  return Promise.all(jobs);
}
