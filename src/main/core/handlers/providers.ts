/** Handlers for providers: settings (base URL, key), with keys never returned after entry. */
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';

export function providerHandlers(ctx: CoreContext): Pick<Handlers, 'providers.list' | 'providers.save'> {
  return {
    'providers.list': async () => ctx.providers.list(),
    'providers.save': async (input) => ctx.providers.save(input),
  };
}
