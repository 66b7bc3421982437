/**
 * What an export knows about its run before the first row (the header: definition, dimensions, options, counts),
 * read through the store's one `loadRun`, and the pure helpers every format shares to turn stored text into cells.
 */
import { isTerminalRunStatus, type ModelRef, type RunOptions, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { loadRun } from '../store/runs';
import type { Sqlite } from '../store/sql';

export interface RunHeader {
  runId: string;
  status: RunStatus;
  partial: boolean;
  definitionId: string;
  definitionName: string;
  snapshotHash: string;
  dimensions: string[];
  models: ModelRef[];
  options: RunOptions;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  counts: { total: number; completed: number; failed: number; cancelled: number };
}

export function readRunHeader(sqlite: Sqlite, runId: string): RunHeader {
  const { row, config, snapshot, dimensions } = loadRun(sqlite, runId);
  if (!snapshot) throw new AppError('EXPORT_FAILED', `The definition snapshot of run ${runId} cannot be read`);
  return {
    runId,
    status: row.status,
    // Anything not yet terminal can still gain answers, so what is written now is a snapshot (Export Edge Cases).
    partial: !isTerminalRunStatus(row.status),
    definitionId: row.definitionId,
    definitionName: row.definitionName,
    snapshotHash: row.snapshotHash,
    // The dimensions of the definition the run was started with, which is what its transcripts answered.
    dimensions,
    models: config.models,
    options: config.options,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    counts: { total: row.total, completed: row.completed, failed: row.failed, cancelled: row.cancelled },
  };
}

export type DimensionValues = Record<string, { score: number; label: string }>;

export function parseDimensions(json: string | null): DimensionValues {
  return json ? (JSON.parse(json) as DimensionValues) : {};
}

export interface JobErrorInfo {
  code: string | null;
  message: string | null;
}

export function parseJobError(json: string | null): JobErrorInfo {
  if (!json) return { code: null, message: null };
  const parsed = JSON.parse(json) as { code?: unknown; message?: unknown };
  return {
    code: typeof parsed.code === 'string' ? parsed.code : null,
    message: typeof parsed.message === 'string' ? parsed.message : null,
  };
}

/**
 * The error a failed or cancelled job is exported with. A cancelled job says CANCELLED even when an earlier attempt
 * had failed (that attempt's error is kept in the message), so a filter on error_code counts cancellations right.
 */
export function failureError(status: 'failed' | 'cancelled', lastErrorJson: string | null): JobErrorInfo {
  const last = parseJobError(lastErrorJson);
  if (status === 'failed') return last;
  const before = last.code
    ? ` (the attempt before failed with ${last.code}${last.message ? `: ${last.message}` : ''})`
    : '';
  return { code: 'CANCELLED', message: `Cancelled with the run before it answered${before}` };
}

/** ISO 8601 in UTC with a Z (Python reports +00:00), so every timestamp column parses the same way everywhere. */
export function isoUtc(text: string | null): string | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
