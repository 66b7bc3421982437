/** The one read the editor's preview needs from storage: the models of a definition family's most recent run. */
import type { ModelRef } from '../../../shared/domain';
import { parseRunConfig } from './run-config';
import { one, type Sqlite } from './sql';

/** Models of the newest research run of any version in the family of `definitionId`; empty when it has none. */
export function lastRunModels(sqlite: Sqlite, definitionId: string): ModelRef[] {
  const row = one<{ configJson: string }>(
    sqlite,
    `SELECT r.config_json AS configJson FROM runs r JOIN definitions d ON d.id = r.definition_id
      WHERE COALESCE(d.family_id, d.id) = (SELECT COALESCE(family_id, id) FROM definitions WHERE id = ?)
        AND r.run_type <> 'test'
      ORDER BY r.created_at DESC, r.id DESC LIMIT 1`,
    definitionId,
  );
  return row ? parseRunConfig(row.configJson).models : [];
}
