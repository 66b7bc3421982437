/**
 * The per-scenario breakdown of a run, one page at a time straight from SQLite: each scenario's dimension values and,
 * for every model (or one), the job's outcome — the decision when it answered, the error class when it failed.
 */
import type { DimensionValue } from '../../../shared/domain';
import type {
  ScenarioCell,
  ScenarioConsistency,
  ScenarioResultRow,
  ScenarioResultsPage,
} from '../../../shared/results';
import { scenarioModes } from '../store/consistency';
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
  // The unique (run, scenario, model, sample) job index answers both the count and the EXISTS without touching transcripts.
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
  // With repeated samples, each scenario × model also gets its mode, consistency and spread (one query per page).
  const modes = new Map<string, ScenarioConsistency[]>();
  if (info.samples > 1) {
    const ids = scenarios.map((s) => s.scenarioId);
    for (const { scenarioId, tied, ...mode } of scenarioModes(sqlite, input.runId, ids, input.modelKey)) {
      const list = modes.get(scenarioId) ?? [];
      list.push({ ...mode, tied: tied === 1 });
      modes.set(scenarioId, list);
    }
  }
  const order = new Map(info.models.map((m, index) => [m.key, index]));
  const rank = (key: string): number => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  const rows: ScenarioResultRow[] = scenarios.map((s) => ({
    scenarioId: s.scenarioId,
    ordinal: s.ordinal,
    dimensions: parseDimensions<DimensionValue>(s.dimensionsJson),
    cells: (byScenario.get(s.scenarioId) ?? []).sort(
      (a, b) => rank(a.modelKey) - rank(b.modelKey) || a.sample - b.sample,
    ),
    consistency: (modes.get(s.scenarioId) ?? []).sort((a, b) => rank(a.modelKey) - rank(b.modelKey)),
  }));
  const modelKeys = input.modelKey ? [input.modelKey] : info.models.map((m) => m.key);
  const firstDimensions = rows[0]?.dimensions ?? {};
  return {
    samples: info.samples,
    total,
    offset: input.offset,
    limit: input.limit,
    dimensionNames: Object.keys(firstDimensions),
    modelKeys,
    rows,
  };
}
