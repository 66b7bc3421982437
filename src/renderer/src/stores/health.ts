/** System Health's live report (providers checked for real, worker, database) and the model catalog for the picker. */
import { create } from 'zustand';
import type { ProviderId } from '@shared/domain';
import type { HealthReport, ModelCatalog } from '@shared/providers';
import { api } from '../api/client';
import { loadInto, type Loadable } from './loadable';

interface HealthState {
  report: Loadable<HealthReport> | undefined;
  /** Providers being re-checked one at a time (their card shows "Checking…"). */
  checking: ProviderId[];
  catalog: Loadable<ModelCatalog> | undefined;
  /** Checks everything (the page's first view and "Check all again"). */
  checkAll(): Promise<void>;
  /** Re-checks one provider and replaces only its card. */
  checkOne(providerId: ProviderId): Promise<void>;
  /** Loads the catalog from the core's memory, or asks the providers for their lists with `refresh`. */
  loadCatalog(refresh?: boolean): Promise<void>;
}

export const useHealth = create<HealthState>()((set, get) => ({
  report: undefined,
  checking: [],
  catalog: undefined,

  async checkAll() {
    await loadInto(
      'health.check',
      () => get().report,
      (report) => set({ report }),
      () => api.call('health.check', {}),
    );
  },

  async checkOne(providerId) {
    set((state) => ({ checking: [...state.checking, providerId] }));
    try {
      const partial = await api.call('health.check', { providerIds: [providerId] });
      set((state) => {
        const current = state.report?.data;
        if (!current || !state.report)
          return { report: { data: partial, error: null, loading: false, stale: false, fetchedAt: Date.now() } };
        // Replaces the providers checked again and adds those checked for the first time (a report begun by one
        // provider's check must take in the next provider's, or that one stays "not checked yet").
        const providers = [
          ...current.providers.map((p) => partial.providers.find((next) => next.providerId === p.providerId) ?? p),
          ...partial.providers.filter((next) => !current.providers.some((p) => p.providerId === next.providerId)),
        ];
        const data: HealthReport = {
          ...partial,
          providers,
          readyToRun:
            partial.database.ok &&
            partial.pythonWorker.status === 'online' &&
            providers.some((p) => p.status === 'connected'),
        };
        return { report: { ...state.report, data, error: null, fetchedAt: Date.now() } };
      });
    } catch {
      // A failed re-check leaves the last report on screen; "Check all again" shows the error in full.
    } finally {
      set((state) => ({ checking: state.checking.filter((id) => id !== providerId) }));
    }
  },

  async loadCatalog(refresh = false) {
    await loadInto(
      'models.list',
      () => get().catalog,
      (catalog) => set({ catalog }),
      () => api.call('models.list', { refresh }),
    );
  },
}));
