/**
 * Repeated samples in SQL: per scenario × model the modal decision of its samples, how consistent they were and their
 * spread, and per model the mean over scenarios, from one GROUP BY over the covering decision index plus window
 * functions over those groups — never by loading the transcripts.
 */
import type { ScenarioConsistency } from '../../../shared/results';
import { many, type Sqlite } from './sql';

/** One scenario × model over its answered samples, as SQLite gives it (`tied` is 0 or 1). */
export type ModeRow = Omit<ScenarioConsistency, 'tied'> & { scenarioId: string; tied: number };

/**
 * The mode of each scenario × model among the transcripts `where` selects (a condition on `transcripts`, named
 * parameters allowed): the decision given most often, ties to the lower score (scores before refusals and
 * unparseable answers), then to the name — the same rule as the agreement analysis, so both name the same mode (a
 * tie is flagged, and the pages show it as one). Beside it, over every answer (refusals and unparseable answers are
 * decisions here, as in the mode): the pairwise agreement Σ n_k (n_k − 1) / (n (n − 1)) and the entropy in bits.
 */
export function modesSql(where: string): string {
  return `SELECT model_key AS modelKey, scenario_id AS scenarioId, score AS modeScore, decision AS modeDecision,
      transcript_id AS transcriptId, n AS modeCount, answers, scored, hi - lo AS spread,
      COALESCE(next_n = n, 0) AS tied, CASE WHEN next_n = n THEN next_decision END AS tiedWith,
      CASE WHEN score IS NOT NULL THEN n * 1.0 / scored END AS consistency,
      CASE WHEN answers >= 2 THEN same_pairs * 1.0 / (answers * (answers - 1)) END AS agreement,
      MAX(0.0, log2(answers) - n_log_n / answers) AS entropy
    FROM (
      SELECT g.*, ROW_NUMBER() OVER o AS rk, LEAD(n) OVER o AS next_n, LEAD(decision) OVER o AS next_decision, SUM(n) OVER p AS answers,
        SUM(n * (n - 1)) OVER p AS same_pairs, SUM(n * log2(n)) OVER p AS n_log_n,
        SUM(CASE WHEN score IS NULL THEN 0 ELSE n END) OVER p AS scored, MIN(score) OVER p AS lo,
        MAX(score) OVER p AS hi
      FROM (
        SELECT model_key, scenario_id, score, decision, COUNT(*) AS n, MIN(id) AS transcript_id
        FROM transcripts WHERE ${where} GROUP BY model_key, scenario_id, score, decision
      ) g
      WINDOW p AS (PARTITION BY model_key, scenario_id),
        o AS (PARTITION BY model_key, scenario_id ORDER BY n DESC, score IS NULL, score, decision)
    ) WHERE rk = 1`;
}

/** The modes of these scenarios of a run (for one model, or every model): a page of the per-scenario breakdown. */
export function scenarioModes(sqlite: Sqlite, runId: string, scenarioIds: string[], modelKey?: string): ModeRow[] {
  if (scenarioIds.length === 0) return [];
  const placeholders = scenarioIds.map(() => '?').join(', ');
  const modelFilter = modelKey ? 'AND model_key = ?' : '';
  return many<ModeRow>(
    sqlite,
    modesSql(`run_id = ? AND scenario_id IN (${placeholders}) ${modelFilter}`),
    runId,
    ...scenarioIds,
    ...(modelKey ? [modelKey] : []),
  );
}

/** Per model: how consistent its repeated samples were, over the run's scenarios. */
export interface ModelConsistencyRow {
  modelKey: string;
  /** Scenarios with at least one answer. */
  scenarios: number;
  /** Scenarios with at least two scored answers and a scored mode: the base of the means. */
  measured: number;
  meanConsistency: number | null;
  meanSpread: number | null;
  /** Of the measured scenarios, those whose scored answers all agreed. */
  unanimous: number;
  /** Scenarios whose mode was a tie. */
  tied: number;
  /** Scenarios with at least two answers: the base of the pairwise agreement and entropy. */
  paired: number;
  meanAgreement: number | null;
  /** Mean of the squared per-scenario agreement (for its variance over scenarios). */
  meanAgreementSq: number | null;
  meanEntropy: number | null;
}

export function modelConsistency(sqlite: Sqlite, runId: string): ModelConsistencyRow[] {
  const measured = 'scored >= 2 AND modeScore IS NOT NULL';
  return many<ModelConsistencyRow>(
    sqlite,
    `SELECT modelKey, COUNT(*) AS scenarios, SUM(CASE WHEN ${measured} THEN 1 ELSE 0 END) AS measured,
        AVG(CASE WHEN ${measured} THEN consistency END) AS meanConsistency,
        AVG(CASE WHEN ${measured} THEN spread END) AS meanSpread,
        SUM(CASE WHEN ${measured} AND modeCount = scored THEN 1 ELSE 0 END) AS unanimous, SUM(tied) AS tied,
        SUM(CASE WHEN answers >= 2 THEN 1 ELSE 0 END) AS paired, AVG(agreement) AS meanAgreement,
        AVG(agreement * agreement) AS meanAgreementSq, AVG(CASE WHEN answers >= 2 THEN entropy END) AS meanEntropy
      FROM (${modesSql('run_id = ?')}) GROUP BY modelKey`,
    runId,
  );
}

/** Every scenario × model mode of a run, in scenario then model order (the export's per-scenario table). */
export function runModes(sqlite: Sqlite, runId: string): ModeRow[] {
  return many<ModeRow>(sqlite, `SELECT * FROM (${modesSql('run_id = ?')}) ORDER BY scenarioId, modelKey`, runId);
}
