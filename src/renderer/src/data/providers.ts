/** Provider settings as pages read them: base URLs and key status, never the keys themselves; saving one. */
import type { ProviderSettingsView } from '@shared/domain';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

export function useProviders(): RouteResult<'providers.list'> {
  return useRoute('providers.list', {});
}

/** Saves a provider's base URL, key (null removes it) or parallel requests; the list shows the saved provider. */
export function useSaveProvider(): Mutation<'providers.save'> {
  return useMutation('providers.save', { refreshes: ['providers.list', 'models.list'] });
}

/** A provider can be used when it needs no key or has one from settings or the environment. */
export function isProviderReady(provider: ProviderSettingsView): boolean {
  return !provider.keyRequired || provider.keySource !== 'none';
}
