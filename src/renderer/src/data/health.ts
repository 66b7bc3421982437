/** System Health's live report (providers checked for real, worker, database), re-checking one provider, the model catalog. */
import { useCallback } from 'react';
import type { ProviderId } from '@shared/domain';
import type { HealthReport } from '@shared/providers';
import { useResourceStore } from '../hooks/useResourceStore';
import { useRoute, type ReadOptions, type RouteResult } from '../hooks/useRoute';
import { useChecking } from '../stores/checking';
import { readResource, resourceKey } from '../stores/resource';

/** Checks everything when first read (System Health opens); `reload` is "Check all again". */
export function useHealthReport(options: Pick<ReadOptions<HealthReport>, 'enabled'> = {}): RouteResult<'health.check'> {
  return useRoute('health.check', {}, options);
}

/** The last report, as another reader (System Health) fetched it. */
export function useKnownHealth(): RouteResult<'health.check'> {
  return useHealthReport({ enabled: false });
}

/** Merges one provider's fresh check into the report on screen (and what "ready to run" follows from it). */
export function mergeCheck(current: HealthReport | null, partial: HealthReport): HealthReport {
  if (!current) return partial;
  // Replaces the providers checked again and adds those checked for the first time (a report begun by one provider's
  // check must take in the next provider's, or that one stays "not checked yet").
  const providers = [
    ...current.providers.map((p) => partial.providers.find((next) => next.providerId === p.providerId) ?? p),
    ...partial.providers.filter((next) => !current.providers.some((p) => p.providerId === next.providerId)),
  ];
  return {
    ...partial,
    providers,
    readyToRun:
      partial.database.ok &&
      partial.pythonWorker.status === 'online' &&
      providers.some((p) => p.status === 'connected'),
  };
}

/** Re-checks one provider and replaces only its card; a failed re-check leaves the last report on screen. */
export function useProviderCheck(): {
  checking: ProviderId[];
  checkOne(providerId: ProviderId): Promise<void>;
  /** Checks each of these providers the last report does not cover and no check is on its way for. */
  checkUnknown(providerIds: readonly ProviderId[]): void;
} {
  const store = useResourceStore();
  const checking = useChecking((state) => state.checking);
  const checkOne = useCallback(
    async (providerId: ProviderId) => {
      useChecking.setState((state) => ({ checking: [...state.checking, providerId] }));
      try {
        const partial = await store.getState().call('health.check', { providerIds: [providerId] });
        const current = readResource(store.getState(), 'health.check', {}).data;
        store.getState().put('health.check', {}, mergeCheck(current, partial));
      } catch {
        // "Check all again" shows the error in full.
      } finally {
        useChecking.setState((state) => ({ checking: state.checking.filter((id) => id !== providerId) }));
      }
    },
    [store],
  );
  const checkUnknown = useCallback(
    (providerIds: readonly ProviderId[]) => {
      const known = readResource(store.getState(), 'health.check', {}).data?.providers ?? [];
      const busy = useChecking.getState().checking;
      for (const providerId of providerIds) {
        if (!known.some((p) => p.providerId === providerId) && !busy.includes(providerId)) void checkOne(providerId);
      }
    },
    [store, checkOne],
  );
  return { checking, checkOne, checkUnknown };
}

/** The model catalog from the core's memory; `askProviders` replaces it with the providers' current lists. */
export function useCatalog(): RouteResult<'models.list'> & { askProviders(): Promise<void> } {
  const store = useResourceStore();
  const catalog = useRoute('models.list', { refresh: false });
  const askProviders = useCallback(async () => {
    await store
      .getState()
      .load(resourceKey('models.list', { refresh: false }), () =>
        store.getState().call('models.list', { refresh: true }),
      );
  }, [store]);
  return { ...catalog, askProviders };
}
