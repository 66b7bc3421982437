/**
 * Whether models agree on the same scenario: each model's modal decision per scenario, the share of scenarios where
 * each pair of models gives the same decision or scores within one point, and the scenarios where they differ most.
 */
import type { AgreementPair, AgreementReport, Disagreement, DisagreementSide } from '../../../shared/analysis';
import { tallyByScenario, type AnalysisInput, type DecisionCountRow } from './effects';

export const DISAGREEMENTS_SHOWN = 50;

/** The decision given most often (ties: the lower score, then the name), so the choice never depends on row order. */
export function modalDecision(groups: readonly DecisionCountRow[]): DecisionCountRow {
  // One sample per scenario (the common case) has one group: nothing to choose.
  if (groups.length === 1) return groups[0]!;
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
  return [...merged.values()].sort(
    (x, y) =>
      y.n - x.n ||
      (x.score ?? Number.POSITIVE_INFINITY) - (y.score ?? Number.POSITIVE_INFINITY) ||
      compareText(x.decision, y.decision),
  )[0]!;
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

export function agreement(input: AnalysisInput, shown = DISAGREEMENTS_SHOWN): AgreementReport {
  const tallies = tallyByScenario(input.rows);
  const modes = new Map<string, Map<string, DecisionCountRow>>();
  for (const { key } of input.models) {
    const perScenario = new Map<string, DecisionCountRow>();
    for (const [scenarioId, tally] of tallies.get(key) ?? []) perScenario.set(scenarioId, modalDecision(tally.groups));
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
      };
      const modesB = modes.get(pair.modelB)!;
      for (const [scenarioId, a] of modes.get(pair.modelA)!) {
        const b = modesB.get(scenarioId);
        if (!b) continue;
        pair.compared += 1;
        const same = a.decision === b.decision && a.score === b.score;
        if (same) pair.exact += 1;
        const distance = a.score !== null && b.score !== null ? Math.abs(a.score - b.score) : null;
        if (distance !== null) {
          pair.bothScored += 1;
          if (distance <= 1) pair.withinOne += 1;
        }
        if (!same) top.offer({ scenarioId, distance, a, b });
      }
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
  return { runId: input.runId, pairs, disagreements };
}
