/** Provider settings: base URLs and key status, never the keys themselves. */
import { create } from 'zustand';
import type { RouteInput } from '@shared/ipc';
import type { ProviderSettingsView } from '@shared/domain';
import { api } from '../api/client';
import { loadInto, type Loadable } from './loadable';

interface ProvidersState {
  providers: Loadable<ProviderSettingsView[]> | undefined;
  loadProviders(): Promise<void>;
  /** Saves a provider's base URL and/or key (null removes the key); throws an ApiError on refusal. */
  save(input: RouteInput<'providers.save'>): Promise<ProviderSettingsView>;
}

export const useProviders = create<ProvidersState>()((set, get) => ({
  providers: undefined,

  async loadProviders() {
    await loadInto(
      'providers.list',
      () => get().providers,
      (providers) => set({ providers }),
      () => api.call('providers.list', {}),
    );
  },

  async save(input) {
    const saved = await api.call('providers.save', input);
    set((state) => {
      const current = state.providers;
      if (!current?.data) return {};
      const data = current.data.map((provider) => (provider.providerId === saved.providerId ? saved : provider));
      return { providers: { ...current, data } };
    });
    return saved;
  },
}));

/** A provider can be used when it needs no key or has one from settings or the environment. */
export function isProviderReady(provider: ProviderSettingsView): boolean {
  return !provider.keyRequired || provider.keySource !== 'none';
}
