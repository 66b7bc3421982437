/** The app's preferences, one row per field: a field never saved, or saved by a build that no longer parses it, reads as its default. */
import {
  DEFAULT_PREFERENCES,
  PREFERENCE_KEYS,
  preferenceFields,
  type PreferenceKey,
  type Preferences,
  type PreferencesPatch,
} from '../../../shared/preferences';
import { immediate, many, write, type Sqlite } from './sql';

function isPreferenceKey(key: string): key is PreferenceKey {
  return (PREFERENCE_KEYS as string[]).includes(key);
}

export function readPreferences(sqlite: Sqlite): Preferences {
  const rows = many<{ key: string; valueJson: string }>(
    sqlite,
    `SELECT key, value_json AS valueJson FROM app_preferences`,
  );
  const merged: Record<string, unknown> = { ...DEFAULT_PREFERENCES };
  for (const row of rows) {
    if (!isPreferenceKey(row.key)) continue;
    let value: unknown;
    try {
      value = JSON.parse(row.valueJson);
    } catch {
      continue;
    }
    const parsed = preferenceFields[row.key].safeParse(value);
    if (parsed.success) merged[row.key] = parsed.data;
  }
  return merged as Preferences;
}

/** Writes the fields the patch names in one transaction and answers every preference as it now stands. */
export function savePreferences(sqlite: Sqlite, patch: PreferencesPatch, now: string): Preferences {
  immediate(sqlite, () => {
    for (const key of PREFERENCE_KEYS) {
      if (!(key in patch) || patch[key] === undefined) continue;
      write(
        sqlite,
        `INSERT INTO app_preferences (key, value_json, updated_at) VALUES (?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
        key,
        JSON.stringify(patch[key]),
        now,
      );
    }
  });
  return readPreferences(sqlite);
}
