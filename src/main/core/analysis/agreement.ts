/**
 * Whether models agree on the same scenario: each model's modal decision per scenario, the share of scenarios where
 * each pair of models gives the same decision or scores within one point, and the scenarios where they differ most.
 */
import type { AgreementPair, AgreementReport, Disagreement, DisagreementSide } from '../../../shared/analysis';
import type { IntervalMethod } from '../../../shared/analysis';
import { DEFAULT_INTERVAL_METHOD } from './bootstrap';
import { alphaInterval, kappaInterval } from './chance-tables';
import type { AnalysisInput, DecisionCountRow } from './effects';
import { tallyArrays, type ModelTallies, type TallyArrays } from './tally-arrays';

export const DISAGREEMENTS_SHOWN = 50;

/** A scenario's modal decision, and whether another decision was given as often (then no decision is modal). */
export interface Mode {
  row: DecisionCountRow;
  tied: boolean;
}

/**
 * The decision given most often; on a tie `row` is the lower score (then the name), kept only to link a transcript,
 * and `tied` says that the samples named no single decision.
 */
export function modeOf(groups: readonly DecisionCountRow[]): Mode {
  // One sample per scenario (the common case) has one group: nothing to choose.
  if (groups.length === 1) return { row: groups[0]!, tied: false };
  const merged = new Map<string, DecisionCountRow>();
  for (const group of groups) {
    const key = `${group.score ?? ''}|${group.decision}`;
    const seen = merged.get(key);
    if (seen)
      merged.set(key, {
        ...seen,
        n: seen.n + group.n,
        transcriptId: seen.transcriptId < group.transcriptId ? seen.transcriptId : group.transcriptId,
      });
    else merged.set(key, group);
  }
  const ranked = [...merged.values()].sort(
    (x, y) =>
      y.n - x.n ||
      (x.score ?? Number.POSITIVE_INFINITY) - (y.score ?? Number.POSITIVE_INFINITY) ||
      compareText(x.decision, y.decision),
  );
  return { row: ranked[0]!, tied: ranked.length > 1 && ranked[1]!.n === ranked[0]!.n };
}

/** The modal decision with ties broken to the lower score, then the name (see `modeOf` for the tie itself). */
export function modalDecision(groups: readonly DecisionCountRow[]): DecisionCountRow {
  return modeOf(groups).row;
}

/** Code-unit order: locale-independent (the same figure on every machine) and much cheaper than localeCompare. */
function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Candidate {
  scenarioId: string;
  distance: number | null;
  a: DecisionCountRow;
  b: DecisionCountRow;
}

/** Widest first, then refusal-against-answer (no distance), then by scenario and model for a stable order. */
function byDisagreement(x: Candidate, y: Candidate): number {
  return (
    (y.distance ?? -1) - (x.distance ?? -1) ||
    compareText(x.scenarioId, y.scenarioId) ||
    compareText(x.a.modelKey, y.a.modelKey) ||
    compareText(x.b.modelKey, y.b.modelKey)
  );
}

/** Keeps the `size` first candidates in `byDisagreement` order without sorting them all (pairs × scenarios of them). */
class TopDisagreements {
  readonly items: Candidate[] = [];
  constructor(private readonly size: number) {}

  offer(scenarioId: string, distance: number | null, a: DecisionCountRow, b: DecisionCountRow): void {
    const { items, size } = this;
    if (size === 0) return;
    // Most candidates are farther down the order than the last kept one by distance alone: no object for them.
    if (items.length === size && (distance ?? -1) < (items[size - 1]!.distance ?? -1)) return;
    const candidate: Candidate = { scenarioId, distance, a, b };
    if (items.length === size && byDisagreement(candidate, items[size - 1]!) >= 0) return;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byDisagreement(items[middle]!, candidate) <= 0) low = middle + 1;
      else high = middle;
    }
    items.splice(low, 0, candidate);
    if (items.length > size) items.pop();
  }
}

function side(row: DecisionCountRow): DisagreementSide {
  return { modelKey: row.modelKey, transcriptId: row.transcriptId, score: row.score, decision: row.decision };
}

/** A model's modal decisions in its tallies' order, each coded: equal codes are equal (score, decision) pairs. */
interface ModelModes {
  scenario: Int32Array;
  ids: string[];
  /** The mode's code, or TIED. */
  code: Int32Array;
  rows: DecisionCountRow[];
}

interface ModeTables {
  models: Map<string, ModelModes>;
  /** Each code's score slot (−1 for a decision without a score). */
  codeSlot: number[];
  /** Each slot's score, ascending. */
  slotScore: number[];
}

const TIED = -1;
const ABSENT = -2;
const NO_MODES: ModelModes = { scenario: new Int32Array(0), ids: [], code: new Int32Array(0), rows: [] };

/** Modes already found, by the arrays they came from (a run's rows never change once read). */
const modesOf = new WeakMap<TallyArrays, ModeTables>();

