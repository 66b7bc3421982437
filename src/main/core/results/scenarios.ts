/**
 * The per-scenario breakdown of a run, one page at a time straight from SQLite: each scenario's dimension values and,
 * for every model (or one), the job's outcome — the decision when it answered, the error class when it failed.
 */
import type { DimensionValue } from '../../../shared/domain';
import type { ScenarioCell, ScenarioResultRow, ScenarioResultsPage } from '../../../shared/results';
import { runScenarioCount, runScenarioPage, scenarioCells } from '../store/results';
import type { Sqlite } from '../store/sql';
import { loadRunInfo, parseDimensions } from './run-info';

export interface ScenarioPageInput {
  runId: string;
  modelKey?: string;
  offset: number;
  limit: number;
}

export function scenarioResults(sqlite: Sqlite, input: ScenarioPageInput): ScenarioResultsPage {
  const info = loadRunInfo(sqlite, input.runId);
  // The unique (run, scenario, model) job index answers both the count and the EXISTS without touching transcripts.
  const total = runScenarioCount(sqlite, input.runId, input.modelKey);
  const scenarios = runScenarioPage(sqlite, { ...input, definitionId: info.definitionId });
  const cells =
    scenarios.length === 0
      ? []
      : scenarioCells(
          sqlite,
          input.runId,
          scenarios.map((s) => s.scenarioId),
          input.modelKey,
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
