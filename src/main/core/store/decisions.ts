/**
 * Decisions read again from stored replies (re-extraction) and the run's history of such changes: the stored replies
 * are paged in index order, changed decisions are written with the results counters rebuilt for the run and the event
 * recorded, all in one transaction; a few unparseable replies per model are read as examples for the results' warning.
 */
import { many, one, write, immediate, type Sqlite } from './sql';

export interface StoredReply {
  id: string;
  scenarioId: string;
  rowid: number;
  turnsJson: string;
  score: number | null;
  decision: string;
  parsePath: string;
  /** 'reversed' when the reply was given on the mirrored scale (counterbalancing); else canonical or null. */
  scaleOrder: string | null;
}

export interface ReplyCursor {
  scenarioId: string;
  rowid: number;
}

/**
 * Which stored decisions a re-extraction may replace: only the reader's own. A decision a person coded by hand
 * (decision_source 'override') is never replaced by the reader's, even when the override lands while the worker reads.
 */
export const REEXTRACTABLE = `AND decision_source = 'extracted'`;

/** One page of a run's replies after `cursor`, in the order of transcripts_run_idx (scenario, then rowid). */
export function replyPage(sqlite: Sqlite, runId: string, cursor: ReplyCursor | null, limit: number): StoredReply[] {
  const columns = `id, scenario_id AS scenarioId, rowid, turns_json AS turnsJson, score, decision,
    parse_path AS parsePath, scale_order AS scaleOrder`;
  if (!cursor) {
    return many<StoredReply>(
      sqlite,
      `SELECT ${columns} FROM transcripts WHERE run_id = ? ${REEXTRACTABLE} ORDER BY scenario_id, rowid LIMIT ?`,
      runId,
      limit,
    );
  }
  return many<StoredReply>(
    sqlite,
    `SELECT ${columns} FROM transcripts WHERE run_id = ? ${REEXTRACTABLE}
      AND (scenario_id > ? OR (scenario_id = ? AND rowid > ?)) ORDER BY scenario_id, rowid LIMIT ?`,
    runId,
    cursor.scenarioId,
    cursor.scenarioId,
    cursor.rowid,
    limit,
  );
}

export interface DecisionChange {
  id: string;
  score: number | null;
  decision: string;
  parsePath: string;
}

export interface RunEventRow {
  id: number;
  kind: string;
  at: string;
  detailJson: string;
}

/**
 * Writes the changed decisions, rebuilds the run's decision counters (kept by insert/delete triggers, which an UPDATE
 * does not fire) and records the event (if any), in one transaction: a reader sees the run before or after, never between.
 */
export function applyDecisionChanges(
  sqlite: Sqlite,
  runId: string,
  changes: readonly DecisionChange[],
  event: { kind: string; at: string; detail: unknown } | null,
): void {
  immediate(sqlite, () => {
    for (const c of changes) {
      write(
        sqlite,
        `UPDATE transcripts SET score = ?, decision = ?, parse_path = ? WHERE id = ? AND run_id = ? ${REEXTRACTABLE}`,
        c.score,
        c.decision,
        c.parsePath,
        c.id,
        runId,
      );
    }
    if (changes.length > 0) rebuildDecisionCounts(sqlite, runId);
    if (!event) return;
    write(
      sqlite,
      `INSERT INTO run_events (run_id, kind, at, detail_json) VALUES (?, ?, ?, ?)`,
      runId,
      event.kind,
      event.at,
      JSON.stringify(event.detail),
    );
  });
}

/** run_decision_counts for one run, computed again from its transcripts (as migration 0006's backfill does). */
export function rebuildDecisionCounts(sqlite: Sqlite, runId: string): void {
  write(sqlite, `DELETE FROM run_decision_counts WHERE run_id = ?`, runId);
  write(
    sqlite,
    `INSERT INTO run_decision_counts (run_id, model_key, bucket, decision, parse_path, score, n)
      SELECT run_id, model_key, json_array(decision, parse_path, score), decision, parse_path, score, COUNT(*)
      FROM transcripts WHERE run_id = ? GROUP BY model_key, decision, parse_path, score`,
    runId,
  );
}

/** The run's history, oldest first. */
export function runEvents(sqlite: Sqlite, runId: string): RunEventRow[] {
  return many<RunEventRow>(
    sqlite,
    `SELECT id, kind, at, detail_json AS detailJson FROM run_events WHERE run_id = ? ORDER BY id`,
    runId,
  );
}

/** How many events the run has had: part of the analysis cache's key, so a re-extraction is never served stale. */
export function runEventCount(sqlite: Sqlite, runId: string): number {
  return one<{ n: number }>(sqlite, `SELECT COUNT(*) AS n FROM run_events WHERE run_id = ?`, runId)?.n ?? 0;
}

/** The first few unparseable replies of one model (examples for the results' warning). */
export function unparseableExamples(
  sqlite: Sqlite,
  runId: string,
  modelKey: string,
  limit: number,
): Array<{ id: string; turnsJson: string }> {
  return many<{ id: string; turnsJson: string }>(
    sqlite,
    // The inner query reads transcripts_run_decision_idx alone, in its order, and stops at `limit`.
    `SELECT id, turns_json AS turnsJson FROM transcripts WHERE id IN (SELECT id FROM transcripts
      WHERE run_id = ? AND model_key = ? AND parse_path = 'unparseable' ORDER BY scenario_id LIMIT ?) ORDER BY id`,
    runId,
    modelKey,
    limit,
  );
}
