/** Definitions, their expanded scenarios and the content-addressed snapshots runs point at. */
import { transaction, many, one, write, type Sqlite } from './sql';

export interface DefinitionRow {
  id: string;
  name: string;
  contentJson: string;
  contentHash: string;
  sourceFileName: string | null;
  createdAt: string;
  lastAccessedAt: string | null;
  /** The family (its first version's id; a row from before versions is its own family). */
  familyId: string;
  version: number;
  /** The exact text written, or null on rows imported before texts were kept. */
  sourceText: string | null;
  sourceFormat: 'yaml' | 'json' | null;
  archivedAt: string | null;
}

/** What a new row stores (family, version and source always given). */
export type NewDefinitionRow = Omit<DefinitionRow, 'lastAccessedAt' | 'archivedAt'>;

export interface ScenarioRow {
  definitionId: string;
  id: string;
  ordinal: number;
  dimensionsJson: string;
  prompt: string;
  /** Counterbalancing labels (null: canonical, or not varied). */
  wording?: string | null;
  scaleOrder?: string | null;
}

export const DEFINITION_COLUMNS = `id, name, content_json AS contentJson, content_hash AS contentHash,
  source_file_name AS sourceFileName, created_at AS createdAt, last_accessed_at AS lastAccessedAt,
  COALESCE(family_id, id) AS familyId, version, source_text AS sourceText, source_format AS sourceFormat,
  archived_at AS archivedAt`;

export function definitionRow(sqlite: Sqlite, id: string): DefinitionRow | undefined {
  return one<DefinitionRow>(sqlite, `SELECT ${DEFINITION_COLUMNS} FROM definitions WHERE id = ?`, id);
}

export function definitionIdByHash(sqlite: Sqlite, hash: string): string | null {
  // The same content may be in several families (a duplicate kept its content): the first one stored answers.
  return (
    one<{ id: string }>(
      sqlite,
      `SELECT id FROM definitions WHERE content_hash = ? ORDER BY created_at, id LIMIT 1`,
      hash,
    )?.id ?? null
  );
}

/** The newest version of each family, most recently saved first; archived families only when asked. */
export function latestDefinitionRows(sqlite: Sqlite, includeArchived: boolean): DefinitionRow[] {
  return many<DefinitionRow>(
    sqlite,
    `SELECT ${DEFINITION_COLUMNS} FROM definitions d
      WHERE NOT EXISTS (SELECT 1 FROM definitions n
        WHERE COALESCE(n.family_id, n.id) = COALESCE(d.family_id, d.id) AND n.version > d.version)
        AND (@includeArchived = 1 OR d.archived_at IS NULL)
      ORDER BY d.created_at DESC, d.id`,
    { includeArchived: includeArchived ? 1 : 0 },
  );
}

/** Stores a definition and every scenario of it in one transaction. */
export function insertDefinition(
  sqlite: Sqlite,
  row: NewDefinitionRow,
  scenarios: Iterable<Omit<ScenarioRow, 'definitionId'>>,
): void {
  transaction(sqlite, () => {
    write(
      sqlite,
      `INSERT INTO definitions (id, name, content_json, content_hash, source_file_name, created_at, family_id, version,
          source_text, source_format)
        VALUES (@id, @name, @contentJson, @contentHash, @sourceFileName, @createdAt, @familyId, @version, @sourceText,
          @sourceFormat)`,
      { ...row },
    );
    for (const s of scenarios) {
      // Counterbalancing columns only when the scenario has labels: a plain definition's insert stays as it was.
      const labelled = (s.wording ?? null) !== null || (s.scaleOrder ?? null) !== null;
      write(
        sqlite,
        labelled
          ? `INSERT INTO scenarios (definition_id, id, ordinal, dimensions_json, prompt, wording, scale_order)
              VALUES (@definitionId, @id, @ordinal, @dimensionsJson, @prompt, @wording, @scaleOrder)`
          : `INSERT INTO scenarios (definition_id, id, ordinal, dimensions_json, prompt)
              VALUES (@definitionId, @id, @ordinal, @dimensionsJson, @prompt)`,
        labelled
          ? { definitionId: row.id, ...s, wording: s.wording ?? null, scaleOrder: s.scaleOrder ?? null }
          : { definitionId: row.id, id: s.id, ordinal: s.ordinal, dimensionsJson: s.dimensionsJson, prompt: s.prompt },
      );
    }
  });
}

export function stampDefinitionUsed(sqlite: Sqlite, id: string, iso: string): void {
  write(sqlite, `UPDATE definitions SET last_accessed_at = ? WHERE id = ?`, iso, id);
}

/** Scenarios with ordinal in [offset, offset + limit), in order. */
export function scenarioRows(sqlite: Sqlite, definitionId: string, offset: number, limit: number): ScenarioRow[] {
  return many<ScenarioRow>(
    sqlite,
    `SELECT definition_id AS definitionId, id, ordinal, dimensions_json AS dimensionsJson, prompt FROM scenarios
      WHERE definition_id = ? AND ordinal >= ? AND ordinal < ? ORDER BY ordinal`,
    definitionId,
    offset,
    offset + limit,
  );
}

/** Every scenario id of a definition, in order. */
export function scenarioIds(sqlite: Sqlite, definitionId: string): string[] {
  return many<{ id: string }>(
    sqlite,
    `SELECT id FROM scenarios WHERE definition_id = ? ORDER BY ordinal`,
    definitionId,
  ).map((s) => s.id);
}
