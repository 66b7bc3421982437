/**
 * The SQLite schema (drizzle, for drizzle-kit's generated migrations): definitions and their scenarios, runs, jobs as
 * rows, transcripts, provider settings. Queries do not use it: they are raw SQL in store/.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { JOB_STATUSES, RUN_STATUSES } from '../../../shared/domain';

/** A CHECK's value list from the shared status array, so the database and the code can never disagree. */
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(','));

export const definitions = sqliteTable(
  'definitions',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    contentJson: text('content_json').notNull(),
    contentHash: text('content_hash').notNull(),
    sourceFileName: text('source_file_name'),
    createdAt: text('created_at').notNull(),
    lastAccessedAt: text('last_accessed_at'),
    /** The family of versions this row belongs to (its first version's id); null on rows from before versions: own id. */
    familyId: text('family_id'),
    /** 1 for a family's first version, +1 per saved edit; unique in the family (two writers cannot both save v2). */
    version: integer('version').notNull().default(1),
    /** The exact text the researcher wrote, and its format ('yaml' | 'json'); null on rows from before (made from content). */
    sourceText: text('source_text'),
    sourceFormat: text('source_format'),
    /** Set on every version of an archived family: hidden from the list, runs kept. */
    archivedAt: text('archived_at'),
  },
  (t) => [
    // Not unique: a duplicate (another family) may have the same content; the importer still answers alreadyImported.
    index('definitions_content_hash_idx').on(t.contentHash),
    uniqueIndex('definitions_family_version_uq').on(t.familyId, t.version),
  ],
);

export const scenarios = sqliteTable(
  'scenarios',
  {
    definitionId: text('definition_id')
      .notNull()
      .references(() => definitions.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    ordinal: integer('ordinal').notNull(),
    dimensionsJson: text('dimensions_json').notNull(),
    prompt: text('prompt').notNull(),
    /** Counterbalancing (definitions/counterbalance.ts): the wording variant ("w2") and scale order; null = canonical. */
    wording: text('wording'),
    scaleOrder: text('scale_order'),
  },
  (t) => [
    uniqueIndex('scenarios_pk').on(t.definitionId, t.id),
    index('scenarios_ordinal_idx').on(t.definitionId, t.ordinal),
  ],
);

/** Content-addressed definition snapshots: every transcript points at the exact definition it was run with. */
export const definitionSnapshots = sqliteTable('definition_snapshots', {
  hash: text('hash').primaryKey(),
  contentJson: text('content_json').notNull(),
  createdAt: text('created_at').notNull(),
});

export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    definitionId: text('definition_id')
      .notNull()
      .references(() => definitions.id),
    parentRunId: text('parent_run_id'),
    requestId: text('request_id'),
    status: text('status').notNull(),
    runType: text('run_type').notNull(),
    snapshotHash: text('snapshot_hash')
      .notNull()
      .references(() => definitionSnapshots.hash),
    configJson: text('config_json').notNull(),
    total: integer('total').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    createdAt: text('created_at').notNull(),
    queuedAt: text('queued_at'),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    lastAccessedAt: text('last_accessed_at'),
    /** Why the run paused itself (a full disk), shown until a resume clears it; null after a person's pause. */
    pauseReason: text('pause_reason'),
    /** The researcher's name for the run (null: none given, the definition's name stands in). */
    name: text('name'),
    /** The researcher's notes on the run (empty when none). */
    notes: text('notes').notNull().default(''),
    /** When the run was archived (hidden from the Runs list by default, still openable); null when not archived. */
    archivedAt: text('archived_at'),
  },
  (t) => [
    index('runs_created_idx').on(t.createdAt),
    index('runs_status_idx').on(t.status),
    uniqueIndex('runs_request_uq').on(t.requestId),
    check('runs_status_ck', sql`${t.status} in (${inList(RUN_STATUSES)})`),
  ],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    modelKey: text('model_key').notNull(),
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version'),
    /** Which repetition of this scenario and model (1-based, 1..the run's `samples`); runs before samples have 1. */
    sample: integer('sample').notNull().default(1),
    ordinal: integer('ordinal').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(4),
    runAfter: integer('run_after').notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    lastErrorJson: text('last_error_json'),
    errorsJson: text('errors_json').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * The batch chunk the job was sent in (batch mode), null when it is not in one. A batched job stays 'pending' (the
     * status CHECK and its counters are untouched, no table rebuild): the real-time claim skips batch runs.
     */
    batchChunkId: text('batch_chunk_id'),
  },
  (t) => [
    index('jobs_batch_chunk_idx')
      .on(t.batchChunkId)
      .where(sql`batch_chunk_id IS NOT NULL`),
    uniqueIndex('jobs_run_scenario_model_sample_uq').on(t.runId, t.scenarioId, t.modelKey, t.sample),
    // The claim reads pending jobs of one run and one provider in ordinal order: only pending rows are indexed.
    index('jobs_pending_idx')
      .on(t.runId, t.providerId, t.ordinal)
      .where(sql`status = 'pending'`),
    // The lease check reads the few running rows whose lease ran out, without scanning the table.
    index('jobs_lease_idx')
      .on(t.leaseExpiresAt)
      .where(sql`status = 'running'`),
    index('jobs_run_status_idx').on(t.runId, t.status),
    check('jobs_status_ck', sql`${t.status} in (${inList(JOB_STATUSES)})`),
  ],
);

