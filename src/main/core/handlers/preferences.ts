/** Handlers for the app's own Settings (preferences/service.ts owns the rules). */
import type { Handlers } from '../../../shared/ipc';
import type { PreferencesService } from '../preferences/service';

export function preferenceHandlers(
  preferences: PreferencesService,
): Pick<Handlers, 'preferences.get' | 'preferences.save'> {
  return {
    'preferences.get': async () => preferences.read(),
    'preferences.save': (patch) => preferences.save(patch),
  };
}
