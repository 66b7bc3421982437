/** What every results query needs to know about a run first: its definition, snapshot scale and configured models. */
import type Database from 'better-sqlite3';
import { definitionContentSchema, modelKey, type ModelRef, type ScaleEntry } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { resolveScale } from '../definitions/expand';
import { parseRunConfig } from '../runs/config';

export interface RunInfo {
  id: string;
  definitionId: string;
  snapshotHash: string;
  /** The configured models in the order the run was created with, keyed as jobs and transcripts key them. */
  models: { key: string; model: ModelRef }[];
  /** The decision scale of the definition snapshot the run used (not of today's definition). */
  scale: ScaleEntry[];
}

export function loadRunInfo(sqlite: Database.Database, runId: string): RunInfo {
  const row = sqlite
    .prepare(
      `SELECT r.id, r.definition_id AS definitionId, r.snapshot_hash AS snapshotHash, r.config_json AS configJson,
        s.content_json AS snapshotJson
       FROM runs r JOIN definition_snapshots s ON s.hash = r.snapshot_hash WHERE r.id = ?`,
    )
    .get(runId) as
    { id: string; definitionId: string; snapshotHash: string; configJson: string; snapshotJson: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const config = parseRunConfig(row.configJson);
  // A snapshot that no longer parses (an older schema) still has results worth showing, just without scale labels.
  const content = definitionContentSchema.safeParse(JSON.parse(row.snapshotJson));
  return {
    id: row.id,
    definitionId: row.definitionId,
    snapshotHash: row.snapshotHash,
    models: config.models.map((model) => ({ key: modelKey(model), model })),
    scale: content.success ? [...resolveScale(content.data)].sort((a, b) => a.code - b.code) : [],
  };
}

/** Decodes a scenario's stored dimension values; a scenario row that vanished yields no dimensions, not an error. */
export function parseDimensions<T>(json: string | null): Record<string, T> {
  if (!json) return {};
  return JSON.parse(json) as Record<string, T>;
}
