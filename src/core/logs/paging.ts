/**
 * CloudWatch Logs paging, done the way the API behaves rather than the way it looks:
 * FilterLogEvents may return EMPTY pages while more remain (continue while nextToken is set),
 * and GetLogEvents never returns a null token (the end is a token equal to the one sent).
 */

export interface FilterPage<E> {
  readonly events?: E[];
  readonly nextToken?: string;
}

export interface GetEventsPage<E> {
  readonly events?: E[];
  readonly nextForwardToken?: string;
}

export interface PagingLimits {
  readonly abortSignal?: AbortSignal;
  /** Stops after this many pages (a safety net against a service that never ends a scan). */
  readonly maxPages?: number;
}

export async function* filterLogEventPages<E>(
  fetchPage: (nextToken: string | undefined) => Promise<FilterPage<E>>,
  limits: PagingLimits = {},
): AsyncGenerator<E[]> {
  let token: string | undefined;
  for (let page = 0; page < (limits.maxPages ?? 10_000); page++) {
    limits.abortSignal?.throwIfAborted();
    const res = await fetchPage(token);
    if (res.events?.length) yield res.events;
    if (!res.nextToken) return;
    token = res.nextToken;
  }
}

/** Reads forward from `startToken` (or the head) until the service hands the same token back. */
export async function* getLogEventPages<E>(
  fetchPage: (nextToken: string | undefined) => Promise<GetEventsPage<E>>,
  limits: PagingLimits & { startToken?: string } = {},
): AsyncGenerator<E[], string | undefined> {
  let token = limits.startToken;
  for (let page = 0; page < (limits.maxPages ?? 10_000); page++) {
    limits.abortSignal?.throwIfAborted();
    const res = await fetchPage(token);
    if (res.events?.length) yield res.events;
    if (!res.nextForwardToken || res.nextForwardToken === token) return res.nextForwardToken ?? token;
    token = res.nextForwardToken;
  }
  return token;
}
