/** `useRoute(route, input, {pollMs})`: a route's answer as a Loadable, fetched on mount and kept fresh by an optional poll. */
import { useCallback, useEffect } from 'react';
import type { RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import type { Loadable } from '../stores/loadable';
import { readResource, resourceKey, useResources } from '../stores/resource';

export interface RouteOptions {
  /** Re-fetch this often while mounted; none by default. */
  pollMs?: number;
  /** False skips fetching (e.g. until an input is known). */
  enabled?: boolean;
}

export type RouteResult<K extends RouteName> = Loadable<RouteOutput<K>> & { reload(): Promise<void> };

export function useRoute<K extends RouteName>(
  route: K,
  input: RouteInput<K>,
  options: RouteOptions = {},
): RouteResult<K> {
  const { pollMs, enabled = true } = options;
  const key = resourceKey(route, input);
  const entry = useResources((state) => readResource(state, route, input));
  const fetch = useResources((state) => state.fetch);
  // The key stands for the input: effects depend on it, not on an object that is new on every render.
  const reload = useCallback(async () => {
    await fetch(route, JSON.parse(key.slice(route.length + 1)) as RouteInput<K>);
  }, [fetch, route, key]);

  useEffect(() => {
    if (!enabled) return;
    void reload();
    if (!pollMs) return;
    const timer = window.setInterval(() => void reload(), pollMs);
    return () => window.clearInterval(timer);
  }, [enabled, reload, pollMs]);

  return { ...entry, reload };
}
