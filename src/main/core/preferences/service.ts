/**
 * The app's own Settings: read them, save a patch (a Python path is checked before anything is written and applied to
 * the worker pool once saved), and tell the front doors what changed.
 */
import type { Preferences, PreferencesPatch } from '../../../shared/preferences';
import type { PythonSetting } from '../python/python-setting';
import { readPreferences, savePreferences } from '../store/preferences';
import type { Sqlite } from '../store/sql';

export interface PreferencesService {
  read(): Preferences;
  save(patch: PreferencesPatch): Promise<Preferences>;
}

export function createPreferencesService(deps: {
  sqlite: Sqlite;
  python: Pick<PythonSetting, 'validate' | 'apply'>;
  changed: (preferences: Preferences) => void;
}): PreferencesService {
  return {
    read: () => readPreferences(deps.sqlite),
    async save(patch) {
      const pythonChanged = patch.pythonPath !== undefined;
      // A path that does not run, or runs a Python older than 3.10, is refused before anything is written.
      if (pythonChanged) await deps.python.validate(patch.pythonPath ?? null);
      const preferences = savePreferences(deps.sqlite, patch, new Date().toISOString());
      if (pythonChanged) await deps.python.apply(preferences.pythonPath);
      deps.changed(preferences);
      return preferences;
    },
  };
}
