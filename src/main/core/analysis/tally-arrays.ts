/**
 * The same per-scenario tallies as `tallyByScenario`, laid out as arrays for the analyses' hot loops on large runs:
 * every scenario gets an index, each dimension a typed array of level scores by that index, and each model its
 * scenarios in the tallies' own order. On 200,000 transcripts the string-keyed lookups these replace (a scenario's
 * values by id, a level by dimension name) were most of the effects', agreement's and comparison's time. Only the
 * layout changes: every loop over them visits the scenarios in the order the Map-based code did, so every sum is made
 * in the same order and every figure is bit-for-bit the same.
 */
import { decisionKind } from '../../../shared/vocabulary';
import type { AnalysisInput, DecisionCountRow } from './effects';

export interface ScenarioTally {
  scoreSum: number;
  scored: number;
  refusals: number;
  unparseable: number;
  groups: DecisionCountRow[];
}

/**
 * Tallies already made, by the rows they were made from: a run's rows are read once and never changed (the worker's
 * input cache keeps them), and every analysis of the run (effects, agreement, both sides of a comparison) starts from
 * the same tallies, so they are built once per rows array rather than once per analysis (on 200,000 transcripts the
 * rebuilding and its garbage were most of a comparison's time). Callers only read them.
 */
const talliesOf = new WeakMap<readonly DecisionCountRow[], Map<string, Map<string, ScenarioTally>>>();

/** Per model, per scenario: the scored answers' sum and count, and what was left out. */
export function tallyByScenario(rows: readonly DecisionCountRow[]): Map<string, Map<string, ScenarioTally>> {
  const known = talliesOf.get(rows);
  if (known) return known;
  const byModel = new Map<string, Map<string, ScenarioTally>>();
  for (const row of rows) {
    let scenarios = byModel.get(row.modelKey);
    if (!scenarios) byModel.set(row.modelKey, (scenarios = new Map()));
    let tally = scenarios.get(row.scenarioId);
    if (!tally)
      scenarios.set(row.scenarioId, (tally = { scoreSum: 0, scored: 0, refusals: 0, unparseable: 0, groups: [] }));
    tally.groups.push(row);
    // The same classification as the results summary, so the counts beside each mean match the run page's.
    const kind = decisionKind(row);
    if (kind === 'refusal') tally.refusals += row.n;
    else if (kind === 'unparseable' || row.score === null) tally.unparseable += row.n;
    else {
      tally.scoreSum += row.score * row.n;
      tally.scored += row.n;
    }
  }
  talliesOf.set(rows, byModel);
  return byModel;
}

export interface ModelTallies {
  /** The model's scenarios in its tallies' order (as `tallyByScenario(rows).get(key)` iterates them). */
  ids: string[];
  tallies: ScenarioTally[];
  /** Each entry's scenario index into `TallyArrays.scenarioIds`. */
  scenario: Int32Array;
  /** Entry positions in code-unit order of their scenario ids (what `[...ids].sort()` gives), made on first use. */
  sorted?: Int32Array;
}

export interface TallyArrays {
  scenarioIds: string[];
  scenarioIndex: Map<string, number>;
  /** 1 where the input knows the scenario's dimension values (`input.scenarios` has it). */
  known: Uint8Array;
  /** Per dimension (in `input.dimensions` order): each scenario's level score, NaN where it has no value. */
  levelScores: Float64Array[];
  /** Per dimension, its level scores as slots (see `levelSlots`), made on first use. */
  slots: (LevelSlots | undefined)[];
  models: Map<string, ModelTallies>;
}

/** Arrays already laid out, by the input they came from (an input is never changed once made). */
const arraysOf = new WeakMap<AnalysisInput, TallyArrays>();

export function tallyArrays(input: AnalysisInput): TallyArrays {
  const made = arraysOf.get(input);
  if (made) return made;
  const scenarioIds: string[] = [];
  const scenarioIndex = new Map<string, number>();
  const indexOf = (id: string): number => {
    let index = scenarioIndex.get(id);
    if (index === undefined) {
      index = scenarioIds.length;
      scenarioIndex.set(id, index);
      scenarioIds.push(id);
    }
    return index;
  };
  const models = new Map<string, ModelTallies>();
  for (const [key, perScenario] of tallyByScenario(input.rows)) {
    const ids = [...perScenario.keys()];
    models.set(key, {
      ids,
      tallies: [...perScenario.values()],
      scenario: Int32Array.from(ids, indexOf),
    });
  }
  for (const id of input.scenarios.keys()) indexOf(id);
  const levelScores = input.dimensions.map((dimension) => {
    const scores = new Float64Array(scenarioIds.length).fill(Number.NaN);
    scenarioIds.forEach((id, i) => {
      const value = input.scenarios.get(id)?.[dimension.name];
      if (value) scores[i] = value.score;
    });
    return scores;
  });
  const known = Uint8Array.from(scenarioIds, (id) => (input.scenarios.has(id) ? 1 : 0));
  const slots = levelScores.map((): LevelSlots | undefined => undefined);
  const arrays: TallyArrays = { scenarioIds, scenarioIndex, known, levelScores, slots, models };
  arraysOf.set(input, arrays);
  return arrays;
}

const EMPTY: ModelTallies = { ids: [], tallies: [], scenario: new Int32Array(0) };

export function modelTallies(arrays: TallyArrays, key: string | null): ModelTallies {
  return (key === null ? undefined : arrays.models.get(key)) ?? EMPTY;
}

/** Entry positions of a model's tallies in code-unit order of their scenario ids (made once per model). */
export function sortedEntries(model: ModelTallies): Int32Array {
  if (!model.sorted) {
    const order = Array.from(model.ids.keys());
    order.sort((x, y) => (model.ids[x]! < model.ids[y]! ? -1 : model.ids[x]! > model.ids[y]! ? 1 : 0));
    model.sorted = Int32Array.from(order);
  }
  return model.sorted;
}

/**
 * One dimension's level scores as small integer slots: `slot[scenario]` (−1 without a value) and each slot's score,
 * so per-level sums index arrays instead of a Map.
 */
export interface LevelSlots {
  slot: Int32Array;
  scoreOf: number[];
}

export function levelSlots(scores: Float64Array): LevelSlots {
  const slot = new Int32Array(scores.length).fill(-1);
  const scoreOf: number[] = [];
  const bySlot = new Map<number, number>();
  for (let i = 0; i < scores.length; i += 1) {
    const score = scores[i]!;
    if (Number.isNaN(score)) continue;
    let s = bySlot.get(score);
    if (s === undefined) {
      s = scoreOf.length;
      bySlot.set(score, s);
      scoreOf.push(score);
    }
    slot[i] = s;
  }
  return { slot, scoreOf };
}

/** One dimension's slots, laid out once per input. */
export function dimensionSlots(arrays: TallyArrays, dimension: number): LevelSlots {
  return (arrays.slots[dimension] ??= levelSlots(arrays.levelScores[dimension]!));
}
