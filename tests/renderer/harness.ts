/** Mounting hooks and components in happy-dom against a resource cache whose core the test answers at once. */
import { act, createElement, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, beforeAll, vi } from 'vitest';
import type { RouteInput, RouteName, RouteOutput } from '../../src/shared/ipc';
import { ResourceContext } from '../../src/renderer/src/hooks/useResourceStore';
import { createResourceStore, type RouteCaller } from '../../src/renderer/src/stores/resource';

type Answer = (route: string, input: Record<string, unknown>) => unknown;

/** A core that answers at once from `answer`, and remembers every call. */
export function fakeCore(answer: Answer) {
  const calls: { route: string; input: Record<string, unknown> }[] = [];
  let progress: ((payload: { runId: string }) => void) | null = null;
  const call = (<K extends RouteName>(route: K, input: RouteInput<K>) => {
    calls.push({ route, input: input as Record<string, unknown> });
    try {
      return Promise.resolve(answer(route, input as Record<string, unknown>) as RouteOutput<K>);
    } catch (error) {
      return Promise.reject(error);
    }
  }) as RouteCaller;
  const store = createResourceStore(call, (listener) => {
    progress = listener as typeof progress;
    return () => (progress = null);
  });
  const count = (route: string) => calls.filter((c) => c.route === route).length;
  return { store, calls, count, push: (runId: string) => progress?.({ runId }) };
}

const mounted: (() => void)[] = [];

export function mount(store: ReturnType<typeof fakeCore>['store'], element: ReactElement): HTMLElement {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  act(() => root.render(createElement(ResourceContext.Provider, { value: store }, element)));
  mounted.push(() => {
    act(() => root.unmount());
    container.remove();
  });
  return container;
}

/** Lets answered promises settle and React re-render. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => undefined);
}

export function probe<T>(use: () => T): { current: T | null; Probe(): null } {
  const box: { current: T | null; Probe(): null } = {
    current: null,
    Probe() {
      box.current = use();
      return null;
    },
  };
  return box;
}

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

afterEach(() => {
  while (mounted.length) mounted.pop()!();
  vi.useRealTimers();
});
