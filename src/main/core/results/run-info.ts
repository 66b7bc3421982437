/** What every results query needs to know about a run first, from the store's one `loadRun`. */
import { modelKey, type ModelRef, type ScaleEntry } from '../../../shared/domain';
import { loadRun } from '../store/runs';
import type { Sqlite } from '../store/sql';

export interface RunInfo {
  id: string;
  definitionId: string;
  snapshotHash: string;
  /** The configured models in the order the run was created with, keyed as jobs and transcripts key them. */
  models: { key: string; model: ModelRef }[];
  /** The decision scale of the definition snapshot the run used (not of today's definition). */
  scale: ScaleEntry[];
  /** How many times each scenario was asked of each model (1 for runs stored before repeated samples). */
  samples: number;
}

export function loadRunInfo(sqlite: Sqlite, runId: string): RunInfo {
  // A snapshot that no longer parses (an older schema) still has results worth showing, just without scale labels.
  const { row, config, scale } = loadRun(sqlite, runId);
  return {
    id: row.id,
    definitionId: row.definitionId,
    snapshotHash: row.snapshotHash,
    models: config.models.map((model) => ({ key: modelKey(model), model })),
    scale,
    samples: config.options.samples,
  };
}

/** Decodes a scenario's stored dimension values; a scenario row that vanished yields no dimensions, not an error. */
export function parseDimensions<T>(json: string | null): Record<string, T> {
  if (!json) return {};
  return JSON.parse(json) as Record<string, T>;
}
