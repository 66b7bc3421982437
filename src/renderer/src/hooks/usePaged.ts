/**
 * The one "load more" list: a route that answers an array for an offset and a limit, shown as the pages loaded so far.
 * A refresh (on mount, by a poll, or after a change that names the route) fetches again everything already shown, at
 * least one page and at most `maxLimit` rows; `loadMore` appends the next page.
 */
import { useCallback } from 'react';
import type { RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import { readSlot, resourceKey } from '../stores/resource';
import { useResourceStore } from './useResourceStore';
import { useSlot, type Read, type ReadOptions } from './useRoute';

/** Routes that page an array by offset and limit. */
export type PagedRoute = {
  [K in RouteName]: RouteInput<K> extends { offset?: number; limit?: number }
    ? RouteOutput<K> extends readonly unknown[]
      ? K
      : never
    : never;
}[RouteName];

type Item<K extends PagedRoute> = RouteOutput<K>[number];
export type PagedInput<K extends PagedRoute> = Omit<RouteInput<K>, 'offset' | 'limit'>;

export interface Pages<T> {
  items: T[];
  hasMore: boolean;
}

export type Paged<T> = Read<Pages<T>> & { loadMore(): Promise<void> };

export interface PagedOptions<T> extends ReadOptions<Pages<T>> {
  pageSize: number;
  /** The most rows one refresh asks for (the route's own ceiling). */
  maxLimit?: number;
}

export function usePaged<K extends PagedRoute>(
  route: K,
  input: PagedInput<K>,
  options: PagedOptions<Item<K>>,
): Paged<Item<K>> {
  const { pageSize, maxLimit = pageSize } = options;
  const store = useResourceStore();
  const key = `${resourceKey(route, input)}#pages`;
  const base = key.slice(route.length + 1, -'#pages'.length);

  const fetchPage = useCallback(
    (more: boolean) => {
      const shown = readSlot<Pages<Item<K>>>(store.getState(), key).data?.items ?? [];
      const offset = more ? shown.length : 0;
      const limit = more ? pageSize : Math.min(Math.max(pageSize, shown.length), maxLimit);
      const pageInput = { ...(JSON.parse(base) as PagedInput<K>), offset, limit } as RouteInput<K>;
      return store.getState().load(key, async () => {
        const page = (await store.getState().call(route, pageInput)) as Item<K>[];
        return { items: more ? [...shown, ...page] : page, hasMore: page.length === limit };
      });
    },
    [store, route, key, base, pageSize, maxLimit],
  );
  const refresh = useCallback(() => fetchPage(false), [fetchPage]);
  const read = useSlot<Pages<Item<K>>>(key, refresh, options);
  const loadMore = useCallback(async () => {
    await fetchPage(true);
  }, [fetchPage]);
  return { ...read, loadMore };
}
