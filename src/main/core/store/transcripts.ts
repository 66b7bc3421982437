/**
 * Transcripts: the one INSERT (used by the scheduler when a job answers, and by the test seeders), the run page's
 * detail read (the filtered listing is transcript-search.ts), "viewed" stamping, and the per-model decision and version aggregates of results.
 */
import type { ProviderId, TranscriptDetail, Turn } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { renderTranscript } from '../../../shared/transcript';
import { many, one, statement, write, type Sqlite } from './sql';

export interface TranscriptInsert {
  id: string;
  runId: string;
  jobId: string;
  scenarioId: string;
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
  reportedModelVersion: string | null;
  snapshotHash: string;
  /** The conversation's turns, reply included: stored once; the rendered `content` is derived on reading. */
  turnsJson: string;
  truncated: boolean;
  notes: string[];
  turnCount: number;
  wordCount: number;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  requestParamsJson: string;
  score: number | null;
  decision: string;
  parsePath: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  durationMs: number | null;
  /** The price tier paid ('realtime' when left out) and the provider's batch id for a batch answer. */
  tier?: 'realtime' | 'batch';
  batchId?: string | null;
  /** The scenario's counterbalancing labels (null: canonical, or not varied). */
  wording?: string | null;
  scaleOrder?: string | null;
}

const COLUMNS = `id, run_id, job_id, scenario_id, model_key, sample, provider_id, model_id, model_version,
  reported_model_version, snapshot_hash, content, turns_json, truncated, notes_json, turn_count, word_count, input_tokens,
  output_tokens, total_tokens, request_params_json, score, decision, parse_path, created_at, started_at, completed_at,
  duration_ms, tier, batch_id, wording, scale_order`;
const REST = `?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`;

/**
 * The sample index is copied from the job (one primary-key lookup), so no caller can pass a different one. Parameters
 * are positional: binding 27 of them by name cost about 5 µs more per transcript than by position.
 */
const INSERT = `INSERT INTO transcripts (${COLUMNS})
  VALUES (?, ?, ?, ?, ?, COALESCE((SELECT sample FROM jobs WHERE id = ?), 1), ${REST})`;

/**
 * The same row with the sample bound: for a caller that has the job's sample from the statement that just completed
 * that job in the same transaction (batch ingestion's completing UPDATE … RETURNING), which saves the look-up.
 */
const INSERT_WITH_SAMPLE = `INSERT INTO transcripts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ${REST})`;

/** Writes one transcript; answers its rowid (the search index's key). `sample`: see INSERT_WITH_SAMPLE. */
export function insertTranscript(sqlite: Sqlite, t: TranscriptInsert, sample?: number): number {
  return Number(
    statement(sqlite, sample === undefined ? INSERT : INSERT_WITH_SAMPLE).run(
      t.id,
      t.runId,
      t.jobId,
      t.scenarioId,
      t.modelKey,
      sample ?? t.jobId,
      t.providerId,
      t.modelId,
      t.modelVersion,
      t.reportedModelVersion,
      t.snapshotHash,
      t.turnsJson,
      t.truncated ? 1 : 0,
      t.notes.length > 0 ? JSON.stringify(t.notes) : null,
      t.turnCount,
      t.wordCount,
      t.inputTokens,
      t.outputTokens,
      t.totalTokens,
      t.requestParamsJson,
      t.score,
      t.decision,
      t.parsePath,
      t.createdAt,
      t.startedAt,
      t.completedAt,
      t.durationMs,
      t.tier ?? 'realtime',
      t.batchId ?? null,
      t.wording ?? null,
      t.scaleOrder ?? null,
    ).lastInsertRowid,
  );
}

/**
 * A transcript's rendered conversation: rows written since the reply is stored once keep '' in `content` and derive
 * it from the turns; older rows still carry it.
 */
export function transcriptContent(content: string, turnsJson: string): string {
  return content !== '' ? content : renderTranscript(JSON.parse(turnsJson) as Turn[]);
}

