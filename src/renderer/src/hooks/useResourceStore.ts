/** The resource cache a component reads and writes: the app's own, or one a test provides with its own core. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useResources, type ResourceState, type ResourceStore } from '../stores/resource';

export const ResourceContext = createContext<ResourceStore>(useResources);

export function useResourceStore(): ResourceStore {
  return useContext(ResourceContext);
}

/** Selects from the cache and re-renders when the selection changes. */
export function useResourceState<T>(selector: (state: ResourceState) => T): T {
  return useStore(useResourceStore(), selector);
}
