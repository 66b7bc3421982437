/**
 * Set-based batch ingestion (store/ingest-bulk.ts) stands the per-row triggers aside and keeps the counters, token
 * totals and FTS entries itself, once per run of answers. After pages that mix answers, repeats within and across
 * pages, lines sent back, failed and unreadable, on jobs that had retried and timed out before, every kept figure
 * must equal a recount from the tables, the FTS index must find exactly the answers that hold a word, the flag must
 * never outlive a page (committed or rolled back), and the triggers must be back for the next writer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StaleChunk } from '../../src/main/core/store/batch-chunks';
import {
  ingestPage,
  jobsForIngest,
  type IngestJob,
  type IngestAnswer,
  type IngestLine,
  type IngestPage,
} from '../../src/main/core/store/batch-ingest';
import { writeAnswers, type BulkAnswer } from '../../src/main/core/store/ingest-bulk';
import { makeTestDb, type TestDb } from '../helpers/db';

const models = [
  { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null },
  { providerId: 'openai', modelId: 'gpt-4o', modelVersion: '2024-08-06' },
] as const;

const COUNTED = `SELECT j.run_id, j.model_key, SUM(status = 'pending') AS pending, SUM(status = 'running') AS running,
    SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed, SUM(status = 'cancelled') AS cancelled,
    SUM(status = 'pending' AND attempts > 0) AS retrying,
    SUM(status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(last_error_json, '$.code') = 'TIMEOUT', 0))
      AS timed_out,
    COALESCE((SELECT SUM(COALESCE(input_tokens, 0)) FROM transcripts t WHERE t.run_id = j.run_id
      AND t.model_key = j.model_key), 0) AS input_tokens,
    COALESCE((SELECT SUM(COALESCE(output_tokens, 0)) FROM transcripts t WHERE t.run_id = j.run_id
      AND t.model_key = j.model_key), 0) AS output_tokens,
    (SELECT COUNT(*) FROM transcripts t WHERE t.run_id = j.run_id AND t.model_key = j.model_key) AS transcripts,
    (SELECT COUNT(*) FROM transcripts t WHERE t.run_id = j.run_id AND t.model_key = j.model_key
      AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)) AS usage_reported
  FROM jobs j GROUP BY j.run_id, j.model_key ORDER BY 1, 2`;
const KEPT = `SELECT run_id, model_key, pending, running, completed, failed, cancelled, retrying, timed_out, input_tokens,
    output_tokens, transcripts, usage_reported FROM run_model_counts ORDER BY 1, 2`;
const DECISIONS_COUNTED = `SELECT run_id, model_key, decision, parse_path, score, COUNT(*) AS n FROM transcripts
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
const DECISIONS_KEPT = `SELECT run_id, model_key, decision, parse_path, score, n FROM run_decision_counts WHERE n > 0
  ORDER BY 1, 2, 3, 4, 5`;
const VERSIONS_COUNTED = `SELECT run_id, model_key, provider_id, model_id, model_version, reported_model_version,
  COUNT(*) AS n FROM transcripts GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`;
const VERSIONS_KEPT = `SELECT run_id, model_key, provider_id, model_id, model_version, reported_model_version, n
  FROM run_version_counts WHERE n > 0 ORDER BY 1, 2, 3, 4, 5, 6`;

const WORDS = ['heron', 'quartz', 'lantern'];

function answer(job: IngestJob, i: number): BulkAnswer {
  const score = (i % 5) + 1;
  const reply = `Weighing it, ${WORDS[i % WORDS.length]} ${i}.\n\nRating: ${score}`;
  const turns = [
    { role: 'user', content: job.prompt },
    { role: 'assistant', content: reply },
  ];
  return {
    id: `tr_bulk_${i}_${job.id}`,
    runId: job.runId,
    jobId: job.id,
    scenarioId: job.scenarioId,
    modelKey: job.modelKey,
    providerId: job.providerId,
    modelId: job.modelId,
    modelVersion: job.modelVersion,
    reportedModelVersion: i % 3 === 0 ? null : `v${i % 2}`,
    snapshotHash: job.snapshotHash,
    turnsJson: JSON.stringify(turns),
    truncated: false,
    notes: [],
    turnCount: 2,
    wordCount: reply.split(/\s+/).length,
    inputTokens: i % 7 === 0 ? null : 50 + i,
    outputTokens: i % 7 === 0 ? null : 10 + (i % 4),
    totalTokens: null,
    requestParamsJson: '{"tier":"batch"}',
    searchText: reply,
    score: i % 11 === 0 ? null : score,
    decision: i % 11 === 0 ? 'refusal' : String(score),
    parsePath: i % 11 === 0 ? 'refusal' : 'explicit_rating',
    createdAt: new Date().toISOString(),
    startedAt: null,
    completedAt: null,
    durationMs: null,
    tier: 'batch',
    batchId: 'batch_x',
  };
}

describe('set-based batch ingestion', () => {
  let t: TestDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  it('keeps every counter, token total and FTS entry equal to a recount, and leaves the triggers on', async () => {
    t = await makeTestDb();
    const sqlite = t.database.sqlite;
    const runId = t.newRun([...models], { samples: 5, maxAttempts: 2 });
    const ids = (sqlite.prepare(`SELECT id FROM jobs WHERE run_id = ? ORDER BY ordinal`).all(runId) as { id: string }[])
      .map((row) => row.id)
      .slice(0, 40);
    expect(ids.length).toBe(40);
    // Some jobs had retried and timed out before they were batched (kept by the triggers, as the scheduler does).
    sqlite
      .prepare(
        `UPDATE jobs SET attempts = 1, last_error_json = json_object('code', 'TIMEOUT', 'message', 'slow')
          WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .run(JSON.stringify(ids.filter((_, i) => i % 4 === 0)));
    const iso = new Date().toISOString();
    sqlite
      .prepare(
        `INSERT INTO batch_chunks (id, run_id, provider_id, model_key, chunk_no, state, request_hash, request_count,
          request_bytes, created_at, updated_at) VALUES ('bch_1', ?, 'openai', 'x', 1, 'ended', 'h', 40, 0, ?, ?)`,
      )
      .run(runId, iso, iso);
    sqlite
      .prepare(`UPDATE jobs SET batch_chunk_id = 'bch_1' WHERE id IN (SELECT value FROM json_each(?))`)
      .run(JSON.stringify(ids));
    expect(sqlite.prepare(KEPT).all()).toEqual(sqlite.prepare(COUNTED).all());

    const jobs = jobsForIngest(sqlite, runId, ids);
    const job = (i: number): IngestJob => jobs.get(ids[i]!)!;
    // Answer n for job i; its transcript is made from the row the completing UPDATE answers, which must be that job's.
    const said = (i: number, n = i): IngestAnswer => {
      const t = answer(job(i), n);
      return {
        kind: 'answer',
        jobId: ids[i]!,
        inputTokens: t.inputTokens,
        outputTokens: t.outputTokens,
        build: (completed) => {
          expect(completed).toMatchObject({ id: t.jobId, scenarioId: t.scenarioId, modelKey: t.modelKey });
          return t;
        },
      };
    };
    const error = { code: 'server_error', message: 'no', status: 500 };
    const first: IngestLine[] = [
      ...Array.from({ length: 12 }, (_, i): IngestLine => said(i)),
      said(3, 103), // repeated within the page
      { kind: 'unanswered', jobId: ids[12]!, outcome: 'expired', error },
      { kind: 'unreadable' },
      // An answer naming no job of this run: counted as unreadable, never built, never a duplicate.
      {
        kind: 'answer',
        jobId: 'job_of_no_run',
        inputTokens: 5,
        outputTokens: 5,
        build: () => {
          throw new Error('an answer for no job of the run was built');
        },
      },
      ...Array.from({ length: 8 }, (_, k): IngestLine => said(13 + k)),
      { kind: 'unanswered', jobId: ids[21]!, outcome: 'errored', error },
      { kind: 'unanswered', jobId: ids[22]!, outcome: 'errored', error },
    ];
    // ids[22] had a batch error before: this one fails it for good (maxAttempts 2).
    sqlite
      .prepare(`UPDATE jobs SET errors_json = json_array(json_object('code', 'BATCH_ERRORED')) WHERE id = ?`)
      .run(ids[22]);
    const page = (from: number, to: number, lines: IngestLine[]): IngestPage => ({
      chunkId: 'bch_1',
      runId,
      file: 'output',
      from,
      to,
      lines,
    });
    expect(ingestPage(sqlite, page(0, 100, first))).toEqual({
      completed: 20,
      duplicates: 1,
      requeued: 2,
      failed: 1,
    });
    expect(
      sqlite.prepare(`SELECT succeeded, errored, expired, duplicates FROM batch_chunks WHERE id = 'bch_1'`).get(),
    ).toEqual({ succeeded: 21, errored: 4, expired: 1, duplicates: 1 });
    const second: IngestLine[] = [
      said(5, 205), // repeated across pages
      ...Array.from({ length: 17 }, (_, k): IngestLine => said(23 + k)),
    ];
    expect(ingestPage(sqlite, page(100, 200, second))).toMatchObject({ completed: 17, duplicates: 1 });
    // The flag only ever lives inside a page's transaction: outside one, the bulk writer refuses to start.
    expect(() => writeAnswers(sqlite, { runId, chunkId: 'bch_1', iso, answers: [said(30)] })).toThrow(
      /inside a transaction/,
    );
    // A page another process already wrote rolls back whole, flag included.
    expect(() => ingestPage(sqlite, page(100, 300, second))).toThrow(StaleChunk);

    const promptWord = /[A-Za-z]{4,}/.exec(job(0).prompt)![0];
    const recount = (): void => {
      expect(sqlite.prepare(KEPT).all()).toEqual(sqlite.prepare(COUNTED).all());
      expect(sqlite.prepare(DECISIONS_KEPT).all()).toEqual(sqlite.prepare(DECISIONS_COUNTED).all());
      expect(sqlite.prepare(VERSIONS_KEPT).all()).toEqual(sqlite.prepare(VERSIONS_COUNTED).all());
      expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM bulk_write`).get()).toEqual({ n: 0 });
      // Buckets are the triggers' own keys: a bulk-written bucket the delete trigger would not find stays too high.
      const stray = `SELECT
        (SELECT COUNT(*) FROM run_decision_counts AS c WHERE n > 0 AND NOT EXISTS (SELECT 1 FROM transcripts AS t
          WHERE t.run_id = c.run_id AND t.model_key = c.model_key
            AND json_array(t.decision, t.parse_path, t.score) = c.bucket))
        + (SELECT COUNT(*) FROM run_version_counts AS c WHERE n > 0 AND NOT EXISTS (SELECT 1 FROM transcripts AS t
          WHERE t.run_id = c.run_id AND t.model_key = c.model_key
            AND json_array(t.provider_id, t.model_id, t.model_version, t.reported_model_version) = c.bucket)) AS n`;
      expect(sqlite.prepare(stray).get()).toEqual({ n: 0 });
      // Only the assistant turns are indexed: a word of the prompt finds nothing.
      for (const word of [...WORDS, promptWord]) {
        const found = sqlite
          .prepare(`SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ? ORDER BY rowid`)
          .all(`"${word}"`);
        const holding = sqlite
          .prepare(
            `SELECT rowid FROM transcripts WHERE EXISTS (SELECT 1 FROM json_each(turns_json) AS j
              WHERE j.value ->> 'role' = 'assistant' AND j.value ->> 'content' LIKE ?) ORDER BY rowid`,
          )
          .all(`%${word}%`);
        expect(found.length).toBe(word === promptWord ? 0 : holding.length);
        expect(found).toEqual(holding);
        if (word !== promptWord) expect(found.length).toBeGreaterThan(0);
      }
    };
    recount();
    const counts = sqlite.prepare(`SELECT completed, pending, retrying, timed_out FROM run_model_counts`).all();
    expect(counts.some((row) => (row as { completed: number }).completed > 0)).toBe(true);
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM transcripts`).get()).toEqual({ n: 37 });

    // The single-row writers after it still have their triggers: a delete (as a run delete does) and a requeue.
    sqlite.prepare(`DELETE FROM transcripts WHERE job_id = ?`).run(ids[0]);
    sqlite.prepare(`UPDATE jobs SET status = 'pending', attempts = attempts + 1 WHERE id = ?`).run(ids[0]);
    sqlite.prepare(`UPDATE jobs SET status = 'running' WHERE id = ?`).run(ids[1]);
    recount();
  });
});
