/**
 * The renderer's one cache of route answers, keyed by route and input. Reads fill it (`useRoute`, `usePaged`), writes
 * go through `useMutation`, which names the routes a change makes stale: slots someone is reading are fetched again, the
 * rest are forgotten so their next reader fetches afresh.
 */
import { create } from 'zustand';
import type { Events, RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import { api } from '../api/client';
import { idle, loadInto, type Loadable } from './loadable';

/** How the cache reaches the core; tests pass their own. */
export type RouteCaller = <K extends RouteName>(route: K, input: RouteInput<K>) => Promise<RouteOutput<K>>;

export interface ResourceState {
  entries: Record<string, Loadable<unknown>>;
  /** Fetches `route(input)` into its slot; resolves to the data, or null when it failed or was superseded. */
  fetch<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K> | null>;
  /** Asks the core without touching the cache: the pages of a paged list, a partial answer merged into a slot. */
  call: RouteCaller;
  /** Fills the slot `key` (which starts with its route, see `resourceKey`) with a fetcher of its own: a paged list. */
  load<T>(key: string, fetcher: () => Promise<T>): Promise<T | null>;
  /** Keeps an answer the core gave elsewhere (a change's result) as the slot's fresh data. */
  put<K extends RouteName>(route: K, input: RouteInput<K>, data: RouteOutput<K>): void;
  /** After a change these routes see: slots being read are fetched again, the others are dropped. */
  refresh(routes: readonly RouteName[]): Promise<void>;
  /**
   * Registers a mounted reader of a slot and how to fetch it again (a reader that only shows a slot others fill is
   * `passive`: it keeps the slot from being dropped, and fetches it only when no active reader is left); returns the release.
   */
  retain(key: string, refetch: () => Promise<unknown>, passive?: boolean): () => void;
  /** Calls `listener` when main pushes progress of this run (Electron; browser mode has no events and polls). */
  onProgress(runId: string, listener: () => void): () => void;
}

/** Subscribes to main's run progress events; returns the unsubscribe. */
export type ProgressSource = (listener: (payload: Events['run.progress']) => void) => () => void;

interface Reader {
  refetch(): Promise<unknown>;
  passive: boolean;
}

export function resourceKey(route: string, input: unknown): string {
  return `${route}:${JSON.stringify(input ?? {})}`;
}

function ofRoutes(key: string, routes: readonly RouteName[]): boolean {
  return routes.some((route) => key.startsWith(`${route}:`));
}

export function createResourceStore(call: RouteCaller, progress: ProgressSource = () => () => undefined) {
  /** Mounted readers per slot: a refresh asks one of them to fetch (it knows the page size, what follows, …). */
  const readers = new Map<string, Set<Reader>>();
  return create<ResourceState>()((set, get) => ({
    entries: {},
    call,
    async fetch(route, input) {
      return get().load(resourceKey(route, input), () => call(route, input));
    },
    async load<T>(key: string, fetcher: () => Promise<T>) {
      return loadInto(
        key,
        () => get().entries[key] as Loadable<T> | undefined,
        (entry) => set((state) => ({ entries: { ...state.entries, [key]: entry } })),
        fetcher,
      );
    },
    put(route, input, data) {
      const entry: Loadable<unknown> = { data, error: null, loading: false, stale: false, fetchedAt: Date.now() };
      set((state) => ({ entries: { ...state.entries, [resourceKey(route, input)]: entry } }));
    },
    async refresh(routes) {
      const keys = Object.keys(get().entries).filter((key) => ofRoutes(key, routes));
      const unread = keys.filter((key) => !readers.get(key)?.size);
      if (unread.length > 0) {
        set((state) => ({
          entries: Object.fromEntries(Object.entries(state.entries).filter(([key]) => !unread.includes(key))),
        }));
      }
      const refetches = keys.flatMap((key) => {
        const mounted = [...(readers.get(key) ?? [])];
        const chosen = mounted.find((reader) => !reader.passive) ?? mounted[0];
        return chosen ? [chosen.refetch] : [];
      });
      await Promise.all(refetches.map((refetch) => refetch()));
    },
    retain(key, refetch, passive = false) {
      const mine = readers.get(key) ?? new Set();
      const reader: Reader = { refetch, passive };
      mine.add(reader);
      readers.set(key, mine);
      return () => {
        mine.delete(reader);
        if (mine.size === 0) readers.delete(key);
      };
    },
    onProgress(runId, listener) {
      return progress((payload) => {
        if (payload.runId === runId) listener();
      });
    },
  }));
}

export type ResourceStore = ReturnType<typeof createResourceStore>;

export const useResources: ResourceStore = createResourceStore(
  (route, input) => api.call(route, input),
  (listener) => api.onEvent('run.progress', listener),
);

/** One idle value for every empty slot: a selector must return the same object while nothing changed. */
const IDLE: Loadable<never> = idle<never>();

/** The slot under a key; idle until first fetched. */
export function readSlot<T>(state: ResourceState, key: string): Loadable<T> {
  return (state.entries[key] as Loadable<T> | undefined) ?? IDLE;
}

/** The slot for one route and input, typed by the route; idle until first fetched. */
export function readResource<K extends RouteName>(
  state: ResourceState,
  route: K,
  input: RouteInput<K>,
): Loadable<RouteOutput<K>> {
  return readSlot(state, resourceKey(route, input));
}