function modeTables(arrays: TallyArrays): ModeTables {
  const known = modesOf.get(arrays);
  if (known) return known;
  const codes = new Map<number | null, Map<string, number>>();
  const codeScore: (number | null)[] = [];
  const codeOf = (row: DecisionCountRow): number => {
    let byDecision = codes.get(row.score);
    if (!byDecision) codes.set(row.score, (byDecision = new Map()));
    let code = byDecision.get(row.decision);
    if (code === undefined) {
      byDecision.set(row.decision, (code = codeScore.length));
      codeScore.push(row.score);
    }
    return code;
  };
  const models = new Map<string, ModelModes>();
  for (const [key, model] of arrays.models) models.set(key, modelModes(model, codeOf));
  const slotScore = [...new Set(codeScore.filter((s): s is number => s !== null))].sort((x, y) => x - y);
  const slotOf = new Map(slotScore.map((score, slot) => [score, slot]));
  const tables = { models, codeSlot: codeScore.map((s) => (s === null ? -1 : slotOf.get(s)!)), slotScore };
  modesOf.set(arrays, tables);
  return tables;
}

function modelModes(model: ModelTallies, codeOf: (row: DecisionCountRow) => number): ModelModes {
  const code = new Int32Array(model.tallies.length);
  const rows = model.tallies.map((tally, k) => {
    const mode = modeOf(tally.groups);
    code[k] = mode.tied ? TIED : codeOf(mode.row);
    return mode.row;
  });
  return { scenario: model.scenario, ids: model.ids, code, rows };
}

/** Krippendorff's α over every scenario's untied modal scores, the units resampled for its interval. */
function alphaOf(
  tables: ModeTables,
  keys: string[],
  scenarios: number,
  method: IntervalMethod,
): AgreementReport['alpha'] {
  if (keys.length < 3) return null;
  // Each scenario's scores in the models' order, the scenarios in the order they are first met.
  const units: (number[] | undefined)[] = new Array<number[] | undefined>(scenarios);
  const order: number[] = [];
  for (const key of keys) {
    const modes = tables.models.get(key) ?? NO_MODES;
    for (let k = 0; k < modes.code.length; k += 1) {
      const code = modes.code[k]!;
      const slot = code === TIED ? -1 : tables.codeSlot[code]!;
      if (slot < 0) continue;
      const s = modes.scenario[k]!;
      let unit = units[s];
      if (!unit) {
        units[s] = unit = [];
        order.push(s);
      }
      unit.push(slot);
    }
  }
  const flat: number[] = [];
  const starts = [0];
  for (const s of order) {
    const unit = units[s]!;
    if (unit.length < 2) continue;
    flat.push(...unit);
    starts.push(flat.length);
  }
  return alphaInterval(Int32Array.from(flat), Int32Array.from(starts), tables.slotScore, method);
}

export function agreement(
  input: AnalysisInput,
  shown = DISAGREEMENTS_SHOWN,
  method: IntervalMethod = DEFAULT_INTERVAL_METHOD,
): AgreementReport {
  const arrays = tallyArrays(input);
  const tables = modeTables(arrays);
  const { codeSlot, slotScore } = tables;
  const keys = input.models.map((m) => m.key);
  const modesOfKey = (key: string): ModelModes => tables.models.get(key) ?? NO_MODES;
  const size = arrays.scenarioIds.length;
  // B's mode and entry by scenario index, and the scored pairs' slots: reused for every pair of models.
  const codeB = new Int32Array(size);
  const entryB = new Int32Array(size);
  const slotsA = new Int32Array(size);
  const slotsB = new Int32Array(size);
  const pairs: AgreementPair[] = [];
  const top = new TopDisagreements(shown);
  for (let i = 0; i < keys.length; i += 1) {
    const modesA = modesOfKey(keys[i]!);
    for (let j = i + 1; j < keys.length; j += 1) {
      const pair: AgreementPair = {
        modelA: keys[i]!,
        modelB: keys[j]!,
        compared: 0,
        exact: 0,
        withinOne: 0,
        bothScored: 0,
        tied: 0,
        kappa: null,
      };
      const modesB = modesOfKey(pair.modelB);
      codeB.fill(ABSENT);
      for (let k = 0; k < modesB.code.length; k += 1) {
        codeB[modesB.scenario[k]!] = modesB.code[k]!;
        entryB[modesB.scenario[k]!] = k;
      }
      let scored = 0;
      for (let k = 0; k < modesA.code.length; k += 1) {
        const s = modesA.scenario[k]!;
        const cb = codeB[s]!;
        if (cb === ABSENT) continue;
        pair.compared += 1;
        const ca = modesA.code[k]!;
        if (ca === TIED || cb === TIED) {
          pair.tied += 1;
          continue;
        }
        const same = ca === cb;
        if (same) pair.exact += 1;
        const sa = codeSlot[ca]!;
        const sb = codeSlot[cb]!;
        const distance = sa >= 0 && sb >= 0 ? Math.abs(slotScore[sa]! - slotScore[sb]!) : null;
        if (distance !== null) {
          pair.bothScored += 1;
          slotsA[scored] = sa;
          slotsB[scored] = sb;
          scored += 1;
          if (distance <= 1) pair.withinOne += 1;
        }
        if (!same) top.offer(modesA.ids[k]!, distance, modesA.rows[k]!, modesB.rows[entryB[s]!]!);
      }
      pair.kappa = kappaInterval(slotsA, slotsB, scored, slotScore, method);
      pairs.push(pair);
    }
  }
  const disagreements = top.items.map((c): Disagreement => ({
    scenarioId: c.scenarioId,
    dimensions: input.scenarios.get(c.scenarioId) ?? {},
    distance: c.distance,
    a: side(c.a),
    b: side(c.b),
  }));
  return { runId: input.runId, pairs, alpha: alphaOf(tables, keys, size, method), disagreements };
}