/** The columns of a `TranscriptSummary` (the run page's rows), shared with the filtered search. */
export const SUMMARY_COLUMNS = `id, run_id AS runId, scenario_id AS scenarioId, model_key AS modelKey, sample,
  provider_id AS providerId, model_id AS modelId, model_version AS modelVersion,
  reported_model_version AS reportedModelVersion, score, decision, parse_path AS parsePath,
  decision_source AS decisionSource, duration_ms AS durationMs,
  created_at AS createdAt`;

/** One transcript in full; a pure read. */
export function transcriptDetail(sqlite: Sqlite, id: string): TranscriptDetail {
  const row = one<
    Omit<TranscriptDetail, 'truncated' | 'notes' | 'override'> & {
      extractedScore: number | null;
      extractedDecision: string | null;
      extractedParsePath: string | null;
      overrideNote: string | null;
      overriddenAt: string | null;
      turnsJson: string;
      requestParamsJson: string;
      truncated: number;
      notesJson: string | null;
    }
  >(
    sqlite,
    `SELECT ${SUMMARY_COLUMNS}, turns_json AS turnsJson, content, word_count AS wordCount,
      input_tokens AS inputTokens, output_tokens AS outputTokens, total_tokens AS totalTokens, started_at AS startedAt,
      completed_at AS completedAt, last_accessed_at AS lastAccessedAt, request_params_json AS requestParamsJson,
      snapshot_hash AS definitionSnapshotHash, truncated, notes_json AS notesJson, extracted_score AS extractedScore,
      extracted_decision AS extractedDecision, extracted_parse_path AS extractedParsePath,
      override_note AS overrideNote, overridden_at AS overriddenAt
    FROM transcripts WHERE id = ?`,
    id,
  );
  if (!row) throw transcriptNotFound(id);
  const { turnsJson, requestParamsJson, truncated, notesJson, content, ...withOverride } = row;
  const { extractedScore, extractedDecision, extractedParsePath, overrideNote, overriddenAt, ...rest } = withOverride;
  return {
    ...rest,
    override:
      rest.decisionSource === 'override'
        ? {
            note: overrideNote,
            at: overriddenAt ?? '',
            extracted: {
              score: extractedScore,
              decision: extractedDecision ?? '',
              parsePath: extractedParsePath ?? '',
            },
          }
        : null,
    content: transcriptContent(content, turnsJson),
    truncated: Boolean(truncated),
    notes: notesJson ? (JSON.parse(notesJson) as string[]) : [],
    turns: JSON.parse(turnsJson) as Turn[],
    requestParams: JSON.parse(requestParamsJson) as Record<string, unknown>,
  };
}

/** Records that a person opened the transcript (FR-032). */
export function stampTranscriptViewed(sqlite: Sqlite, id: string, iso: string): void {
  if (write(sqlite, `UPDATE transcripts SET last_accessed_at = ? WHERE id = ?`, iso, id) === 0)
    throw transcriptNotFound(id);
}

function transcriptNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No transcript with id ${id}`);
}

export interface DecisionCountRow {
  modelKey: string;
  decision: string;
  parsePath: string;
  score: number | null;
  n: number;
}

/** Transcripts per model, decision, parse path and score. */
export function decisionCounts(sqlite: Sqlite, runId: string): DecisionCountRow[] {
  return many<DecisionCountRow>(
    sqlite,
    // Counters kept by the transcripts triggers (migration 0005): a few rows however many transcripts the run has.
    `SELECT model_key AS modelKey, decision, parse_path AS parsePath, score, n
     FROM run_decision_counts WHERE run_id = ? AND n > 0`,
    runId,
  );
}

export interface VersionCountRow {
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  requested: string | null;
  reported: string | null;
  n: number;
}

/** Transcripts per model and version pair (requested, reported by the provider), most used first. */
export function versionCounts(sqlite: Sqlite, runId: string): VersionCountRow[] {
  return many<VersionCountRow>(
    sqlite,
    `SELECT model_key AS modelKey, provider_id AS providerId, model_id AS modelId, model_version AS requested,
      reported_model_version AS reported, n
     FROM run_version_counts WHERE run_id = ? AND n > 0 ORDER BY n DESC`,
    runId,
  );
}
