/** A definition's family of versions: the newest, all of them, the next one (guarded), archive and delete. */
import {
  DEFINITION_COLUMNS,
  insertDefinition,
  type DefinitionRow,
  type NewDefinitionRow,
  type ScenarioRow,
} from './definitions';
import { immediate, many, one, write, type Sqlite } from './sql';

const FAMILY = 'COALESCE(family_id, id)';

/** Every version of a family, newest first (empty when there is no such family). */
export function familyRows(sqlite: Sqlite, familyId: string): DefinitionRow[] {
  return many<DefinitionRow>(
    sqlite,
    `SELECT ${DEFINITION_COLUMNS} FROM definitions WHERE ${FAMILY} = ? ORDER BY version DESC`,
    familyId,
  );
}

/** The newest version of a family. */
export function latestInFamily(sqlite: Sqlite, familyId: string): DefinitionRow | undefined {
  return one<DefinitionRow>(
    sqlite,
    `SELECT ${DEFINITION_COLUMNS} FROM definitions WHERE ${FAMILY} = ? ORDER BY version DESC LIMIT 1`,
    familyId,
  );
}

export type NextVersionOutcome =
  | { kind: 'saved'; version: number }
  | { kind: 'unchanged'; latest: DefinitionRow }
  | { kind: 'stale'; latest: DefinitionRow }
  | { kind: 'missing' };

/**
 * Stores `row` as the family's next version when `baseVersionId` is still its newest, all in one IMMEDIATE
 * transaction (another process saving at the same moment waits for the lock, then sees the new latest and is refused).
 * The same text as the newest version stores nothing. The row's familyId and version are set here.
 */
export function insertNextVersion(
  sqlite: Sqlite,
  familyId: string,
  baseVersionId: string,
  row: Omit<NewDefinitionRow, 'familyId' | 'version'>,
  scenarios: () => Iterable<Omit<ScenarioRow, 'definitionId'>>,
): NextVersionOutcome {
  return immediate(sqlite, () => {
    const latest = latestInFamily(sqlite, familyId);
    if (!latest) return { kind: 'missing' };
    if (latest.id !== baseVersionId) return { kind: 'stale', latest };
    if (latest.sourceText === row.sourceText) return { kind: 'unchanged', latest };
    const version = latest.version + 1;
    insertDefinition(sqlite, { ...row, familyId: latest.familyId, version }, scenarios());
    // A version saved in an archived family stays archived with it (restoring is a separate, deliberate step).
    if (latest.archivedAt !== null)
      write(sqlite, `UPDATE definitions SET archived_at = ? WHERE id = ?`, latest.archivedAt, row.id);
    return { kind: 'saved', version };
  });
}

/** Archives (iso) or restores (null) every version of a family; returns how many rows changed. */
export function setFamilyArchived(sqlite: Sqlite, familyId: string, iso: string | null): number {
  return write(sqlite, `UPDATE definitions SET archived_at = ? WHERE ${FAMILY} = ?`, iso, familyId);
}

/** Runs (of any kind, test runs too) per version of a family. */
export function familyRunCounts(sqlite: Sqlite, familyId: string): Map<string, number> {
  const rows = many<{ id: string; n: number }>(
    sqlite,
    `SELECT r.definition_id AS id, COUNT(*) AS n FROM runs r JOIN definitions d ON d.id = r.definition_id
      WHERE COALESCE(d.family_id, d.id) = ? GROUP BY r.definition_id`,
    familyId,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

export type DeleteFamilyOutcome = { kind: 'deleted'; versions: number } | { kind: 'inUse'; runs: number };

/** Deletes every version of a family with its scenarios, unless a run uses one (checked in the same transaction). */
export function deleteFamily(sqlite: Sqlite, familyId: string): DeleteFamilyOutcome {
  return immediate(sqlite, () => {
    const runs = [...familyRunCounts(sqlite, familyId).values()].reduce((a, b) => a + b, 0);
    if (runs > 0) return { kind: 'inUse', runs };
    const ids = familyRows(sqlite, familyId).map((r) => r.id);
    for (const id of ids) {
      write(sqlite, `DELETE FROM scenarios WHERE definition_id = ?`, id);
      write(sqlite, `DELETE FROM definitions WHERE id = ?`, id);
    }
    return { kind: 'deleted', versions: ids.length };
  });
}
