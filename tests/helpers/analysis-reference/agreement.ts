/**
 * The agreement analysis as it was before its hot loops moved to arrays (tally-arrays.ts), kept verbatim as the reference
 * that tests/unit/analysis-fast-path.test.ts holds the production code to, figure for figure, over seeded designs.
 * Since then only the rule that withholds an interval under one dominant score (`unlessDominated`) was added.
 */
import type { AgreementPair, AgreementReport, Disagreement, DisagreementSide } from '../../../src/shared/analysis';
import type { IntervalMethod } from '../../../src/shared/analysis';
import { DEFAULT_INTERVAL_METHOD } from '../../../src/main/core/analysis/bootstrap';
import {
  alphaLeaveOneOut,
  chanceCorrected,
  kappaLeaveOneOut,
  krippendorffAlpha,
  unlessDominated,
  weightedKappa,
} from '../../../src/main/core/analysis/chance-agreement';
import { tallyByScenario, type AnalysisInput, type DecisionCountRow } from './effects';

export const DISAGREEMENTS_SHOWN = 50;

/** How many of the scores are not the most common one. */
function offMode(scores: number[]): number {
  const counts = new Map<number, number>();
  for (const s of scores) counts.set(s, (counts.get(s) ?? 0) + 1);
  return scores.length - Math.max(0, ...counts.values());
}

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

  offer(candidate: Candidate): void {
    const { items, size } = this;
    if (size === 0) return;
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

/** Krippendorff's α over every scenario's untied modal scores, the units resampled for its interval. */
function alphaOf(
  modes: Map<string, Map<string, Mode>>,
  keys: string[],
  method: IntervalMethod,
): AgreementReport['alpha'] {
  if (keys.length < 3) return null;
  const units = new Map<string, number[]>();
  for (const key of keys)
    for (const [scenarioId, mode] of modes.get(key)!) {
      if (mode.tied || mode.row.score === null) continue;
      let unit = units.get(scenarioId);
      if (!unit) units.set(scenarioId, (unit = []));
      unit.push(mode.row.score);
    }
  const pairable = [...units.values()].filter((u) => u.length >= 2);
  return unlessDominated(
    chanceCorrected(pairable, krippendorffAlpha, method, alphaLeaveOneOut),
    offMode(pairable.flat()),
  );
}

export function agreement(
  input: AnalysisInput,
  shown = DISAGREEMENTS_SHOWN,
  method: IntervalMethod = DEFAULT_INTERVAL_METHOD,
): AgreementReport {
  const tallies = tallyByScenario(input.rows);
  const modes = new Map<string, Map<string, Mode>>();
  for (const { key } of input.models) {
    const perScenario = new Map<string, Mode>();
    for (const [scenarioId, tally] of tallies.get(key) ?? []) perScenario.set(scenarioId, modeOf(tally.groups));
    modes.set(key, perScenario);
  }
  const pairs: AgreementPair[] = [];
  const top = new TopDisagreements(shown);
  const keys = input.models.map((m) => m.key);
  for (let i = 0; i < keys.length; i += 1) {
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
      const scored: [number, number][] = [];
      const modesB = modes.get(pair.modelB)!;
      for (const [scenarioId, modeA] of modes.get(pair.modelA)!) {
        const modeB = modesB.get(scenarioId);
        if (!modeB) continue;
        pair.compared += 1;
        if (modeA.tied || modeB.tied) {
          pair.tied += 1;
          continue;
        }
        const [a, b] = [modeA.row, modeB.row];
        const same = a.decision === b.decision && a.score === b.score;
        if (same) pair.exact += 1;
        const distance = a.score !== null && b.score !== null ? Math.abs(a.score - b.score) : null;
        if (distance !== null) {
          pair.bothScored += 1;
          scored.push([a.score!, b.score!]);
          if (distance <= 1) pair.withinOne += 1;
        }
        if (!same) top.offer({ scenarioId, distance, a, b });
      }
      pair.kappa = unlessDominated(
        chanceCorrected(scored, weightedKappa, method, kappaLeaveOneOut),
        Math.min(offMode(scored.map((p) => p[0])), offMode(scored.map((p) => p[1]))),
      );
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
  return { runId: input.runId, pairs, alpha: alphaOf(modes, keys, method), disagreements };
}
