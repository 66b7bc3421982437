/**
 * Value priorities across runs (issue 25): every answer to a dilemma whose definition names the value each end of its
 * scale serves becomes a forced choice between those two values, sided by the score's position on the scale (the top
 * = fully the `high` value, the midpoint = neutral). Answers are pooled per model over the runs, scenarios are the
 * resampling units, and the report ranks the values per model and compares two models (or two versions of one).
 */
import { modelKey, parseModelKey, type ModelRef } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { decisionKind } from '../../../shared/vocabulary';
import type { PairScenarios, RankingComparison, ValueRankingReport } from '../../../shared/values';
import type { PairedChoice } from '../analysis/bradley-terry';
import { categoricalChoices } from '../analysis/categorical-choices';
import { compareRankings, kendallTau } from '../analysis/ranking-compare';
import { DEFAULT_RANKING_OPTIONS, rankValues, type RankingOptions } from '../analysis/value-ranking';
import { answeredScenarioDimensions, decisionGroups } from '../store/analysis';
import { loadRun } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { parseDimensions } from './run-info';

interface ModelChoices {
  model: ModelRef;
  choices: PairedChoice[];
  refusals: number;
  unparseable: number;
}

export interface ValueChoices {
  values: string[];
  models: Map<string, ModelChoices>;
  skipped: { runId: string; reason: string }[];
  dilemmas: ValueRankingReport['dilemmas'];
  pairScenarios: PairScenarios[];
}

const clamp = (share: number): number => Math.min(1, Math.max(0, share));

/** The first run in which a pair of values (a < b) met in a pairwise design, and its scenarios there (both orders). */
function notePairScenario(
  into: Map<string, PairScenarios>,
  runId: string,
  x: number,
  y: number,
  scenarioId: string,
): void {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  const key = `${a}|${b}`;
  const entry = into.get(key) ?? { a, b, runId, scenarios: [] };
  if (entry.runId === runId && !entry.scenarios.includes(scenarioId)) entry.scenarios.push(scenarioId);
  into.set(key, entry);
}

function modelOf(key: string, known: readonly ModelRef[]): ModelRef {
  const found = known.find((m) => modelKey(m) === key);
  if (found) return found;
  try {
    return parseModelKey(key);
  } catch {
    return { providerId: 'compat', modelId: key, modelVersion: null };
  }
}

/** Reads the runs' decisions as forced choices between named values. */
export function loadValueChoices(sqlite: Sqlite, runIds: readonly string[]): ValueChoices {
  const names = new Map<string, number>();
  const valueIndex = (name: string): number => {
    const key = name.trim().toLowerCase();
    let index = names.get(key);
    if (index === undefined) {
      index = names.size;
      names.set(key, index);
    }
    return index;
  };
  const labels: string[] = [];
  const models = new Map<string, ModelChoices>();
  const skipped: ValueChoices['skipped'] = [];
  const dilemmas: ValueChoices['dilemmas'] = [];
  const pairScenarios = new Map<string, PairScenarios>();
  for (const runId of runIds) {
    const { row, config, snapshot, scale } = loadRun(sqlite, runId);
    if (!snapshot?.values && !snapshot?.pairwise && !snapshot?.optionValues) {
      skipped.push({
        runId,
        reason:
          'its definition does not say which value each end of the scale serves (nor each option: optionValues), nor is it a pairwise design',
      });
      continue;
    }
    const codes = scale.map((entry) => entry.code);
    const bottom = Math.min(...codes);
    const top = Math.max(...codes);
    if (!(top > bottom)) {
      skipped.push({ runId, reason: 'its answer scale has a single point' });
      continue;
    }
    const named = (name: string): number => {
      const index = valueIndex(name);
      labels[index] ??= name.trim();
      return index;
    };
    // Each answer's forced choices: which values it set against each other and how far it sided with the first.
    let choicesOf: (scenarioId: string, score: number, cluster: string, count: number) => PairedChoice[];
    if (snapshot.pairwise) {
      const values = snapshot.pairwise.values.map((v) => named(v.name));
      const sides = new Map<string, { first: number; second: number }>();
      for (const s of answeredScenarioDimensions(sqlite, row.definitionId, runId)) {
        const dims = parseDimensions<{ score: number }>(s.dimensionsJson);
        const a = values[(dims.A?.score ?? 0) - 1];
        const b = values[(dims.B?.score ?? 0) - 1];
        if (a === undefined || b === undefined) continue;
        sides.set(s.scenarioId, { first: a, second: b });
        notePairScenario(pairScenarios, runId, a, b, s.scenarioId);
      }
      // The low end of the scale is option A (shown first): "Rating: 1" = A, the top code = B.
      choicesOf = (id, score, cluster, count) => {
        const pair = sides.get(id);
        return pair ? [{ cluster, ...pair, firstShare: clamp((top - score) / (top - bottom)), count }] : [];
      };
      dilemmas.push({ runId, definitionId: row.definitionId, definitionName: snapshot.name, high: null, low: null });
    } else if (snapshot.optionValues) {
      // A categorical answer: each option (code, lowest first as the scale lists them) serves the value it is given.
      const valueOfCode = new Map(snapshot.optionValues.map((o) => [o.code, named(o.value)]));
      const options = codes.map((code) => valueOfCode.get(code) ?? null);
      choicesOf = (_id, score, cluster, count) => categoricalChoices(options, codes.indexOf(score), cluster, count);
      dilemmas.push({ runId, definitionId: row.definitionId, definitionName: snapshot.name, high: null, low: null });
    } else {
      const high = named(snapshot.values!.high);
      const low = named(snapshot.values!.low);
      choicesOf = (_id, score, cluster, count) => [
        { cluster, first: high, second: low, firstShare: clamp((score - bottom) / (top - bottom)), count },
      ];
      dilemmas.push({ runId, definitionId: row.definitionId, definitionName: snapshot.name, high, low });
    }
    for (const group of decisionGroups(sqlite, runId)) {
      let entry = models.get(group.modelKey);
      if (!entry) {
        entry = { model: modelOf(group.modelKey, config.models), choices: [], refusals: 0, unparseable: 0 };
        models.set(group.modelKey, entry);
      }
      const kind = decisionKind(group);
      if (kind === 'refusal') entry.refusals += group.n;
      else if (kind === 'unparseable' || group.score === null) entry.unparseable += group.n;
      // Runs of one definition share its scenarios: a scenario is one resampling unit however often it was run.
      else
        entry.choices.push(
          ...choicesOf(group.scenarioId, group.score, `${row.definitionId}\u0000${group.scenarioId}`, group.n),
        );
    }
  }
  return { values: labels, models, skipped, dilemmas, pairScenarios: [...pairScenarios.values()] };
}

