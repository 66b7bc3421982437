/** Batch mode's table (schema.ts re-exports it: drizzle-kit reads the one schema module). */
import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { BATCH_CHUNK_STATES } from '../../../shared/batch';
import { runs } from './schema';

const states = sql.raw(BATCH_CHUNK_STATES.map((v) => `'${v}'`).join(','));

/**
 * Batch mode's outbox: one row per chunk of a batch run (one model, at most the provider's per-batch limits), written
 * with its request file's hash and its jobs' `batch_chunk_id` before anything is sent; the provider's file id and then
 * its batch id are each recorded in their own commit, and ingestion stores how far it read each result file.
 */
export const batchChunks = sqliteTable(
  'batch_chunks',
  {
    id: text('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    modelKey: text('model_key').notNull(),
    chunkNo: integer('chunk_no').notNull(),
    state: text('state').notNull(),
    /** SHA-256 of the exact request bytes (the input file under the data folder's batches/). */
    requestHash: text('request_hash').notNull(),
    requestCount: integer('request_count').notNull(),
    requestBytes: integer('request_bytes').notNull(),
    inputFileId: text('input_file_id'),
    batchId: text('batch_id'),
    providerStatus: text('provider_status'),
    /** The provider's last answer about the batch (normalised by the worker), JSON. */
    viewJson: text('view_json'),
    cancelRequested: integer('cancel_requested').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    errored: integer('errored').notNull().default(0),
    expired: integer('expired').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    duplicateInputTokens: integer('duplicate_input_tokens').notNull().default(0),
    duplicateOutputTokens: integer('duplicate_output_tokens').notNull().default(0),
    /** Bytes of the output and error files already ingested (committed with the rows they produced). */
    outputOffset: integer('output_offset').notNull().default(0),
    errorOffset: integer('error_offset').notNull().default(0),
    estimatedCostUsd: real('estimated_cost_usd'),
    /**
     * The chunk's estimated input tokens (token estimator), counted against the provider's enqueued-token queue of its
     * model while the batch is submitted; null on chunks written before it was recorded (counted as request_bytes / 4).
     */
    estInputTokens: integer('est_input_tokens'),
    nextPollAt: integer('next_poll_at').notNull().default(0),
    pollFailures: integer('poll_failures').notNull().default(0),
    lastErrorJson: text('last_error_json'),
    createdAt: text('created_at').notNull(),
    submittedAt: text('submitted_at'),
    endedAt: text('ended_at'),
    collectedAt: text('collected_at'),
    updatedAt: text('updated_at').notNull(),
    /**
     * Who talks to the provider about this chunk now ("host:pid:token", batches/lease.ts) and until when (epoch ms):
     * taken with one conditional UPDATE, renewed while working, taken over from a dead owner or once expired.
     */
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    /**
     * When (epoch ms) a chunk not yet submitted was admitted to its model's provider queue (batches/queue.ts): set in
     * the same IMMEDIATE transaction that checked the queue, so another process counts it as enqueued before its batch
     * id is recorded; cleared when the chunk waits, is paused or is closed.
     */
    admittedAt: integer('admitted_at'),
  },
  (t) => [
    uniqueIndex('batch_chunks_run_chunk_uq').on(t.runId, t.chunkNo),
    index('batch_chunks_state_idx').on(t.state),
    check('batch_chunks_state_ck', sql`${t.state} in (${states})`),
  ],
);
