/**
 * Two runs of one definition side by side (typically a run and its re-run against another model version): each model
 * paired with its counterpart, both decision distributions, and the scenarios whose decision flipped, paged in SQL.
 */
import type Database from 'better-sqlite3';
import type { DimensionValue, ModelRef, RunSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ComparedModel, FlippedScenario, RunComparison } from '../../../shared/results';
import { loadRunInfo, parseDimensions } from './run-info';
import { resultsSummary } from './summary';

export interface ModelPair {
  label: string;
  a: string | null;
  b: string | null;
}

interface Keyed {
  key: string;
  model: ModelRef;
}

/**
 * Pairs the models of two runs: identical keys first, then the same provider and model id in configured order (a
 * re-run changes the version, so `openai:gpt-4o` pairs with `openai:gpt-4o@gpt-4o-2024-11-20`); the rest stand alone.
 */
export function pairModels(a: Keyed[], b: Keyed[]): ModelPair[] {
  const base = (m: Keyed): string => `${m.model.providerId}:${m.model.modelId}`;
  const pairs: ModelPair[] = [];
  const leftB = [...b];
  const unmatchedA: Keyed[] = [];
  for (const model of a) {
    const index = leftB.findIndex((other) => other.key === model.key);
    if (index >= 0) {
      pairs.push({ label: model.key, a: model.key, b: model.key });
      leftB.splice(index, 1);
    } else unmatchedA.push(model);
  }
  for (const model of unmatchedA) {
    const index = leftB.findIndex((other) => base(other) === base(model));
    if (index >= 0) {
      pairs.push({ label: base(model), a: model.key, b: leftB[index]!.key });
      leftB.splice(index, 1);
    } else pairs.push({ label: model.key, a: model.key, b: null });
  }
  for (const model of leftB) pairs.push({ label: model.key, a: null, b: model.key });
  return pairs;
}

interface FlipRow {
  pairIndex: number;
  scenarioId: string;
  dimensionsJson: string | null;
  aKey: string;
  aId: string;
  aScore: number | null;
  aDecision: string;
  bKey: string;
  bId: string;
  bScore: number | null;
  bDecision: string;
}

const PAIR_SQL = `FROM transcripts a
  JOIN transcripts b ON b.run_id = @runB AND b.scenario_id = a.scenario_id AND b.model_key = @keyB
  WHERE a.run_id = @runA AND a.model_key = @keyA`;

export function compareRuns(
  sqlite: Database.Database,
  summaryOf: (runId: string) => RunSummary,
  input: { runA: string; runB: string; offset: number; limit: number },
): RunComparison {
  const infoA = loadRunInfo(sqlite, input.runA);
  const infoB = loadRunInfo(sqlite, input.runB);
  if (infoA.definitionId !== infoB.definitionId) {
    throw new AppError('VALIDATION', 'These runs use different definitions, so their scenarios cannot be compared.');
  }
  const summaryA = resultsSummary(sqlite, input.runA);
  const summaryB = resultsSummary(sqlite, input.runB);
  const pairs = pairModels(infoA.models, infoB.models);
  const models: ComparedModel[] = pairs.map((pair) => ({
    label: pair.label,
    a: summaryA.models.find((m) => m.modelKey === pair.a) ?? null,
    b: summaryB.models.find((m) => m.modelKey === pair.b) ?? null,
  }));

  const both = pairs.map((pair, pairIndex) => ({ ...pair, pairIndex })).filter((p) => p.a !== null && p.b !== null);
  let flippedTotal = 0;
  let comparedTotal = 0;
  const countStatement = sqlite.prepare(
    `SELECT COUNT(*) AS compared, COALESCE(SUM(a.decision IS NOT b.decision), 0) AS flipped ${PAIR_SQL}`,
  );
  for (const pair of both) {
    const counts = countStatement.get({ runA: input.runA, runB: input.runB, keyA: pair.a, keyB: pair.b }) as {
      compared: number;
      flipped: number;
    };
    comparedTotal += counts.compared;
    flippedTotal += counts.flipped;
  }
  const flipped = both.length === 0 ? [] : flippedPage(sqlite, input, infoA.definitionId, both);
  return {
    runA: summaryOf(input.runA),
    runB: summaryOf(input.runB),
    scale: summaryA.scale,
    models,
    flippedTotal,
    comparedTotal,
    flipped: flipped.map((row): FlippedScenario => ({
      scenarioId: row.scenarioId,
      dimensions: parseDimensions<DimensionValue>(row.dimensionsJson),
      pairLabel: pairs[row.pairIndex]?.label ?? row.aKey,
      a: { modelKey: row.aKey, transcriptId: row.aId, score: row.aScore, decision: row.aDecision },
      b: { modelKey: row.bKey, transcriptId: row.bId, score: row.bScore, decision: row.bDecision },
    })),
  };
}

function flippedPage(
  sqlite: Database.Database,
  input: { runA: string; runB: string; offset: number; limit: number },
  definitionId: string,
  pairs: (ModelPair & { pairIndex: number })[],
): FlipRow[] {
  // One UNION ALL branch per model pair, so a single ORDER BY/LIMIT pages across all of them.
  const branches = pairs.map(
    (pair) => `SELECT ${pair.pairIndex} AS pairIndex, a.scenario_id AS scenarioId, s.ordinal AS ordinal,
      s.dimensions_json AS dimensionsJson, a.model_key AS aKey, a.id AS aId, a.score AS aScore, a.decision AS aDecision,
      b.model_key AS bKey, b.id AS bId, b.score AS bScore, b.decision AS bDecision
      FROM transcripts a
      JOIN transcripts b ON b.run_id = @runB AND b.scenario_id = a.scenario_id AND b.model_key = @keyB${pair.pairIndex}
      LEFT JOIN scenarios s ON s.definition_id = @definitionId AND s.id = a.scenario_id
      WHERE a.run_id = @runA AND a.model_key = @keyA${pair.pairIndex} AND a.decision IS NOT b.decision`,
  );
  const params: Record<string, string | number> = {
    runA: input.runA,
    runB: input.runB,
    definitionId,
    limit: input.limit,
    offset: input.offset,
  };
  for (const pair of pairs) {
    params[`keyA${pair.pairIndex}`] = pair.a as string;
    params[`keyB${pair.pairIndex}`] = pair.b as string;
  }
  return sqlite
    .prepare(`${branches.join(' UNION ALL ')} ORDER BY pairIndex, ordinal, scenarioId LIMIT @limit OFFSET @offset`)
    .all(params) as FlipRow[];
}
