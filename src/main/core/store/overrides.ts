/**
 * Decisions coded by hand: a researcher replaces an unparseable or wrong extraction. The hand decision takes the
 * transcript's score/decision (so results, analyses, exports and the counters read it like any other, with
 * parse_path 'override' and decision_source 'override'); the reader's own decision is kept in extracted_* and comes
 * back when the override is cleared. Each change rebuilds the run's decision counters (kept by insert/delete triggers,
 * which an UPDATE does not fire) and is recorded in run_events (which keys the analysis cache), in one transaction.
 */
import { AppError } from '../../../shared/errors';
import { rebuildDecisionCounts } from './decisions';
import { immediate, one, write, type Sqlite } from './sql';

export interface HandDecision {
  score: number | null;
  /** The scale label of `score`, or 'refusal'. */
  decision: string;
  note: string | null;
  at: string;
}

interface OverrideTarget {
  runId: string;
  source: string;
}

function target(sqlite: Sqlite, transcriptId: string): OverrideTarget {
  const row = one<OverrideTarget>(
    sqlite,
    `SELECT run_id AS runId, decision_source AS source FROM transcripts WHERE id = ?`,
    transcriptId,
  );
  if (!row) throw new AppError('NOT_FOUND', `No transcript with id ${transcriptId}`);
  return row;
}

function record(sqlite: Sqlite, runId: string, kind: string, at: string, detail: unknown): void {
  write(
    sqlite,
    `INSERT INTO run_events (run_id, kind, at, detail_json) VALUES (?, ?, ?, ?)`,
    runId,
    kind,
    at,
    JSON.stringify(detail),
  );
}

/** The run a transcript belongs to; NOT_FOUND when there is no such transcript. */
export function transcriptRunId(sqlite: Sqlite, transcriptId: string): string {
  return target(sqlite, transcriptId).runId;
}

/** Codes the transcript's decision by hand (again, when it already was); returns its run's id. */
export function overrideDecision(sqlite: Sqlite, transcriptId: string, hand: HandDecision): string {
  return immediate(sqlite, () => {
    const { runId, source } = target(sqlite, transcriptId);
    if (source === 'extracted') {
      write(
        sqlite,
        `UPDATE transcripts SET extracted_score = score, extracted_decision = decision,
          extracted_parse_path = parse_path WHERE id = ?`,
        transcriptId,
      );
    }
    write(
      sqlite,
      `UPDATE transcripts SET score = ?, decision = ?, parse_path = 'override', decision_source = 'override',
        override_note = ?, overridden_at = ? WHERE id = ?`,
      hand.score,
      hand.decision,
      hand.note,
      hand.at,
      transcriptId,
    );
    rebuildDecisionCounts(sqlite, runId);
    record(sqlite, runId, 'decision_overridden', hand.at, { transcriptId, score: hand.score, note: hand.note });
    return runId;
  });
}

/** Gives the transcript its reader's decision back (nothing to do when it was not overridden); returns its run's id. */
export function clearOverride(sqlite: Sqlite, transcriptId: string, at: string): string {
  return immediate(sqlite, () => {
    const { runId, source } = target(sqlite, transcriptId);
    if (source !== 'override') return runId;
    write(
      sqlite,
      `UPDATE transcripts SET score = extracted_score, decision = extracted_decision,
        parse_path = extracted_parse_path, decision_source = 'extracted', extracted_score = NULL,
        extracted_decision = NULL, extracted_parse_path = NULL, override_note = NULL, overridden_at = NULL WHERE id = ?`,
      transcriptId,
    );
    rebuildDecisionCounts(sqlite, runId);
    record(sqlite, runId, 'decision_override_cleared', at, { transcriptId });
    return runId;
  });
}
