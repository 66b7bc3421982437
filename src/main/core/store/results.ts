/**
 * The results pages' SQL: a run's scenarios one page at a time with every model's outcome per scenario, and the
 * comparison of two runs (counts and the page of scenarios whose decision flipped, one UNION branch per model pair).
 */
import type { ScenarioCell } from '../../../shared/results';
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
    `SELECT j.scenario_id AS scenarioId, j.model_key AS modelKey, j.status AS jobStatus, t.id AS transcriptId,
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

/** Scenarios both models of a pair answered, and how many of them changed decision. */
export function pairCounts(
  sqlite: Sqlite,
  runA: string,
  runB: string,
  pair: ComparedPair,
): { compared: number; flipped: number } {
  return one<{ compared: number; flipped: number }>(
    sqlite,
    `SELECT COUNT(*) AS compared, COALESCE(SUM(a.decision IS NOT b.decision), 0) AS flipped ${PAIR_SQL}`,
    { runA, runB, keyA: pair.a, keyB: pair.b },
  )!;
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
}

/** One page of flipped scenarios across all pairs: one UNION ALL branch per pair, one ORDER BY/LIMIT over them. */
export function flippedPage(
  sqlite: Sqlite,
  input: { runA: string; runB: string; offset: number; limit: number },
  definitionId: string,
  pairs: ComparedPair[],
): FlipRow[] {
  const branches = pairs.map(
    (pair) => `SELECT ${pair.pairIndex} AS pairIndex, a.scenario_id AS scenarioId, s.ordinal AS ordinal,
      s.dimensions_json AS dimensionsJson, a.model_key AS aKey, a.id AS aId, a.score AS aScore, a.decision AS aDecision,
      b.model_key AS bKey, b.id AS bId, b.score AS bScore, b.decision AS bDecision
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
