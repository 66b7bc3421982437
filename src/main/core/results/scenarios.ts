/**
 * The per-scenario breakdown of a run, one page at a time straight from SQLite: each scenario's dimension values and,
 * for every model (or one), the job's outcome — the decision when it answered, the error class when it failed.
 */
import type Database from 'better-sqlite3';
import type { DimensionValue } from '../../../shared/domain';
import type { ScenarioCell, ScenarioResultRow, ScenarioResultsPage } from '../../../shared/results';
import { loadRunInfo, parseDimensions } from './run-info';

export interface ScenarioPageInput {
  runId: string;
  modelKey?: string;
  offset: number;
  limit: number;
}

interface CellRow extends ScenarioCell {
  scenarioId: string;
}

export function scenarioResults(sqlite: Database.Database, input: ScenarioPageInput): ScenarioResultsPage {
  const info = loadRunInfo(sqlite, input.runId);
  const modelFilter = input.modelKey ? 'AND j.model_key = @modelKey' : '';
  const params = { runId: input.runId, definitionId: info.definitionId, modelKey: input.modelKey ?? null };
  // The unique (run, scenario, model) job index answers both the count and the EXISTS without touching transcripts.
  const { total } = sqlite
    .prepare(`SELECT COUNT(DISTINCT j.scenario_id) AS total FROM jobs j WHERE j.run_id = @runId ${modelFilter}`)
    .get(params) as { total: number };
  const scenarios = sqlite
    .prepare(
      `SELECT s.id AS scenarioId, s.ordinal, s.dimensions_json AS dimensionsJson FROM scenarios s
       WHERE s.definition_id = @definitionId
         AND EXISTS (SELECT 1 FROM jobs j WHERE j.run_id = @runId AND j.scenario_id = s.id ${modelFilter})
       ORDER BY s.ordinal LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset }) as {
    scenarioId: string;
    ordinal: number;
    dimensionsJson: string;
  }[];

  const cells =
    scenarios.length === 0
      ? []
      : loadCells(
          sqlite,
          input,
          scenarios.map((s) => s.scenarioId),
        );
  const byScenario = new Map<string, ScenarioCell[]>();
  for (const { scenarioId, ...cell } of cells) {
    const list = byScenario.get(scenarioId) ?? [];
    list.push(cell);
    byScenario.set(scenarioId, list);
  }
  const order = new Map(info.models.map((m, index) => [m.key, index]));
  const rank = (key: string): number => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  const rows: ScenarioResultRow[] = scenarios.map((s) => ({
    scenarioId: s.scenarioId,
    ordinal: s.ordinal,
    dimensions: parseDimensions<DimensionValue>(s.dimensionsJson),
    cells: (byScenario.get(s.scenarioId) ?? []).sort((a, b) => rank(a.modelKey) - rank(b.modelKey)),
  }));
  const modelKeys = input.modelKey ? [input.modelKey] : info.models.map((m) => m.key);
  const firstDimensions = rows[0]?.dimensions ?? {};
  return {
    total,
    offset: input.offset,
    limit: input.limit,
    dimensionNames: Object.keys(firstDimensions),
    modelKeys,
    rows,
  };
}

function loadCells(sqlite: Database.Database, input: ScenarioPageInput, scenarioIds: string[]): CellRow[] {
  const placeholders = scenarioIds.map(() => '?').join(', ');
  const modelFilter = input.modelKey ? 'AND j.model_key = ?' : '';
  return sqlite
    .prepare(
      `SELECT j.scenario_id AS scenarioId, j.model_key AS modelKey, j.status AS jobStatus, t.id AS transcriptId,
        t.score, t.decision, t.reported_model_version AS reportedModelVersion,
        CASE WHEN j.status = 'failed' THEN COALESCE(json_extract(j.last_error_json, '$.code'), 'UNKNOWN') END AS errorCode
       FROM jobs j LEFT JOIN transcripts t ON t.job_id = j.id
       WHERE j.run_id = ? AND j.scenario_id IN (${placeholders}) ${modelFilter}`,
    )
    .all(input.runId, ...scenarioIds, ...(input.modelKey ? [input.modelKey] : [])) as CellRow[];
}
