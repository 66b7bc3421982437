/** Studies (issue 25): a name and notes over a set of runs and definitions; every statement about them. */
import { AppError } from '../../../shared/errors';
import type { Study } from '../../../shared/ipc';
import { immediate, many, one, write, type Sqlite } from './sql';

/** A study with its member counts, as the routes answer it. */
export type StudyRow = Study;

const STUDY_COLUMNS = `s.id, s.name, s.notes, s.created_at AS createdAt, s.updated_at AS updatedAt,
  (SELECT COUNT(*) FROM study_runs r WHERE r.study_id = s.id) AS runCount,
  (SELECT COUNT(*) FROM study_definitions d WHERE d.study_id = s.id) AS definitionCount`;

const studyNotFound = (id: string): AppError => new AppError('NOT_FOUND', `No study with id ${id}`);

export function insertStudy(sqlite: Sqlite, row: { id: string; name: string; notes: string; at: string }): void {
  write(
    sqlite,
    `INSERT INTO studies (id, name, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    row.id,
    row.name,
    row.notes,
    row.at,
    row.at,
  );
}

export function updateStudy(sqlite: Sqlite, id: string, change: { name?: string; notes?: string }, at: string): void {
  const changed = write(
    sqlite,
    `UPDATE studies SET name = COALESCE(?, name), notes = COALESCE(?, notes), updated_at = ? WHERE id = ?`,
    change.name ?? null,
    change.notes ?? null,
    at,
    id,
  );
  if (changed === 0) throw studyNotFound(id);
}

/** Deletes the study and its memberships; its runs and definitions stay. */
export function deleteStudy(sqlite: Sqlite, id: string): void {
  if (write(sqlite, `DELETE FROM studies WHERE id = ?`, id) === 0) throw studyNotFound(id);
}

export function studyRows(sqlite: Sqlite): StudyRow[] {
  return many<StudyRow>(sqlite, `SELECT ${STUDY_COLUMNS} FROM studies s ORDER BY s.updated_at DESC, s.id`);
}

export function studyRow(sqlite: Sqlite, id: string): StudyRow {
  const row = one<StudyRow>(sqlite, `SELECT ${STUDY_COLUMNS} FROM studies s WHERE s.id = ?`, id);
  if (!row) throw studyNotFound(id);
  return row;
}

type Member = 'runs' | 'definitions';
const MEMBER = {
  runs: { table: 'study_runs', column: 'run_id', owner: 'runs', noun: 'run' },
  definitions: { table: 'study_definitions', column: 'definition_id', owner: 'definitions', noun: 'definition' },
} as const;

/** Adds members in one transaction; every id must exist (nothing is added otherwise). Already present: unchanged. */
export function addStudyMembers(
  sqlite: Sqlite,
  studyId: string,
  kind: Member,
  ids: readonly string[],
  at: string,
): number {
  const m = MEMBER[kind];
  return immediate(sqlite, () => {
    studyRow(sqlite, studyId);
    let added = 0;
    for (const id of ids) {
      if (!one(sqlite, `SELECT 1 AS x FROM ${m.owner} WHERE id = ?`, id))
        throw new AppError('NOT_FOUND', `No ${m.noun} with id ${id}`);
      added += write(
        sqlite,
        `INSERT OR IGNORE INTO ${m.table} (study_id, ${m.column}, added_at) VALUES (?, ?, ?)`,
        studyId,
        id,
        at,
      );
    }
    write(sqlite, `UPDATE studies SET updated_at = ? WHERE id = ?`, at, studyId);
    return added;
  });
}

export function removeStudyMembers(
  sqlite: Sqlite,
  studyId: string,
  kind: Member,
  ids: readonly string[],
  at: string,
): number {
  const m = MEMBER[kind];
  return immediate(sqlite, () => {
    studyRow(sqlite, studyId);
    let removed = 0;
    for (const id of ids)
      removed += write(sqlite, `DELETE FROM ${m.table} WHERE study_id = ? AND ${m.column} = ?`, studyId, id);
    write(sqlite, `UPDATE studies SET updated_at = ? WHERE id = ?`, at, studyId);
    return removed;
  });
}

/** The study's run ids, oldest membership first. */
export function studyRunIds(sqlite: Sqlite, studyId: string): string[] {
  return many<{ id: string }>(
    sqlite,
    `SELECT run_id AS id FROM study_runs WHERE study_id = ? ORDER BY added_at, run_id`,
    studyId,
  ).map((r) => r.id);
}

export function studyDefinitionIds(sqlite: Sqlite, studyId: string): string[] {
  return many<{ id: string }>(
    sqlite,
    `SELECT definition_id AS id FROM study_definitions WHERE study_id = ? ORDER BY added_at, definition_id`,
    studyId,
  ).map((r) => r.id);
}

/** The studies a run belongs to (the run page shows them). */
export function studiesOfRun(sqlite: Sqlite, runId: string): { id: string; name: string }[] {
  return many(
    sqlite,
    `SELECT s.id, s.name FROM study_runs r JOIN studies s ON s.id = r.study_id WHERE r.run_id = ? ORDER BY s.name`,
    runId,
  );
}
