/**
 * Reads of runs and transcripts for the UI and CLI: dashboard rows, run detail with per-model progress, transcripts.
 * Pure reads: "viewed" stamps are their own routes (runs.viewed, transcripts.viewed).
 */
import type {
  ModelProgress,
  Progress,
  RunActivity,
  RunDetail,
  RunStatus,
  RunSummary,
  TranscriptDetail,
  TranscriptSummary,
} from '../../../shared/domain';
import { modelKey, type ModelRef } from '../../../shared/domain';
import type { PriceBasis } from '../../../shared/prices';
import type { TranscriptCount, TranscriptDimensionCounts, TranscriptFilter } from '../../../shared/transcript-filter';
import { tokenCounts } from '../store/cost';
import { runCostOf } from './cost';
import { estimateEta } from './eta';
import type { RunConfig } from '../store/run-config';
import { parseRunConfig } from '../store/run-config';
import {
  activeCounts,
  attemptErrorCounts,
  failuresByModel,
  jobCountsByModel,
  listRunRows,
  loadRun,
  inFlightSince,
  retryCounts,
  stampRunViewed,
  type ArchivedFilter,
  type RunRow,
} from '../store/runs';
import { runPauseReason } from '../store/run-status';
import { runHistory, unreadAnswers } from '../results/unread';
import type { Sqlite } from '../store/sql';
import { stampTranscriptViewed, transcriptDetail } from '../store/transcripts';
import { countTranscriptLevels, countTranscripts, searchTranscripts } from '../store/transcript-search';
import { nowIso } from '../util/ids';

export class RunQueries {
  constructor(
    private readonly sqlite: Sqlite,
    /** Today's price of a model: only for runs created before prices were recorded into the run's config. */
    private readonly basisFor: (model: ModelRef) => PriceBasis = () => ({ kind: 'none' }),
  ) {}

  list(status?: RunStatus, archived: ArchivedFilter = 'include', search?: string, studyId?: string): RunSummary[] {
    const active = activeCounts(this.sqlite);
    const runs = listRunRows(this.sqlite, status, archived, studyId).map((row) => summaryOf(row, active.get(row.id)));
    return search ? runs.filter((run) => matchesSearch(run, search)) : runs;
  }

  /** Run detail with per-model progress, activity and errors. */
  get(id: string): RunDetail {
    const { row, config } = loadRun(this.sqlite, id);
    const counts = jobCountsByModel(this.sqlite, id);
    const perModel: ModelProgress[] = config.models.map((model) => {
      const key = modelKey(model);
      const progress = emptyProgress();
      for (const r of counts) {
        if (r.modelKey !== key) continue;
        progress[r.status] += r.n;
        progress.total += r.n;
      }
      return { modelKey: key, model, ...progress };
    });
    const summary = summaryOf(row, activeCounts(this.sqlite, id).get(id), config);
    return {
      ...summary,
      options: config.options,
      pauseReason: row.status === 'paused' ? runPauseReason(this.sqlite, id) : null,
      activity: this.activity(summary, perModel),
      perModel,
      errorSummary: failuresByModel(this.sqlite, id).map((e) => ({
        code: e.code ?? 'UNKNOWN',
        modelKey: e.modelKey,
        count: e.n,
        example: e.example ?? '',
      })),
      cost: runCostOf(config.models, tokenCounts(this.sqlite, id), config, this.basisFor),
      unread: unreadAnswers(this.sqlite, id),
      history: runHistory(this.sqlite, id),
    };
  }

  /** The dashboard row of one run (no per-model detail). */
  summary(id: string): RunSummary {
    const { row, config } = loadRun(this.sqlite, id);
    return summaryOf(row, activeCounts(this.sqlite, id).get(id), config);
  }

  /** Records that the run's page was opened (FR-031). */
  viewed(id: string): string {
    const iso = nowIso();
    stampRunViewed(this.sqlite, id, iso);
    return iso;
  }

  /** A page of the run's transcripts that match the filter. */
  transcripts(runId: string, offset: number, limit: number, filter: TranscriptFilter = {}): TranscriptSummary[] {
    return searchTranscripts(this.sqlite, runId, filter, offset, limit);
  }

  /** How many of the run's transcripts match the filter, of how many it has. */
  transcriptCount(runId: string, filter: TranscriptFilter): TranscriptCount {
    return countTranscripts(this.sqlite, runId, filter);
  }

  /** The run's dimension levels with how many transcripts match the rest of the filter and have each. */
  transcriptLevels(runId: string, filter: TranscriptFilter): TranscriptDimensionCounts[] {
    return countTranscriptLevels(this.sqlite, runId, filter);
  }

  transcript(id: string): TranscriptDetail {
    return transcriptDetail(this.sqlite, id);
  }

  /** Records that a transcript was opened (FR-032). */
  transcriptViewed(id: string): string {
    const iso = nowIso();
    stampTranscriptViewed(this.sqlite, id, iso);
    return iso;
  }

  private activity(run: RunSummary, perModel: ModelProgress[]): RunActivity {
    const counts = retryCounts(this.sqlite, run.id);
    const now = Date.now();
    const ages = run.progress.running > 0 ? inFlightSince(this.sqlite, run.id).map((t) => Math.max(0, now - t)) : [];
    const perProvider = new Map<string, { finished: number; remaining: number }>();
    for (const m of perModel) {
      const p = perProvider.get(m.model.providerId) ?? { finished: 0, remaining: 0 };
      p.finished += m.completed + m.failed;
      p.remaining += m.pending + m.running;
      perProvider.set(m.model.providerId, p);
    }
    const eta = estimateEta({
      active: run.status === 'running' || run.status === 'pending',
      elapsedMs: run.startedAt ? now - Date.parse(run.startedAt) : 0,
      perProvider: [...perProvider.values()],
      inFlightAgesMs: ages,
    });
    return {
      retrying: counts.retrying,
      timedOut: counts.timedOut,
      ...eta,
      oldestInFlightMs: ages.length > 0 ? Math.max(...ages) : null,
      attemptErrors: attemptErrorCounts(this.sqlite, run.id).map((e) => ({
        code: e.code ?? 'UNKNOWN',
        count: e.count,
      })),
    };
  }
}

function summaryOf(
  row: RunRow,
  active: { pending: number; running: number } | undefined,
  config: RunConfig = parseRunConfig(row.configJson),
): RunSummary {
  return {
    id: row.id,
    definitionId: row.definitionId,
    definitionName: row.definitionName,
    parentRunId: row.parentRunId,
    status: row.status,
    runType: row.runType,
    createdAt: row.createdAt,
    queuedAt: row.queuedAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    lastAccessedAt: row.lastAccessedAt,
    name: row.name,
    notes: row.notes,
    archivedAt: row.archivedAt,
    progress: {
      total: row.total,
      completed: row.completed,
      failed: row.failed,
      cancelled: row.cancelled,
      pending: active?.pending ?? 0,
      running: active?.running ?? 0,
    },
    models: config.models,
    mode: config.mode ?? 'realtime',
    finishRealtimeAt: config.finishRealtime ?? null,
  };
}

/** True when the run's name, notes, definition, id or one of its models contains `search` (case-insensitive). */
export function matchesSearch(run: RunSummary, search: string): boolean {
  const needle = search.toLowerCase();
  const fields = [run.name ?? '', run.notes, run.definitionName, run.id, ...run.models.map(modelKey)];
  return fields.some((field) => field.toLowerCase().includes(needle));
}

function emptyProgress(): Progress {
  return { total: 0, completed: 0, failed: 0, running: 0, pending: 0, cancelled: 0 };
}