/**
 * Jobs per run, model and status, kept by triggers on `jobs` (migration 0002_job_counters) in the same statement as
 * each job's change, so progress, `status`, `runs` and `finalize` never count the jobs table.
 */
export const runModelCounts = sqliteTable(
  'run_model_counts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    modelKey: text('model_key').notNull(),
    pending: integer('pending').notNull().default(0),
    running: integer('running').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    /** Pending jobs that already had an attempt. */
    retrying: integer('retrying').notNull().default(0),
    /** Pending, running or failed jobs whose latest attempt timed out. */
    timedOut: integer('timed_out').notNull().default(0),
    /** Tokens the providers reported, summed over the model's transcripts (triggers on `transcripts`). */
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    /** Transcripts written, and how many of them carried reported usage. */
    transcripts: integer('transcripts').notNull().default(0),
    usageReported: integer('usage_reported').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.modelKey] })],
);

/** Failed attempts per run, model and error code (kept by the same triggers): seen, retried, final, one example. */
export const runErrorCounts = sqliteTable(
  'run_error_counts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    modelKey: text('model_key').notNull(),
    code: text('code').notNull(),
    /** Failed attempts with this code. */
    attempts: integer('attempts').notNull().default(0),
    /** Of those, the ones another attempt followed. */
    retried: integer('retried').notNull().default(0),
    /** Jobs failed for good whose last error has this code. */
    final: integer('final').notNull().default(0),
    example: text('example'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.modelKey, t.code] })],
);

/**
 * Transcripts per run, model, decision, parse path and score (the results summary's distribution), kept by triggers on
 * `transcripts` (migration 0005): `bucket` is the JSON array [decision, parse_path, score], a key that NULLs cannot split.
 */
export const runDecisionCounts = sqliteTable(
  'run_decision_counts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    modelKey: text('model_key').notNull(),
    bucket: text('bucket').notNull(),
    decision: text('decision').notNull(),
    parsePath: text('parse_path').notNull(),
    score: real('score'),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.modelKey, t.bucket] })],
);

/** Transcripts per run, model and version pair (requested, reported), kept the same way; `bucket` as above. */
export const runVersionCounts = sqliteTable(
  'run_version_counts',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    modelKey: text('model_key').notNull(),
    bucket: text('bucket').notNull(),
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version'),
    reportedModelVersion: text('reported_model_version'),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.modelKey, t.bucket] })],
);

