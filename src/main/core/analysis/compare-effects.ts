/**
 * Did a model answer differently in two runs (say two versions of one model)? Paired on the scenarios both runs
 * scored: the change of the mean decision (paired t interval, sign-flip p-value), the change of each dimension's
 * effect (the main-effects model fitted to the per-scenario differences, so each scenario is its own control), and
 * the changed decisions against each run's self-disagreement (McNemar's exact test). Every p-value on the page is
 * adjusted together (Holm; Benjamini–Hochberg beside it).
 */
import type { EffectChange, EffectsComparison, IntervalMethod, ModelEffectChanges } from '../../../shared/analysis';
import type { NoiseFloor, PairedChange } from '../../../shared/comparison';
import { streamSeed } from './bootstrap';
import { dimensionEffects, levelsOf, tallyByScenario, type AnalysisInput, type ScenarioTally } from './effects';
import { fitMainEffects, type DesignRow, type MainEffectsFit } from './main-effects';
import { modelTallies, sortedEntries, tallyArrays } from './tally-arrays';
import { benjaminiHochberg, holmAdjust, MULTIPLICITY } from './multiplicity';
import { consistency, crossDisagreement, flipTest, type DecisionCounts } from './noise-floor';
import { pairedChange, tTestPValue } from './paired';
import { studentTQuantile } from './student-t';

export interface PairedModels {
  label: string;
  a: string | null;
  b: string | null;
}

/** Decision counts already built, by the tallies they came from (tallies are never changed once made). */
const countsOf = new WeakMap<ReadonlyMap<string, ScenarioTally>, Map<string, DecisionCounts>>();

/** Per scenario of one model, how many samples gave each decision (a refusal or an unparseable answer is one too). */
export function decisionCounts(tallies: ReadonlyMap<string, ScenarioTally>): Map<string, DecisionCounts> {
  const known = countsOf.get(tallies);
  if (known) return known;
  const out = new Map<string, DecisionCounts>();
  for (const [scenarioId, tally] of tallies) {
    const counts = new Map<string, number>();
    for (const group of tally.groups) {
      const key = `${group.score ?? ''}|${group.decision}`;
      counts.set(key, (counts.get(key) ?? 0) + group.n);
    }
    out.set(scenarioId, counts);
  }
  countsOf.set(tallies, out);
  return out;
}

export const ONE_SAMPLE_NOTE =
  'One sample per scenario in both runs: the self-disagreement floor is unknown. Two samples per scenario in ' +
  'either run (start form "Samples per scenario", or run --samples 2) would measure it.';

function noiseFloor(
  a: ReadonlyMap<string, ScenarioTally>,
  b: ReadonlyMap<string, ScenarioTally>,
  method: IntervalMethod,
  seed: number,
): NoiseFloor {
  const countsA = decisionCounts(a);
  const countsB = decisionCounts(b);
  const test = flipTest(countsA, countsB, seed);
  return {
    a: consistency(countsA.values(), method),
    b: consistency(countsB.values(), method),
    crossDisagreement: crossDisagreement(countsA, countsB),
    test: test ? { ...test, pHolm: null, qBh: null } : null,
    note: test ? null : ONE_SAMPLE_NOTE,
  };
}

const unadjusted = (estimate: Omit<PairedChange, 'pHolm' | 'qBh'> | null): PairedChange | null =>
  estimate ? { ...estimate, pHolm: null, qBh: null } : null;

/** The main-effects model over the per-scenario differences, each dimension's lowest present level its baseline. */
interface FittedDifferences {
  fit: MainEffectsFit;
  levels: number[][];
  /** Below this a coefficient or standard error is rounding (relative to the largest difference). */
  tolerance: number;
}

function fitDifferences(input: AnalysisInput, rows: DesignRow[]): FittedDifferences | null {
  const present = input.dimensions.map((_, i) => new Set(rows.map((r) => r.levels[i]!)));
  const design = input.dimensions.map((d, i) => {
    const levels = levelsOf(d)
      .map((l) => l.score)
      .filter((s) => present[i]!.has(s));
    return { levels, baseline: levels[0] ?? 0 };
  });
  const fit = fitMainEffects(rows, design);
  let largest = 1;
  for (const row of rows) largest = Math.max(largest, Math.abs(row.y));
  return fit ? { fit, levels: design.map((d) => d.levels), tolerance: 1e-9 * largest } : null;
}

/** The paired change of one dimension's effect (highest − lowest): a coefficient of the fit on the differences. */
function effectChange(
  fitted: FittedDifferences | null,
  scenarios: number,
  index: number,
  method: IntervalMethod,
): PairedChange | null {
  const levels = fitted?.levels[index];
  if (!fitted || !levels || levels.length < 2) return null;
  const { fit, tolerance } = fitted;
  const column = fit.columns.findIndex((c) => c.dimension === index && c.level === levels[levels.length - 1]);
  // An exact fit leaves only rounding in the residuals: below a relative tolerance the standard error (and an
  // estimate) is taken as 0, so rounding never decides a p-value.
  const raw = fit.coef[column]!;
  const estimate = Math.abs(raw) < tolerance ? 0 : raw;
  const base = { estimate, df: fit.df, scenarios, pHolm: null, qBh: null };
  const rawSe = Math.sqrt(Math.max(0, fit.cov[column]![column]!));
  const se = rawSe < tolerance ? 0 : rawSe;
  if (fit.df < 1 || !Number.isFinite(se)) return { ...base, ciLow: null, ciHigh: null, pValue: null, pMethod: null };
  const half = studentTQuantile(method.confidence, fit.df) * se;
  const pValue = se === 0 ? (estimate === 0 ? 1 : 0) : tTestPValue(estimate / se, fit.df);
  return { ...base, ciLow: estimate - half, ciHigh: estimate + half, pValue, pMethod: 't' };
}

