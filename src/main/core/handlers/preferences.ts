/** Handlers for the app's own Settings: read them, save a patch, and tell the front doors what changed. */
import type { Handlers } from '../../../shared/ipc';
import type { Preferences } from '../../../shared/preferences';
import { readPreferences, savePreferences } from '../store/preferences';
import type { Sqlite } from '../store/sql';

export function preferenceHandlers(deps: {
  sqlite: Sqlite;
  changed: (preferences: Preferences) => void;
}): Pick<Handlers, 'preferences.get' | 'preferences.save'> {
  return {
    'preferences.get': async () => readPreferences(deps.sqlite),
    'preferences.save': async (patch) => {
      const preferences = savePreferences(deps.sqlite, patch, new Date().toISOString());
      deps.changed(preferences);
      return preferences;
    },
  };
}
