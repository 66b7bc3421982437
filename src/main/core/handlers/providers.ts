/** Handlers for providers: settings (base URL, key, never returned after entry) and the model catalog. */
import type { Handlers } from '../../../shared/ipc';
import { PROVIDER_IDS } from '../../../shared/domain';
import type { ModelCatalogService } from '../providers/catalog';
import type { ProviderSettingsService } from '../providers/settings';

/** A listing is a cheap GET, but a dead server must not hold the model picker for long. */
const LISTING_TIMEOUT_MS = 5_000;

export function providerHandlers(deps: {
  providers: ProviderSettingsService;
  catalog: ModelCatalogService;
}): Pick<Handlers, 'providers.list' | 'providers.save' | 'models.list'> {
  const { providers, catalog } = deps;
  return {
    'providers.list': async () => providers.list(),
    'providers.save': async (input) => providers.save(input),
    'models.list': async ({ providerId, refresh }) => {
      if (refresh) await catalog.refresh(providerId ? [providerId] : PROVIDER_IDS, LISTING_TIMEOUT_MS);
      return catalog.list(providerId);
    },
  };
}