/** Every p-value of the page adjusted as one family (Holm, and BH beside it), written back in place. */
function adjust(models: ModelEffectChanges[]): number {
  const slots: { p: number | null; set(holm: number | null, q: number | null): void }[] = [];
  const track = (target: { pValue: number | null; pHolm: number | null; qBh: number | null } | null): void => {
    if (!target || target.pValue === null) return;
    slots.push({
      p: target.pValue,
      set: (holm, q) => {
        target.pHolm = holm;
        target.qBh = q;
      },
    });
  };
  for (const model of models) {
    track(model.meanChange);
    for (const d of model.dimensions) track(d.change);
    track(model.floor?.test ?? null);
  }
  const holm = holmAdjust(slots.map((s) => s.p));
  const bh = benjaminiHochberg(slots.map((s) => s.p));
  slots.forEach((slot, i) => slot.set(holm[i]!, bh[i]!));
  return slots.length;
}

export function compareEffects(
  inputA: AnalysisInput,
  inputB: AnalysisInput,
  pairs: readonly PairedModels[],
  method: IntervalMethod,
): EffectsComparison {
  const reportA = dimensionEffects(inputA, method);
  const reportB = dimensionEffects(inputB, method);
  const talliesA = tallyByScenario(inputA.rows);
  const talliesB = tallyByScenario(inputB.rows);
  const arraysA = tallyArrays(inputA);
  const arraysB = tallyArrays(inputB);
  // Each of B's scenario indices as A's (−1 where A has no such scenario), and a buffer reused by every pair.
  const crossIndex = Int32Array.from(arraysB.scenarioIds, (id) => arraysA.scenarioIndex.get(id) ?? -1);
  const entryB = new Int32Array(arraysA.scenarioIds.length);
  const dimensionCount = arraysA.levelScores.length;
  // The dimensions of A in their order, then any only B has (the same definition gives the same dimensions).
  const names = [...new Set([...inputA.dimensions, ...inputB.dimensions].map((d) => d.name))];
  const models = pairs.map((pair): ModelEffectChanges => {
    const effectsA = reportA.models.find((m) => m.modelKey === pair.a);
    const effectsB = reportB.models.find((m) => m.modelKey === pair.b);
    const a = pair.a === null ? undefined : talliesA.get(pair.a);
    const b = pair.b === null ? undefined : talliesB.get(pair.b);
    // The scenarios scored in both runs, in a stable order (by id): each one's difference of means is one pair.
    const rows: DesignRow[] = [];
    const diffs: number[] = [];
    if (a !== undefined && b !== undefined) {
      const entriesA = modelTallies(arraysA, pair.a);
      const entriesB = modelTallies(arraysB, pair.b);
      // B's entry for each of A's scenario indices.
      entryB.fill(-1);
      for (let k = 0; k < entriesB.scenario.length; k += 1) {
        const s = crossIndex[entriesB.scenario[k]!]!;
        if (s >= 0) entryB[s] = k;
      }
      for (const k of sortedEntries(entriesA)) {
        const s = entriesA.scenario[k]!;
        const ta = entriesA.tallies[k]!;
        const kb = entryB[s]!;
        if (kb < 0 || ta.scored === 0) continue;
        const tb = entriesB.tallies[kb]!;
        if (tb.scored === 0) continue;
        const d = tb.scoreSum / tb.scored - ta.scoreSum / ta.scored;
        diffs.push(d);
        const levels = new Array<number>(dimensionCount);
        let complete = true;
        for (let i = 0; i < dimensionCount; i += 1) {
          const level = arraysA.levelScores[i]![s]!;
          if (Number.isNaN(level)) complete = false;
          levels[i] = level;
        }
        if (complete) rows.push({ y: d, levels });
      }
    }
    const paired = a !== undefined && b !== undefined;
    const fitted = paired ? fitDifferences(inputA, rows) : null;
    const dimensions = names.map((dimension): EffectChange => {
      const effectA = effectsA?.dimensions.find((d) => d.dimension === dimension)?.effect ?? null;
      const effectB = effectsB?.dimensions.find((d) => d.dimension === dimension)?.effect ?? null;
      const index = inputA.dimensions.findIndex((d) => d.name === dimension);
      const change =
        paired && effectA && effectB && index >= 0 ? effectChange(fitted, rows.length, index, method) : null;
      return { dimension, a: effectA, b: effectB, change };
    });
    return {
      label: pair.label,
      modelA: pair.a,
      modelB: pair.b,
      meanChange: paired ? unadjusted(pairedChange(diffs, method, streamSeed(method.seed, pair.label, 'mean'))) : null,
      floor: paired ? noiseFloor(a, b, method, streamSeed(method.seed, pair.label, 'flips')) : null,
      dimensions,
    };
  });
  const family = adjust(models);
  return {
    runA: inputA.runId,
    runB: inputB.runId,
    method,
    multiplicity: { method: MULTIPLICITY.method, alpha: MULTIPLICITY.alpha, family, why: MULTIPLICITY.why },
    models,
  };
}
