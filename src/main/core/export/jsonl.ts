/**
 * JSON Lines export of a run: one object per transcript with everything the CSV leaves out (turns, full reply,
 * request parameters, the definition snapshot hash), streamed page by page like the CSV so memory stays flat.
 */
import { keyOf } from './csv';
import type { Writable } from 'node:stream';
import { transcriptPages, type FailureRow, type FullTranscriptRow } from '../store/export-rows';
import { transcriptContent } from '../store/transcripts';
import type { Sqlite } from '../store/sql';
import { writeRun, type ExportFormatStrategy, type WriteOptions, type WriteResult } from './format';
import { failureError, isoUtc, parseDimensions, type RunHeader } from './source';

/** The top-level keys of every line, listed in the manifest as the format's "columns". */
export const JSONL_KEYS = [
  'run_id',
  'status',
  'transcript_id',
  'job_id',
  'scenario_id',
  'sample',
  'dimensions',
  'provider_id',
  'model_id',
  'model_version',
  'model_key',
  'reported_model_version',
  'definition_id',
  'definition_name',
  'snapshot_hash',
  'score',
  'decision',
  'parse_path',
  'decision_source',
  'timestamp',
  'started_at',
  'completed_at',
  'duration_ms',
  'usage',
  'word_count',
  'turn_count',
  'request_params',
  'turns',
  'content',
  'truncated',
  'error',
  'errors',
  'attempts',
  'tier',
  'batch_id',
  'wording',
  'order',
] as const;

type JsonlKey = (typeof JSONL_KEYS)[number];
type JsonlRecord = Record<JsonlKey, unknown>;

function transcriptLine(header: RunHeader, row: FullTranscriptRow): JsonlRecord {
  return {
    run_id: header.runId,
    status: 'completed',
    transcript_id: row.id,
    job_id: row.job_id,
    scenario_id: row.scenario_id,
    sample: row.sample,
    dimensions: parseDimensions(row.dimensions_json),
    provider_id: row.provider_id,
    model_id: row.model_id,
    model_version: row.model_version,
    model_key: keyOf(row),
    reported_model_version: row.reported_model_version,
    definition_id: header.definitionId,
    definition_name: header.definitionName,
    snapshot_hash: row.snapshot_hash,
    score: row.score,
    decision: row.decision,
    parse_path: row.parse_path,
    decision_source: row.decision_source,
    timestamp: isoUtc(row.completed_at ?? row.created_at),
    started_at: isoUtc(row.started_at),
    completed_at: isoUtc(row.completed_at),
    duration_ms: row.duration_ms,
    usage: { input_tokens: row.input_tokens, output_tokens: row.output_tokens, total_tokens: row.total_tokens },
    word_count: row.word_count,
    turn_count: row.turn_count,
    request_params: JSON.parse(row.request_params_json) as unknown,
    turns: JSON.parse(row.turns_json) as unknown,
    content: transcriptContent(row.content, row.turns_json),
    truncated: row.truncated === 1,
    error: null,
    errors: [],
    attempts: null,
    tier: row.tier,
    batch_id: row.batch_id,
    wording: row.wording,
    order: row.scale_order,
  };
}

function failureLine(header: RunHeader, row: FailureRow): JsonlRecord {
  const error = failureError(row.status, row.last_error_json);
  return {
    run_id: header.runId,
    status: row.status,
    transcript_id: null,
    job_id: row.id,
    scenario_id: row.scenario_id,
    sample: row.sample,
    dimensions: parseDimensions(row.dimensions_json),
    provider_id: row.provider_id,
    model_id: row.model_id,
    model_version: row.model_version,
    model_key: keyOf(row),
    reported_model_version: null,
    definition_id: header.definitionId,
    definition_name: header.definitionName,
    snapshot_hash: header.snapshotHash,
    score: null,
    decision: null,
    parse_path: null,
    decision_source: null,
    timestamp: isoUtc(row.updated_at),
    started_at: null,
    completed_at: null,
    duration_ms: null,
    usage: null,
    word_count: null,
    turn_count: null,
    request_params: null,
    turns: null,
    content: null,
    truncated: null,
    error: error.code || error.message ? error : null,
    errors: JSON.parse(row.errors_json) as unknown,
    attempts: row.attempts,
    tier: null,
    batch_id: null,
    wording: row.wording,
    order: row.scale_order,
  };
}

export const JSONL_FORMAT: ExportFormatStrategy<FullTranscriptRow> = {
  columns: () => [...JSONL_KEYS],
  pageSize: 500,
  recordsPerWrite: 1,
  transcripts: (sqlite, runId, pageSize) => transcriptPages(sqlite, runId, pageSize, true),
  fromTranscript: transcriptLine,
  fromFailure: failureLine,
  preamble: () => '',
  encode: (records) => records.map((record) => `${JSON.stringify(record)}\n`).join(''),
};

export function writeRunJsonl(
  sqlite: Sqlite,
  runId: string,
  out: Writable,
  options: WriteOptions = {},
): Promise<WriteResult> {
  return writeRun(sqlite, runId, out, JSONL_FORMAT, options);
}
