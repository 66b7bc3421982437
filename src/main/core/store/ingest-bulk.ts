/**
 * A run of batch answers written set-based (issue 26): one UPDATE completes the jobs and answers each completed job's
 * row (what its transcript takes from the job, and what it took off the counters), one prepared INSERT per answer
 * writes the transcripts, and the counters, token totals and FTS entries the per-row triggers would have kept are kept
 * once per run of answers while the `bulk_write` flag (migration 0022) stands those triggers aside. The decision,
 * version and token counts are folded from the rows as they are written (a handful of groups per page, applied in one
 * statement each), and each row's search entry is written from the answer's own text, so nothing is read back. The
 * flag row lives only inside the caller's transaction: inserted first, deleted last, rolled back with everything else
 * on a failure, so no other connection and no committed state ever sees it and every other writer keeps its triggers.
 * Each change is the trigger's own term summed over the run's rows, so the kept figures stay equal to a recount
 * (tests/integration/batch-ingest-bulk.test.ts).
 */
import type { JobIdentity } from './jobs';
import { insertTranscript, type TranscriptInsert } from './transcripts';
import { many, write, type Sqlite } from './sql';

const IDS = `SELECT value FROM json_each(@ids)`;

/**
 * Completes the named pending jobs of the run (each at most once, however often it is named), answering what each
 * took off the jobs_counts_* triggers' terms: it was pending, retrying (attempts were > 0 before this one), and timed
 * out (its last error) — as completed it counts only as completed. The unary `+` keeps the planner on the primary
 * key: through (run_id, status) it would walk every pending job of the run per page.
 */
const COMPLETE = `UPDATE jobs SET status = 'completed', attempts = attempts + 1, batch_chunk_id = @chunkId,
    updated_at = @iso
  WHERE id IN (${IDS}) AND +status = 'pending' AND +run_id = @runId
  RETURNING id, run_id AS runId, scenario_id AS scenarioId, model_key AS modelKey, provider_id AS providerId,
    model_id AS modelId, model_version AS modelVersion, sample, attempts > 1 AS retrying,
    COALESCE(json_extract(last_error_json, '$.code') = 'TIMEOUT', 0) AS timedOut`;

/** One model's counter change from the completed jobs (@g: [model_key, completed, retrying, timed out]). */
const JOB_COUNTS = `UPDATE run_model_counts SET pending = pending - (g.value ->> 1),
    completed = completed + (g.value ->> 1), retrying = retrying - (g.value ->> 2), timed_out = timed_out - (g.value ->> 3)
  FROM json_each(@groups) AS g WHERE run_id = @runId AND model_key = g.value ->> 0`;

/**
 * Each group: [model_key, decision, parse_path, score, n]. The bucket is the trigger's json_array of the stored row,
 * whose score column is REAL (3 is stored, and keyed, as 3.0): JSON gives an integer, so it is made REAL first.
 */
const DECISIONS = `INSERT INTO run_decision_counts (run_id, model_key, bucket, decision, parse_path, score, n)
  SELECT @runId, g.value ->> 0, json_array(g.value ->> 1, g.value ->> 2, CAST(g.value ->> 3 AS REAL)), g.value ->> 1,
    g.value ->> 2, g.value ->> 3, g.value ->> 4
  FROM json_each(@groups) AS g WHERE true
  ON CONFLICT (run_id, model_key, bucket) DO UPDATE SET n = n + excluded.n`;

/** Each group: [model_key, provider_id, model_id, model_version, reported_model_version, n]. */
const VERSIONS = `INSERT INTO run_version_counts (run_id, model_key, bucket, provider_id, model_id, model_version,
    reported_model_version, n)
  SELECT @runId, g.value ->> 0, json_array(g.value ->> 1, g.value ->> 2, g.value ->> 3, g.value ->> 4), g.value ->> 1,
    g.value ->> 2, g.value ->> 3, g.value ->> 4, g.value ->> 5
  FROM json_each(@groups) AS g WHERE true
  ON CONFLICT (run_id, model_key, bucket) DO UPDATE SET n = n + excluded.n`;

/** Each group: [model_key, input tokens, output tokens, transcripts, transcripts with usage reported]. */
const TOKENS = `UPDATE run_model_counts SET input_tokens = input_tokens + (g.value ->> 1),
    output_tokens = output_tokens + (g.value ->> 2), transcripts = transcripts + (g.value ->> 3),
    usage_reported = usage_reported + (g.value ->> 4)
  FROM json_each(@groups) AS g WHERE run_id = @runId AND model_key = g.value ->> 0`;

/** A transcript's entry in the search index, keyed by its rowid (the text: see BulkAnswer.searchText). */
const FTS = `INSERT INTO transcripts_fts (rowid, answer) VALUES (?, ?)`;

