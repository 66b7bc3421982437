/** Routes `preferences.*`: the app's own Settings (sleep blocker, Python path, cost confirmation threshold). */
import { emptyInput, defineRoute } from './define-route';
import { preferencesPatchSchema, type Preferences } from '../preferences';

export const preferenceRoutes = {
  'preferences.get': defineRoute<Preferences>()(emptyInput),
  /** Saves the fields given and answers every preference as it now stands. */
  'preferences.save': defineRoute<Preferences>()(preferencesPatchSchema),
} as const;
