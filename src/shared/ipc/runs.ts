/** Routes `runs.*`: create (validated before anything is queued), preview, list, read, control and page transcripts. */
import { z } from 'zod';
import { runModeSchema } from '../batch';
import {
  modelRefSchema,
  RUN_STATUSES,
  runOptionsSchema,
  type ReextractDetail,
  type RunDetail,
  type RunSummary,
  type TranscriptSummary,
} from '../domain';
import type { RunEstimate } from '../prices';
import type { RelatedRuns } from '../results';
import { transcriptFilterShape } from '../transcript-filter';
import { defineRoute, idSchema, pageSchema } from './define-route';

/** What a "viewed" route stamped. */
export interface Viewed {
  id: string;
  lastAccessedAt: string;
}

/** A run's size before it exists (jobs = scenarios × models × samples, derived where shown). */
export interface RunPreview {
  scenarios: number;
  /** Repeated samples of each scenario and model (as asked). */
  samples: number;
  /** Provider calls each model adds: scenarios × samples. */
  requestsPerModel: number;
  /** True when requestsPerModel is above LARGE_RUN_SCENARIOS: allowed, but the person is warned first. */
  large: boolean;
  /** Tokens and cost per model for the models given (null when none were given). */
  estimate: RunEstimate | null;
}

/** What deleting a run removes (exports are files and stay where they were written). */
export interface RunDeletion {
  id: string;
  jobs: number;
  transcripts: number;
  /** Re-runs made from the run: they stay, without their parent. */
  reruns: number;
}

const runId = z.object({ id: idSchema });

/** The longest run name and notes accepted. */
export const RUN_NAME_MAX = 200;
export const RUN_NOTES_MAX = 20_000;

export const runRoutes = {
  'runs.create': defineRoute<RunDetail>()(() =>
    z.object({
      definitionId: idSchema,
      models: z.array(modelRefSchema).min(1, 'select at least one model'),
      options: runOptionsSchema.prefault({}),
      /** Real time, or provider batches at batch prices (src/shared/batch.ts). */
      mode: runModeSchema.optional(),
      parentRunId: idSchema.nullable().default(null),
      requestId: z.string().max(100).optional(),
      /** Restricts the run to these scenarios (System Health's "Test Run" uses one). */
      scenarioIds: z.array(idSchema).min(1).max(100_000).optional(),
      /** A test run (System Health) is kept apart from research runs on the dashboard. */
      test: z.boolean().default(false),
      /**
       * Start even when a provider's last health check rejected its key or could not reach its server (the
       * researcher knows better: the server was started since, the key was renewed).
       */
      ignoreHealth: z.boolean().optional(),
      /**
       * The person saw and accepted the estimated cost. Without it the core refuses (COST_NOT_CONFIRMED) a run whose
       * estimate passes the confirmation threshold in Settings, whichever front door asked.
       */
      costConfirmed: z.boolean().optional(),
    }),
  ),
  /**
   * How many scenarios a run with these options would sample, whether that is large, and (given models) its estimated
   * tokens and cost, before it is created.
   */
  'runs.preview': defineRoute<RunPreview>()(() =>
    z.object({
      definitionId: idSchema,
      ...runOptionsSchema.pick({ samplePercentage: true, sampleSeed: true, samples: true, maxTokens: true }).shape,
      models: z.array(modelRefSchema).max(100).default([]),
      /** Batch: the estimate at batch prices. */
      mode: runModeSchema.optional(),
    }),
  ),
  /**
   * The Runs list, newest first: archived runs are hidden unless `archived` says 'include' or 'only'; `search` keeps the
   * runs whose name, notes, definition, id or models contain it (case-insensitive); `studyId` keeps one study's runs.
   */
  'runs.list': defineRoute<RunSummary[]>()(() =>
    z.object({
      status: z.enum(RUN_STATUSES).optional(),
      archived: z.enum(['hide', 'only', 'include']).default('hide'),
      search: z.string().trim().max(200).optional(),
      /** Only the runs of this study. */
      studyId: idSchema.optional(),
    }),
  ),
  /** Renames the run (an empty name clears it) and/or sets its notes; what is not given stays. */
  'runs.update': defineRoute<RunDetail>()(() =>
    z
      .object({
        id: idSchema,
        name: z
          .string()
          .trim()
          .max(RUN_NAME_MAX)
          .transform((v) => (v === '' ? null : v))
          .nullable()
          .optional(),
        notes: z.string().max(RUN_NOTES_MAX).optional(),
      })
      .refine((v) => v.name !== undefined || v.notes !== undefined, 'give a name or notes'),
  ),
  /** Archives (hidden from the Runs list by default, still openable) or brings back a run. Idempotent. */
  'runs.archive': defineRoute<RunDetail>()(() => z.object({ id: idSchema, archived: z.boolean() })),
  /** What deleting the run would remove, without deleting it (the confirmation shows it). */
  'runs.deletion': defineRoute<RunDeletion>()(runId),
  /**
   * Deletes a run that has ended with its jobs and transcripts, in one transaction; a run not ended yet is refused
   * (RUN_NOT_CONTROLLABLE: cancel it first). Exports are files and stay. Re-runs of it stay, without their parent.
   */
  'runs.delete': defineRoute<RunDeletion>()(runId),
  /** A pure read: polling it writes nothing. */
  'runs.get': defineRoute<RunDetail>()(runId),
  /** Records that the run's page was opened (called once on mount). */
  'runs.viewed': defineRoute<Viewed>()(runId),
  /** No new job starts once acknowledged; jobs in flight finish and are kept. Idempotent. */
  'runs.pause': defineRoute<RunDetail>()(runId),
  /** Only the remaining jobs run. Idempotent. */
  'runs.resume': defineRoute<RunDetail>()(runId),
  /** Pending jobs are removed; jobs in flight may finish and are kept; the run accepts no further controls. */
  'runs.cancel': defineRoute<RunDetail>()(runId),
  /**
   * A run that ended with failed jobs (completed with errors, or failed) retries them: the failed, not the cancelled,
   * go back to the queue with fresh attempts (their errors stay in each job's history) and the run is running again.
   */
  'runs.retryFailed': defineRoute<RunDetail>()(runId),
  /**
   * A finished run's decisions read again from its stored replies by the worker's reader (never asking a provider),
   * on the scale its definition snapshot means today; recorded in the run's history. Hand overrides are kept.
   */
  'runs.reextract': defineRoute<ReextractDetail>()(runId),
  /** A page of the run's transcripts, narrowed by the filter (model, decision, outcome, source, sample, answer text). */
  'runs.transcripts': defineRoute<TranscriptSummary[]>()(() =>
    z.object({ runId: idSchema, ...transcriptFilterShape, ...pageSchema(200, 1000) }),
  ),
  /** The run's parent (the run it re-ran) and its children (re-runs of it). */
  'runs.related': defineRoute<RelatedRuns>()(runId),
} as const;
