/**
 * Handlers for the app's own Settings: read them, save a patch (a Python path is checked first and applied to the
 * worker pool once saved), and tell the front doors what changed.
 */
import type { Handlers } from '../../../shared/ipc';
import type { Preferences } from '../../../shared/preferences';
import type { PythonSetting } from '../python/python-setting';
import { readPreferences, savePreferences } from '../store/preferences';
import type { Sqlite } from '../store/sql';

export function preferenceHandlers(deps: {
  sqlite: Sqlite;
  python: Pick<PythonSetting, 'validate' | 'apply'>;
  changed: (preferences: Preferences) => void;
}): Pick<Handlers, 'preferences.get' | 'preferences.save'> {
  return {
    'preferences.get': async () => readPreferences(deps.sqlite),
    'preferences.save': async (patch) => {
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