/** Two models to compare: the one asked for, else two versions of one model, else the first two. */
function pairToCompare(keys: readonly string[], models: ValueChoices['models'], asked?: { a: string; b: string }) {
  if (asked) {
    for (const key of [asked.a, asked.b])
      if (!models.has(key)) throw new AppError('NOT_FOUND', `No answers from model ${key} in these runs.`);
    return asked;
  }
  const byModel = new Map<string, string>();
  for (const key of keys) {
    const { model } = models.get(key)!;
    const base = `${model.providerId}/${model.modelId}`;
    const earlier = byModel.get(base);
    if (earlier) return { a: earlier, b: key };
    byModel.set(base, key);
  }
  return keys.length >= 2 ? { a: keys[0]!, b: keys[1]! } : null;
}

export function valueRankingReport(
  sqlite: Sqlite,
  runIds: readonly string[],
  compare?: { a: string; b: string },
  options: RankingOptions = DEFAULT_RANKING_OPTIONS,
): ValueRankingReport {
  const { values, models, skipped, dilemmas, pairScenarios } = loadValueChoices(sqlite, runIds);
  const keys = [...models.keys()].sort();
  const ranked = keys.map((key) => {
    const entry = models.get(key)!;
    return {
      key,
      model: entry.model,
      ranking: rankValues(values.length, entry.choices, options),
      refusals: entry.refusals,
      unparseable: entry.unparseable,
    };
  });
  const tauMatrix: ValueRankingReport['tauMatrix'] = [];
  for (let i = 0; i < ranked.length; i += 1)
    for (let j = i + 1; j < ranked.length; j += 1)
      tauMatrix.push({
        a: ranked[i]!.key,
        b: ranked[j]!.key,
        tau: kendallTau(
          ranked[i]!.ranking.values.map((v) => v.utility.estimate),
          ranked[j]!.ranking.values.map((v) => v.utility.estimate),
        ),
      });
  const pair = pairToCompare(keys, models, compare);
  let comparison: RankingComparison | null = null;
  if (pair) {
    const result = compareRankings(values.length, models.get(pair.a)!.choices, models.get(pair.b)!.choices, options);
    comparison = { a: pair.a, b: pair.b, ...result };
  }
  return {
    values,
    models: ranked,
    tauMatrix,
    comparison,
    dilemmas,
    pairScenarios,
    skipped,
    method: {
      model: 'bradley-terry',
      prior: 'N(0, 3²) on each utility',
      interval: 'estimate ± z × standard error from resampling scenarios',
      confidence: options.confidence,
      resamples: options.resamples,
      seed: options.seed,
      holdOutShare: options.holdOutShare,
      multiplicity: 'holm',
    },
  };
}
