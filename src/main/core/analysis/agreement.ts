/**
 * Whether models agree on the same scenario: each model's modal decision per scenario, the share of scenarios where
 * each pair of models gives the same decision or scores within one point, and the scenarios where they differ most.
 */
import type { AgreementPair, AgreementReport, Disagreement, DisagreementSide } from '../../../shared/analysis';
import { tallyByScenario, type AnalysisInput, type DecisionCountRow } from './effects';

export const DISAGREEMENTS_SHOWN = 50;

/** The decision given most often (ties: the lower score, then the name), so the choice never depends on row order. */
export function modalDecision(groups: readonly DecisionCountRow[]): DecisionCountRow {
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
      x.decision.localeCompare(y.decision),
  )[0]!;
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
  const disagreements: Disagreement[] = [];
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
        if (!same) {
          disagreements.push({
            scenarioId,
            dimensions: input.scenarios.get(scenarioId) ?? {},
            distance,
            a: side(a),
            b: side(b),
          });
        }
      }
      pairs.push(pair);
    }
  }
  disagreements.sort(
    (x, y) =>
      (y.distance ?? -1) - (x.distance ?? -1) ||
      x.scenarioId.localeCompare(y.scenarioId) ||
      x.a.modelKey.localeCompare(y.a.modelKey),
  );
  return { runId: input.runId, pairs, disagreements: disagreements.slice(0, shown) };
}
