/**
 * The one way a component reads the core: `useRoute(route, input, options)` gives the route's answer as a Loadable from
 * the resource cache, fetched on mount, and, as options, polled (each poll planned when the last one answered, until
 * `pollWhile` says the answer is final), refreshed early by a run's progress events, or only read (`enabled: false`).
 */
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import type { Loadable } from '../stores/loadable';
import { readSlot, resourceKey } from '../stores/resource';
import { useResourceState, useResourceStore } from './useResourceStore';

/** Progress events may refresh sooner than the poll, but never more often than this. */
export const EVENT_REFRESH_MIN_MS = 1000;

export interface ReadOptions<T> {
  /** Fetch again this long after each answer while mounted; none by default. */
  pollMs?: number;
  /** Keep polling while this holds for the slot (by default, always); a slot that holds again is polled again. */
  pollWhile?(entry: Loadable<T>): boolean;
  /** Refresh early when main reports progress of this run (Electron), at most once a second (a settled slot too). */
  progressOf?: string;
  /** Work that follows each fetch, before the next poll is planned (a run's transcripts after the run). */
  after?(): Promise<unknown>;
  /** False reads the slot without fetching it (until an input is known, or when another reader keeps it fresh). */
  enabled?: boolean;
}

export type Read<T> = Loadable<T> & { reload(): Promise<void> };
export type RouteResult<K extends RouteName> = Read<RouteOutput<K>>;

/** The machinery under `useRoute` and `usePaged`: keeps the slot `key` filled by `load` as the options say. */
export function useSlot<T>(key: string, load: () => Promise<unknown>, options: ReadOptions<T> = {}): Read<T> {
  const { pollMs, progressOf, enabled = true } = options;
  const store = useResourceStore();
  const entry = useResourceState((state) => readSlot<T>(state, key));
  const latest = useRef({ load, options });
  useLayoutEffect(() => {
    latest.current = { load, options };
  });
  const ticker = useRef<(() => Promise<void>) | null>(null);

  useEffect(() => {
    if (!enabled) return store.getState().retain(key, () => latest.current.load(), true);
    let stopped = false;
    let settled = false;
    let inFlight = false;
    let lastTick = 0;
    let timer: number | undefined;
    const polling = (): boolean => {
      const pollWhile = latest.current.options.pollWhile;
      return pollWhile ? pollWhile(readSlot<T>(store.getState(), key)) : true;
    };

    async function tick(): Promise<void> {
      window.clearTimeout(timer);
      inFlight = true;
      lastTick = Date.now();
      try {
        await latest.current.load();
        if (!stopped) await latest.current.options.after?.();
      } finally {
        inFlight = false;
      }
      if (stopped || !pollMs) return;
      if (!polling()) {
        settled = true;
        return;
      }
      // A failed poll keeps the last data on screen (marked stale) and simply tries again.
      timer = window.setTimeout(() => void tick(), pollMs);
    }
    ticker.current = tick;

    const release = store.getState().retain(key, tick);
    const unwatch = store.subscribe(() => {
      if (!settled || stopped || !polling()) return;
      settled = false;
      void tick();
    });
    const unlisten = progressOf
      ? store.getState().onProgress(progressOf, () => {
          if (stopped || inFlight) return;
          const wait = EVENT_REFRESH_MIN_MS - (Date.now() - lastTick);
          if (!settled) {
            if (wait <= 0) void tick();
            return;
          }
          // A settled slot (its answer looked final) is read again once the event says it changed: soon, not never.
          settled = false;
          timer = window.setTimeout(() => void tick(), Math.max(0, wait));
        })
      : () => undefined;

    void tick();
    return () => {
      stopped = true;
      ticker.current = null;
      window.clearTimeout(timer);
      release();
      unwatch();
      unlisten();
    };
  }, [store, key, enabled, pollMs, progressOf]);

  const reload = useCallback(async () => {
    await (ticker.current ?? latest.current.load)();
  }, []);
  return { ...entry, reload };
}

export function useRoute<K extends RouteName>(
  route: K,
  input: RouteInput<K>,
  options: ReadOptions<RouteOutput<K>> = {},
): RouteResult<K> {
  const key = resourceKey(route, input);
  const store = useResourceStore();
  // The key stands for the input: the fetch is built from it, not from an object that is new on every render.
  const load = useCallback(
    () => store.getState().fetch(route, JSON.parse(key.slice(route.length + 1)) as RouteInput<K>),
    [store, route, key],
  );
  return useSlot<RouteOutput<K>>(key, load, options);
}
