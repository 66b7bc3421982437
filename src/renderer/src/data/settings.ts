/** Settings as pages read them: preferences (cost threshold, Python path, sleep), the Python in use, the price table. */
import type { Preferences } from '@shared/preferences';
import type { ModelPrice } from '@shared/prices';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

export function usePreferences(): RouteResult<'preferences.get'> {
  return useRoute('preferences.get', {});
}

/** Saves preferences; the answer is the preferences now in force, and the Python in use is looked up again. */
export function useSavePreferences(): Mutation<'preferences.save'> {
  return useMutation('preferences.save', {
    put: (saved: Preferences, cache) => cache.put('preferences.get', {}, saved),
    refreshes: ['system.python'],
  });
}

export function usePythonInUse(): RouteResult<'system.python'> {
  return useRoute('system.python', {});
}

export function usePrices(): RouteResult<'prices.list'> {
  return useRoute('prices.list', {});
}

const keepPrices = {
  put: (prices: ModelPrice[], cache: { put(route: 'prices.list', input: object, data: ModelPrice[]): void }) =>
    cache.put('prices.list', {}, prices),
  // Estimates and costs shown elsewhere follow the new prices.
  refreshes: ['runs.preview', 'results.summary'] as const,
};

/** Saves or removes a price of the researcher's own; the answer is the whole table. */
export function useSavePrice(): Mutation<'prices.save'> {
  return useMutation('prices.save', keepPrices);
}

export function useRemovePrice(): Mutation<'prices.remove'> {
  return useMutation('prices.remove', keepPrices);
}
