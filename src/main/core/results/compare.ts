/**
 * Two runs of one definition side by side (typically a run and its re-run against another model version): each model
 * paired with its counterpart, both decision distributions, and the scenarios whose decision flipped, paged in SQL.
 */
import type { DimensionValue, ModelRef, RunSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ComparedModel, FlippedScenario, RunComparison } from '../../../shared/results';
import { flippedPage, pairCounts, type ComparedPair } from '../store/results';
import type { Sqlite } from '../store/sql';
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

export function compareRuns(
  sqlite: Sqlite,
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

  const both: ComparedPair[] = pairs.flatMap((pair, pairIndex) =>
    pair.a !== null && pair.b !== null ? [{ pairIndex, a: pair.a, b: pair.b }] : [],
  );
  // With repeated samples on either side, a scenario is compared by its modal decision on each side (README
  // "Methods"), a tied mode counted apart rather than broken to a decision; with one sample each the single answers
  // are compared directly (the same result, cheaper).
  const modal = infoA.samples > 1 || infoB.samples > 1;
  let flippedTotal = 0;
  let comparedTotal = 0;
  let tiedTotal = 0;
  for (const pair of both) {
    const counts = pairCounts(sqlite, input.runA, input.runB, pair, modal);
    comparedTotal += counts.compared;
    flippedTotal += counts.flipped;
    tiedTotal += counts.tied;
  }
  const flipped = both.length === 0 ? [] : flippedPage(sqlite, input, infoA.definitionId, both, modal);
  return {
    runA: summaryOf(input.runA),
    runB: summaryOf(input.runB),
    scale: summaryA.scale,
    models,
    samples: { a: infoA.samples, b: infoB.samples },
    flippedTotal,
    comparedTotal,
    tiedTotal,
    flipped: flipped.map((row): FlippedScenario => ({
      scenarioId: row.scenarioId,
      dimensions: parseDimensions<DimensionValue>(row.dimensionsJson),
      pairLabel: pairs[row.pairIndex]?.label ?? row.aKey,
      a: {
        modelKey: row.aKey,
        transcriptId: row.aId,
        score: row.aScore,
        decision: row.aDecision,
        modeCount: row.aCount,
        answers: row.aAnswers,
      },
      b: {
        modelKey: row.bKey,
        transcriptId: row.bId,
        score: row.bScore,
        decision: row.bDecision,
        modeCount: row.bCount,
        answers: row.bAnswers,
      },
    })),
  };
}
