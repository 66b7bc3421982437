/**
 * The one way a component changes something in the core: `useMutation(route, { refreshes })` calls the route and then
 * refreshes the routes it names (their slots being read are fetched again), with the busy / error / message trio a
 * button shows. `put` keeps the answer in the cache when it is itself a route's answer (a run after a control).
 */
import { useCallback, useLayoutEffect, useRef } from 'react';
import type { RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import type { ResourceState } from '../stores/resource';
import { useAction, type Action } from './useAction';
import { useResourceStore } from './useResourceStore';

export interface MutationOptions<K extends RouteName> {
  /** The routes whose answers this change alters. */
  refreshes?: readonly RouteName[];
  /** Keeps the answer in the cache where it is some route's answer too. */
  put?(output: RouteOutput<K>, cache: Pick<ResourceState, 'put'>): void;
}

export interface Mutation<K extends RouteName> extends Omit<Action, 'run'> {
  /** Calls the route and refreshes; throws the core's refusal (for callers that handle it themselves). */
  mutate(input: RouteInput<K>): Promise<RouteOutput<K>>;
  /** As `mutate`, with the refusal kept in `error` and `done` (if given) shown as `message` on success. */
  run(input: RouteInput<K>, done?: string | ((value: RouteOutput<K>) => string)): Promise<RouteOutput<K> | undefined>;
}

export function useMutation<K extends RouteName>(route: K, options: MutationOptions<K> = {}): Mutation<K> {
  const store = useResourceStore();
  const action = useAction();
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const mutate = useCallback(
    async (input: RouteInput<K>) => {
      const { refreshes = [], put } = latest.current;
      const output = await store.getState().call(route, input);
      put?.(output, store.getState());
      await store.getState().refresh(refreshes);
      return output;
    },
    [store, route],
  );
  const { run: runAction } = action;
  const run = useCallback(
    (input: RouteInput<K>, done?: string | ((value: RouteOutput<K>) => string)) => runAction(() => mutate(input), done),
    [runAction, mutate],
  );
  return { ...action, mutate, run };
}
