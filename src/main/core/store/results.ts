/**
 * The results pages' SQL: a run's scenarios one page at a time with every model's outcome per scenario, and the
 * comparison of two runs (counts and the page of scenarios whose decision flipped, one UNION branch per model pair).
 * With repeated samples (`modal`) the comparison pairs each scenario's modal decisions instead of single answers.
 */
import type { ScenarioCell } from '../../../shared/results';
import { modesSql } from './consistency';
import { many, one, type Sqlite } from './sql';

export interface ScenarioPageRow {
  scenarioId: string;
  ordinal: number;
  dimensionsJson: string;
}

export interface CellRow extends ScenarioCell {
  scenarioId: string;
}

/** How many scenarios of the run have a job (for one model, or any); the unique job index answers it alone. */
export function runScenarioCount(sqlite: Sqlite, runId: string, modelKey?: string): number {
  const sql = `SELECT COUNT(DISTINCT j.scenario_id) AS total FROM jobs j WHERE j.run_id = @runId`;
  const row = modelKey
    ? one<{ total: number }>(sqlite, `${sql} AND j.model_key = @modelKey`, { runId, modelKey })
    : one<{ total: number }>(sqlite, sql, { runId });
  return row?.total ?? 0;
}

/** One page of the run's scenarios in definition order. */
export function runScenarioPage(
  sqlite: Sqlite,
  input: { runId: string; definitionId: string; modelKey?: string; offset: number; limit: number },
): ScenarioPageRow[] {
  const modelFilter = input.modelKey ? 'AND j.model_key = @modelKey' : '';
  return many<ScenarioPageRow>(
    sqlite,
    `SELECT s.id AS scenarioId, s.ordinal, s.dimensions_json AS dimensionsJson FROM scenarios s
     WHERE s.definition_id = @definitionId
       AND EXISTS (SELECT 1 FROM jobs j WHERE j.run_id = @runId AND j.scenario_id = s.id ${modelFilter})
     ORDER BY s.ordinal LIMIT @limit OFFSET @offset`,
    {
      runId: input.runId,
      definitionId: input.definitionId,
      modelKey: input.modelKey ?? null,
      limit: input.limit,
      offset: input.offset,
    },
  );
}

/** Each job's outcome for these scenarios: the decision when it answered, the error class when it failed. */
export function scenarioCells(sqlite: Sqlite, runId: string, scenarioIds: string[], modelKey?: string): CellRow[] {
  const placeholders = scenarioIds.map(() => '?').join(', ');
  const modelFilter = modelKey ? 'AND j.model_key = ?' : '';
  return many<CellRow>(
    sqlite,
    `SELECT j.scenario_id AS scenarioId, j.model_key AS modelKey, j.sample, j.status AS jobStatus, t.id AS transcriptId,
      t.score, t.decision, t.reported_model_version AS reportedModelVersion,
      CASE WHEN j.status = 'failed' THEN COALESCE(json_extract(j.last_error_json, '$.code'), 'UNKNOWN') END AS errorCode
     FROM jobs j LEFT JOIN transcripts t ON t.job_id = j.id
     WHERE j.run_id = ? AND j.scenario_id IN (${placeholders}) ${modelFilter}`,
    runId,
    ...scenarioIds,
    ...(modelKey ? [modelKey] : []),
  );
}

export interface ComparedPair {
  pairIndex: number;
  a: string;
  b: string;
}

const PAIR_SQL = `FROM transcripts a
  JOIN transcripts b ON b.run_id = @runB AND b.scenario_id = a.scenario_id AND b.model_key = @keyB
  WHERE a.run_id = @runA AND a.model_key = @keyA`;

/** Each side's modes of one model (store/consistency.ts), joined by scenario: the modal comparison's FROM. */
function modalPairFrom(keyA: string, keyB: string): string {
  return `FROM (${modesSql(`run_id = @runA AND model_key = ${keyA}`)}) a
    JOIN (${modesSql(`run_id = @runB AND model_key = ${keyB}`)}) b ON b.scenarioId = a.scenarioId`;
}

/**
 * Scenarios both models of a pair answered, and how many of them changed decision; with `modal` (repeated samples),
 * each scenario's modal decision on each side, a scenario whose mode is tied on either side counted apart (`tied`).
 */
export function pairCounts(
  sqlite: Sqlite,
  runA: string,
  runB: string,
  pair: ComparedPair,
  modal = false,
): { compared: number; flipped: number; tied: number } {
  // A tied mode names no decision: such a scenario is counted apart, neither flipped nor the same.
  const sql = modal
    ? `SELECT COUNT(*) AS compared,
        COALESCE(SUM(a.tied = 0 AND b.tied = 0 AND a.modeDecision IS NOT b.modeDecision), 0) AS flipped,
        COALESCE(SUM(a.tied = 1 OR b.tied = 1), 0) AS tied
      ${modalPairFrom('@keyA', '@keyB')}`
    : `SELECT COUNT(*) AS compared, COALESCE(SUM(a.decision IS NOT b.decision), 0) AS flipped, 0 AS tied ${PAIR_SQL}`;
  return one<{ compared: number; flipped: number; tied: number }>(sqlite, sql, {
    runA,
    runB,
    keyA: pair.a,
    keyB: pair.b,
  })!;
}

export interface FlipRow {
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
  /** Answers giving the side's (modal) decision, of how many: 1 of 1 without repeated samples. */
  aCount: number;
  aAnswers: number;
  bCount: number;
  bAnswers: number;
}

/** One page of flipped scenarios across all pairs: one UNION ALL branch per pair, one ORDER BY/LIMIT over them. */
export function flippedPage(
  sqlite: Sqlite,
  input: { runA: string; runB: string; offset: number; limit: number },
  definitionId: string,
  pairs: ComparedPair[],
  modal = false,
): FlipRow[] {
  const modalBranch = (i: number): string => `SELECT ${i} AS pairIndex, a.scenarioId AS scenarioId,
      s.ordinal AS ordinal, s.dimensions_json AS dimensionsJson, a.modelKey AS aKey, a.transcriptId AS aId,
      a.modeScore AS aScore, a.modeDecision AS aDecision, a.modeCount AS aCount, a.answers AS aAnswers,
      b.modelKey AS bKey, b.transcriptId AS bId, b.modeScore AS bScore, b.modeDecision AS bDecision,
      b.modeCount AS bCount, b.answers AS bAnswers
      ${modalPairFrom(`@keyA${i}`, `@keyB${i}`)}
      LEFT JOIN scenarios s ON s.definition_id = @definitionId AND s.id = a.scenarioId
      WHERE a.tied = 0 AND b.tied = 0 AND a.modeDecision IS NOT b.modeDecision`;
  const branches = pairs.map((pair) =>
    modal
      ? modalBranch(pair.pairIndex)
      : `SELECT ${pair.pairIndex} AS pairIndex, a.scenario_id AS scenarioId, s.ordinal AS ordinal,
      s.dimensions_json AS dimensionsJson, a.model_key AS aKey, a.id AS aId, a.score AS aScore, a.decision AS aDecision,
      b.model_key AS bKey, b.id AS bId, b.score AS bScore, b.decision AS bDecision, 1 AS aCount, 1 AS aAnswers,
      1 AS bCount, 1 AS bAnswers
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
    params[`keyA${pair.pairIndex}`] = pair.a;
    params[`keyB${pair.pairIndex}`] = pair.b;
  }
  return many<FlipRow>(
    sqlite,
    `${branches.join(' UNION ALL ')} ORDER BY pairIndex, ordinal, scenarioId LIMIT @limit OFFSET @offset`,
    params,
  );
}
