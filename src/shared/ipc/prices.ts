/** Routes `prices.*`: the price table (built-in prices and the researcher's own), edited in Settings. */
import { priceKeySchema, priceSaveSchema, type ModelPrice } from '../prices';
import { defineRoute, emptyInput } from './define-route';

export const priceRoutes = {
  /** Every price in effect: built-in ones, and the researcher's, which override a built-in price for the same model. */
  'prices.list': defineRoute<ModelPrice[]>()(emptyInput),
  /** Adds or replaces the researcher's price for a model (and version), recorded today; answers the table. */
  'prices.save': defineRoute<ModelPrice[]>()(priceSaveSchema),
  /** Removes the researcher's price (a built-in price for the same model applies again); answers the table. */
  'prices.remove': defineRoute<ModelPrice[]>()(priceKeySchema),
} as const;
