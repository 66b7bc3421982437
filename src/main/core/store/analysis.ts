/**
 * The analyses' SQL: one GROUP BY over a run's transcripts (decision counts per model, scenario and decision, read
 * from a covering index) and the dimension values of the scenarios the run answered.
 */
import { many, one, type Sqlite } from './sql';

/** Identical decisions of one model on one scenario, counted, with the first transcript id to link to. */
export interface DecisionGroupRow {
  modelKey: string;
  scenarioId: string;
  score: number | null;
  decision: string;
  parsePath: string;
  n: number;
  transcriptId: string;
}

export const DECISION_GROUPS_SQL = `SELECT model_key AS modelKey, scenario_id AS scenarioId, score, decision,
  parse_path AS parsePath, COUNT(*) AS n, MIN(id) AS transcriptId
 FROM transcripts WHERE run_id = ? GROUP BY model_key, scenario_id, score, decision, parse_path`;

export function decisionGroups(sqlite: Sqlite, runId: string): DecisionGroupRow[] {
  return many<DecisionGroupRow>(sqlite, DECISION_GROUPS_SQL, runId);
}

export const SCENARIO_DIMENSIONS_SQL = `SELECT s.id AS scenarioId, s.dimensions_json AS dimensionsJson, s.wording,
 s.scale_order AS scaleOrder FROM scenarios s
 WHERE s.definition_id = ? AND s.id IN (SELECT scenario_id FROM transcripts WHERE run_id = ?)`;

/** The stored dimension values (and counterbalancing labels) of every scenario the run has a transcript for. */
export function answeredScenarioDimensions(
  sqlite: Sqlite,
  definitionId: string,
  runId: string,
): { scenarioId: string; dimensionsJson: string; wording: string | null; scaleOrder: string | null }[] {
  return many(sqlite, SCENARIO_DIMENSIONS_SQL, definitionId, runId);
}

/** How many transcripts the run has (from the index): decides whether an analysis runs off the main thread. */
export function transcriptCount(sqlite: Sqlite, runId: string): number {
  return one<{ n: number }>(sqlite, `SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`, runId)?.n ?? 0;
}

/** SQLite's plan for a statement, for the tests that hold the analyses to their indexes. */
export function queryPlan(sqlite: Sqlite, sql: string, ...params: unknown[]): string[] {
  return many<{ detail: string }>(sqlite, `EXPLAIN QUERY PLAN ${sql}`, ...params).map((row) => row.detail);
}
