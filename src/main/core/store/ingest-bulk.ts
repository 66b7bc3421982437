/**
 * A run of batch answers written set-based (issue 26): one UPDATE completes the jobs, one prepared INSERT per answer
 * writes the transcripts, and the counters, token totals and FTS entries the per-row triggers would have kept are
 * kept once per run of answers, aggregated, while the `bulk_write` flag (migration 0021) stands those triggers aside.
 * The flag row lives only inside the caller's transaction: inserted first, deleted last, rolled back with everything
 * else on a failure, so no other connection and no committed state ever sees it and every other writer keeps its
 * triggers. Each aggregate below is the trigger's own expression summed over the run's rows, so the kept figures stay
 * equal to a recount (tests/integration/batch-ingest-bulk.test.ts).
 */
import { insertTranscript, type TranscriptInsert } from './transcripts';
import { many, write, type Sqlite } from './sql';

const IDS = `SELECT value FROM json_each(@ids)`;

/** What a set of jobs adds to their run's and model's counters: the jobs_counts_* triggers' terms, summed. */
const JOB_TERMS = `SELECT run_id AS r, model_key AS m, SUM(status = 'pending') AS d_pending,
    SUM(status = 'running') AS d_running, SUM(status = 'completed') AS d_completed, SUM(status = 'failed') AS d_failed,
    SUM(status = 'cancelled') AS d_cancelled, SUM(status = 'pending' AND attempts > 0) AS d_retrying,
    SUM(status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(last_error_json, '$.code') = 'TIMEOUT', 0))
      AS d_timed_out
  FROM jobs WHERE id IN (${IDS}) GROUP BY run_id, model_key`;

/** Adds (@sign = 1) or takes away (@sign = -1) the jobs' terms from run_model_counts. */
const JOB_COUNTS = `UPDATE run_model_counts SET pending = pending + @sign * d_pending,
    running = running + @sign * d_running, completed = completed + @sign * d_completed,
    failed = failed + @sign * d_failed, cancelled = cancelled + @sign * d_cancelled,
    retrying = retrying + @sign * d_retrying, timed_out = timed_out + @sign * d_timed_out
  FROM (${JOB_TERMS}) WHERE run_id = r AND model_key = m`;

/**
 * Completes the named pending jobs of the run (each at most once, however often it is named). The unary `+` keeps
 * the planner on the primary key: through (run_id, status) it would walk every pending job of the run per page.
 */
const COMPLETE = `UPDATE jobs SET status = 'completed', attempts = attempts + 1, batch_chunk_id = @chunkId,
    updated_at = @iso
  WHERE id IN (${IDS}) AND +status = 'pending' AND +run_id = @runId RETURNING id`;

const DECISIONS = `INSERT INTO run_decision_counts (run_id, model_key, bucket, decision, parse_path, score, n)
  SELECT run_id, model_key, json_array(decision, parse_path, score), decision, parse_path, score, COUNT(*)
  FROM transcripts WHERE job_id IN (${IDS}) GROUP BY run_id, model_key, decision, parse_path, score
  ON CONFLICT (run_id, model_key, bucket) DO UPDATE SET n = n + excluded.n`;

const VERSIONS = `INSERT INTO run_version_counts (run_id, model_key, bucket, provider_id, model_id, model_version,
    reported_model_version, n)
  SELECT run_id, model_key, json_array(provider_id, model_id, model_version, reported_model_version), provider_id,
    model_id, model_version, reported_model_version, COUNT(*)
  FROM transcripts WHERE job_id IN (${IDS})
  GROUP BY run_id, model_key, provider_id, model_id, model_version, reported_model_version
  ON CONFLICT (run_id, model_key, bucket) DO UPDATE SET n = n + excluded.n`;

const TOKENS = `UPDATE run_model_counts SET input_tokens = input_tokens + d_input, output_tokens = output_tokens + d_output,
    transcripts = transcripts + d_n, usage_reported = usage_reported + d_reported
  FROM (
    SELECT run_id AS r, model_key AS m, SUM(COALESCE(input_tokens, 0)) AS d_input,
      SUM(COALESCE(output_tokens, 0)) AS d_output, COUNT(*) AS d_n,
      SUM(input_tokens IS NOT NULL OR output_tokens IS NOT NULL) AS d_reported
    FROM transcripts WHERE job_id IN (${IDS}) GROUP BY run_id, model_key
  ) WHERE run_id = r AND model_key = m`;

/** The same answer text the transcripts_fts_insert trigger indexes: the assistant turns, one per line. */
const FTS = `INSERT INTO transcripts_fts (rowid, answer)
  SELECT t.rowid, COALESCE(
    (SELECT group_concat(json_extract(j.value, '$.content'), char(10)) FROM json_each(t.turns_json) AS j
      WHERE json_extract(j.value, '$.role') = 'assistant'), '')
  FROM transcripts AS t WHERE t.job_id IN (${IDS})`;

export interface BulkAnswers {
  runId: string;
  chunkId: string;
  iso: string;
  /** In file order: the first answer for a job wins, a later one for the same job is a duplicate. */
  answers: readonly TranscriptInsert[];
}

/** Which answers were written (the first for each pending job) and which were duplicates (everything else). */
export interface BulkOutcome {
  written: TranscriptInsert[];
  duplicates: TranscriptInsert[];
}

/** Writes a run of answers inside the caller's transaction; the counters come out as the triggers would leave them. */
export function writeAnswers(sqlite: Sqlite, run: BulkAnswers): BulkOutcome {
  if (!sqlite.inTransaction) throw new Error('writeAnswers must run inside a transaction');
  const outcome: BulkOutcome = { written: [], duplicates: [] };
  if (run.answers.length === 0) return outcome;
  const named = JSON.stringify(run.answers.map((a) => a.jobId));
  write(sqlite, `INSERT INTO bulk_write (\`on\`) VALUES (1)`);
  try {
    write(sqlite, JOB_COUNTS, { ids: named, sign: -1 });
    const completed = new Set(
      many<{ id: string }>(sqlite, COMPLETE, { ids: named, chunkId: run.chunkId, iso: run.iso, runId: run.runId }).map(
        (row) => row.id,
      ),
    );
    write(sqlite, JOB_COUNTS, { ids: named, sign: 1 });
    for (const answer of run.answers) {
      if (completed.delete(answer.jobId)) {
        insertTranscript(sqlite, answer);
        outcome.written.push(answer);
      } else outcome.duplicates.push(answer);
    }
    if (outcome.written.length > 0) {
      const ids = JSON.stringify(outcome.written.map((a) => a.jobId));
      write(sqlite, DECISIONS, { ids });
      write(sqlite, VERSIONS, { ids });
      write(sqlite, TOKENS, { ids });
      write(sqlite, FTS, { ids });
    }
  } finally {
    // SQLite may have rolled the transaction back on its own (a full disk): then the flag went with it.
    if (sqlite.inTransaction) write(sqlite, `DELETE FROM bulk_write`);
  }
  return outcome;
}
