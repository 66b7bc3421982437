/** Handlers for providers: settings (base URL, key, never returned after entry) and the model catalog. */
import type { Handlers } from '../../../shared/ipc';
import { PROVIDER_IDS } from '../../../shared/domain';
import type { CoreContext } from '../context';

/** A listing is a cheap GET, but a dead server must not hold the model picker for long. */
const LISTING_TIMEOUT_MS = 5_000;

export function providerHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'providers.list' | 'providers.save' | 'models.list'> {
  return {
    'providers.list': async () => ctx.providers.list(),
    'providers.save': async (input) => ctx.providers.save(input),
    'models.list': async ({ providerId, refresh }) => {
      if (refresh) await ctx.catalog.refresh(providerId ? [providerId] : PROVIDER_IDS, LISTING_TIMEOUT_MS);
      return ctx.catalog.list(providerId);
    },
  };
}