/** Counts per key, the key's parts kept: a page's rows folded into the few groups its counters change by. */
class Groups {
  private readonly groups = new Map<string, (string | number | null)[]>();

  add(parts: (string | number | null)[], ...sums: number[]): void {
    // A key no two different part lists share: each part tagged with its type, a string with its length first.
    let key = '';
    for (const part of parts)
      key += part === null ? 'n;' : typeof part === 'number' ? `d${part};` : `s${part.length}:${part}`;
    const group = this.groups.get(key);
    if (!group) this.groups.set(key, [...parts, ...sums]);
    else sums.forEach((n, i) => (group[parts.length + i] = (group[parts.length + i] as number) + n));
  }

  get json(): string {
    return JSON.stringify([...this.groups.values()]);
  }
}

/** A transcript to write, with the text the transcripts_fts_insert trigger would index for it. */
export interface BulkAnswer extends TranscriptInsert {
  /** Its assistant turns' content, one per line (a batch answer has one: the reply). */
  searchText: string;
}

/** A job as the completing UPDATE answers it: what its transcript takes from the job row. */
export interface CompletedJob extends JobIdentity {
  sample: number;
  retrying: number;
  timedOut: number;
}

/** An answer for a job, its transcript made from the job once the job is completed (a duplicate's never is). */
export interface PendingAnswer {
  jobId: string;
  build: (job: CompletedJob) => BulkAnswer;
}

export interface BulkAnswers<A extends PendingAnswer = PendingAnswer> {
  runId: string;
  chunkId: string;
  iso: string;
  /** In file order: the first answer for a job wins, a later one for the same job is a duplicate. */
  answers: readonly A[];
}

/** How many answers were written (the first for each pending job) and which were not (everything else). */
export interface BulkOutcome<A extends PendingAnswer = PendingAnswer> {
  written: number;
  notWritten: A[];
}

/** Writes a run of answers inside the caller's transaction; the counters come out as the triggers would leave them. */
export function writeAnswers<A extends PendingAnswer>(sqlite: Sqlite, run: BulkAnswers<A>): BulkOutcome<A> {
  if (!sqlite.inTransaction) throw new Error('writeAnswers must run inside a transaction');
  const outcome: BulkOutcome<A> = { written: 0, notWritten: [] };
  if (run.answers.length === 0) return outcome;
  write(sqlite, `INSERT INTO bulk_write (\`on\`) VALUES (1)`);
  try {
    const completed = many<CompletedJob>(sqlite, COMPLETE, {
      ids: JSON.stringify(run.answers.map((a) => a.jobId)),
      chunkId: run.chunkId,
      iso: run.iso,
      runId: run.runId,
    });
    const jobs = new Groups();
    for (const job of completed) jobs.add([job.modelKey], 1, job.retrying, job.timedOut);
    if (completed.length > 0) write(sqlite, JOB_COUNTS, { runId: run.runId, groups: jobs.json });
    // Each completed job, for its transcript; deleted as written, so a second answer for it is a duplicate.
    const open = new Map(completed.map((job) => [job.id, job]));
    const decisions = new Groups();
    const versions = new Groups();
    const tokens = new Groups();
    const search: (number | string)[] = [];
    for (const answer of run.answers) {
      const job = open.get(answer.jobId);
      if (job === undefined) {
        outcome.notWritten.push(answer);
        continue;
      }
      open.delete(answer.jobId);
      const t = answer.build(job);
      search.push(insertTranscript(sqlite, t, job.sample), t.searchText);
      decisions.add([t.modelKey, t.decision, t.parsePath, t.score], 1);
      versions.add([t.modelKey, t.providerId, t.modelId, t.modelVersion, t.reportedModelVersion], 1);
      const reported = t.inputTokens !== null || t.outputTokens !== null ? 1 : 0;
      tokens.add([t.modelKey], t.inputTokens ?? 0, t.outputTokens ?? 0, 1, reported);
      outcome.written += 1;
    }
    if (outcome.written > 0) {
      write(sqlite, DECISIONS, { runId: run.runId, groups: decisions.json });
      write(sqlite, VERSIONS, { runId: run.runId, groups: versions.json });
      write(sqlite, TOKENS, { runId: run.runId, groups: tokens.json });
      // Last: once an FTS5 table is written in a transaction, every later statement that opens a statement savepoint
      // (each transcript INSERT does) makes it flush its pending terms as a new segment; written after them, the
      // page's terms go in as one segment at commit (about 3 µs a row less than indexing each row between inserts).
      for (let i = 0; i < search.length; i += 2) write(sqlite, FTS, search[i], search[i + 1]);
    }
  } finally {
    // SQLite may have rolled the transaction back on its own (a full disk): then the flag went with it.
    if (sqlite.inTransaction) write(sqlite, `DELETE FROM bulk_write`);
  }
  return outcome;
}
