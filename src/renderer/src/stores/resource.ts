/** One store for any route's answer, keyed by route and input, so a page reads core data without a hand-written store slot. */
import { create } from 'zustand';
import type { RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import { api } from '../api/client';
import { idle, loadInto, type Loadable } from './loadable';

/** How a resource reaches the core; tests pass their own. */
export type RouteCaller = <K extends RouteName>(route: K, input: RouteInput<K>) => Promise<RouteOutput<K>>;

export interface ResourceState {
  entries: Record<string, Loadable<unknown>>;
  /** Fetches `route(input)` into its slot; resolves to the data, or null when it failed or was superseded. */
  fetch<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K> | null>;
  /** Drops every slot of a route, so the next reader fetches afresh (after a change the route would see). */
  invalidate(route: RouteName): void;
}

export function resourceKey(route: string, input: unknown): string {
  return `${route}:${JSON.stringify(input ?? {})}`;
}

export function createResourceStore(call: RouteCaller) {
  return create<ResourceState>()((set, get) => ({
    entries: {},
    async fetch(route, input) {
      const key = resourceKey(route, input);
      return loadInto(
        key,
        () => get().entries[key] as Loadable<RouteOutput<typeof route>> | undefined,
        (entry) => set((state) => ({ entries: { ...state.entries, [key]: entry } })),
        () => call(route, input),
      );
    },
    invalidate(route) {
      set((state) => ({
        entries: Object.fromEntries(Object.entries(state.entries).filter(([key]) => !key.startsWith(`${route}:`))),
      }));
    },
  }));
}

export const useResources = createResourceStore((route, input) => api.call(route, input));

/** One idle value for every empty slot: a selector must return the same object while nothing changed. */
const IDLE: Loadable<never> = idle<never>();

/** The slot for one route and input, typed by the route; idle until first fetched. */
export function readResource<K extends RouteName>(
  state: ResourceState,
  route: K,
  input: RouteInput<K>,
): Loadable<RouteOutput<K>> {
  return (state.entries[resourceKey(route, input)] as Loadable<RouteOutput<K>> | undefined) ?? IDLE;
}
