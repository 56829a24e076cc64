/**
 * A list read page by page ("Load more…"): what is loaded, whether more exists, and the offset
 * of the next page. Immutable, so a refresh that races a page load cannot mix the two.
 */
export interface PagedList<T> {
  readonly items: readonly T[];
  readonly total: number;
}

export const EMPTY_PAGE: PagedList<never> = { items: [], total: 0 };

/** The list after a page arrived at `offset` (a first page replaces, later pages append). */
export function withPage<T>(list: PagedList<T> | undefined, offset: number, page: { items: readonly T[]; total: number }, key: (t: T) => string): PagedList<T> {
  const before = offset === 0 || !list ? [] : list.items.slice(0, offset);
  const seen = new Set(before.map(key));
  // A listing that shifted between pages (a new run) could repeat an item: keep the first.
  const items = [...before, ...page.items.filter((t) => !seen.has(key(t)))];
  return { items, total: Math.max(page.total, items.length) };
}

export function hasMore(list: PagedList<unknown> | undefined): boolean {
  return !!list && list.items.length < list.total;
}

export function nextOffset(list: PagedList<unknown> | undefined): number {
  return list?.items.length ?? 0;
}
