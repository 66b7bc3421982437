/** Handlers for the price table in Settings: list, save (recorded today) and remove the researcher's prices. */
import type { Handlers } from '../../../shared/ipc';
import type { PriceService } from '../providers/prices';

export function priceHandlers(prices: PriceService): Pick<Handlers, 'prices.list' | 'prices.save' | 'prices.remove'> {
  return {
    'prices.list': async () => prices.list(),
    'prices.save': async (price) => prices.save(price),
    'prices.remove': async (key) => prices.remove(key),
  };
}