export const transcripts = sqliteTable(
  'transcripts',
  {
    id: text('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    jobId: text('job_id').notNull(),
    scenarioId: text('scenario_id').notNull(),
    modelKey: text('model_key').notNull(),
    /** The job's sample index (copied from it on insert), so export and results need no join. */
    sample: integer('sample').notNull().default(1),
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version'),
    reportedModelVersion: text('reported_model_version'),
    snapshotHash: text('snapshot_hash').notNull(),
    /** The rendered conversation; '' when it is derived from `turns_json` on reading (the reply is stored once). */
    content: text('content').notNull(),
    turnsJson: text('turns_json').notNull(),
    /** 1 when the provider's answer was cut at the size cap. */
    truncated: integer('truncated').notNull().default(0),
    /** The worker's notes on the answer (JSON array of strings), null when there were none. */
    notesJson: text('notes_json'),
    turnCount: integer('turn_count').notNull(),
    wordCount: integer('word_count').notNull(),
    inputTokens: integer('input_tokens'),
    outputTokens: integer('output_tokens'),
    totalTokens: integer('total_tokens'),
    requestParamsJson: text('request_params_json').notNull(),
    score: real('score'),
    decision: text('decision').notNull(),
    parsePath: text('parse_path').notNull(),
    /**
     * 'extracted' (the worker's reader placed score/decision/parse_path) or 'override' (a researcher coded it by hand:
     * score/decision carry the hand decision, parse_path 'override', and the reader's stays in extracted_*).
     */
    decisionSource: text('decision_source').notNull().default('extracted'),
    /** The reader's own decision while a hand override replaces it (null when not overridden). */
    extractedScore: real('extracted_score'),
    extractedDecision: text('extracted_decision'),
    extractedParsePath: text('extracted_parse_path'),
    overrideNote: text('override_note'),
    overriddenAt: text('overridden_at'),
    createdAt: text('created_at').notNull(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    durationMs: integer('duration_ms'),
    lastAccessedAt: text('last_accessed_at'),
    /** 'realtime' or 'batch': the price tier the answer was paid at. */
    tier: text('tier').notNull().default('realtime'),
    /** The provider's batch id when the answer came from a batch. */
    batchId: text('batch_id'),
    /** The scenario's wording variant and scale order (copied on insert); null for rows before counterbalancing. */
    wording: text('wording'),
    scaleOrder: text('scale_order'),
  },
  (t) => [
    uniqueIndex('transcripts_job_uq').on(t.jobId),
    index('transcripts_run_idx').on(t.runId, t.scenarioId),
    // Covers the analyses' and the summary's GROUP BY over a run's decisions: read from the index alone, already in
    // group order, never touching the wide transcript rows.
    index('transcripts_run_decision_idx').on(t.runId, t.modelKey, t.scenarioId, t.score, t.decision, t.parsePath, t.id),
  ],
);

export const providerSettings = sqliteTable('provider_settings', {
  providerId: text('provider_id').primaryKey(),
  baseUrl: text('base_url'),
  /** Most requests in flight to this provider; null means the default (providers/limits.ts: by kind, env overrides). */
  concurrency: integer('concurrency'),
  updatedAt: text('updated_at').notNull(),
});

/** Each provider's last successful model listing, so the model picker still knows it after a restart. */
export const providerModelListings = sqliteTable('provider_model_listings', {
  providerId: text('provider_id').primaryKey(),
  /** The listed models as the worker returned them (id, display name), JSON. */
  modelsJson: text('models_json').notNull(),
  listedAt: text('listed_at').notNull(),
});

/**
 * Each provider's last System Health check (the ProviderHealth it returned, JSON), so a run that would fail against a
 * rejected key or an unreachable server is refused by every front door, also in a later process (the CLI).
 */
export const providerHealthChecks = sqliteTable('provider_health_checks', {
  providerId: text('provider_id').primaryKey(),
  healthJson: text('health_json').notNull(),
  checkedAt: text('checked_at').notNull(),
});

/** The app's own preferences (Settings), one row per field; src/shared/preferences.ts has the schema and defaults. */
export const appPreferences = sqliteTable('app_preferences', {
  key: text('key').primaryKey(),
  valueJson: text('value_json').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * The researcher's prices (Settings), US dollars per million tokens; they override the built-in table
 * (providers/prices.ts) for the same model. `model_version` is '' for a price of the model whatever its version.
 */
export const modelPrices = sqliteTable(
  'model_prices',
  {
    providerId: text('provider_id').notNull(),
    modelId: text('model_id').notNull(),
    modelVersion: text('model_version').notNull().default(''),
    inputUsdPerMTok: real('input_usd_per_mtok').notNull(),
    outputUsdPerMTok: real('output_usd_per_mtok').notNull(),
    /** The batch tier's prices; null: the provider's published discount of the prices above. */
    batchInputUsdPerMTok: real('batch_input_usd_per_mtok'),
    batchOutputUsdPerMTok: real('batch_output_usd_per_mtok'),
    /** The day the price was recorded (YYYY-MM-DD). */
    recordedAt: text('recorded_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.providerId, t.modelId, t.modelVersion] }),
    check('model_prices_nonnegative_ck', sql`${t.inputUsdPerMTok} >= 0 and ${t.outputUsdPerMTok} >= 0`),
  ],
);

/**
 * A run's history of what was done to it after its jobs ran (today: decisions re-extracted from the stored replies),
 * newest last; `detail_json` holds what the event changed (counts, the scale used).
 */
export const runEvents = sqliteTable(
  'run_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    at: text('at').notNull(),
    detailJson: text('detail_json').notNull(),
  },
  (t) => [index('run_events_run_idx').on(t.runId, t.id)],
);

export { studies, studyDefinitions, studyRuns } from './schema-studies';
export { batchChunks } from './schema-batches';
