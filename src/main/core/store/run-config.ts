/**
 * A run's configuration as stored in runs.config_json: its models (with versions) and options. Written once at run
 * creation and read by progress, results, export and the scheduler, all through this one parser.
 */
import { z } from 'zod';
import { modelRefSchema, runOptionsSchema, type ModelRef, type RunOptions } from '../../../shared/domain';
import { runPriceSchema, type RunPrice } from '../../../shared/prices';
import { runModeSchema, type RunMode } from '../../../shared/batch';
import { one, write, type Sqlite } from './sql';

const runConfigSchema = z.object({
  models: z.array(modelRefSchema),
  options: runOptionsSchema,
  prices: z.array(runPriceSchema).optional(),
  realtimePrices: z.array(runPriceSchema).optional(),
  mode: runModeSchema.optional(),
  finishRealtime: z.string().optional(),
});

export interface RunConfig {
  models: ModelRef[];
  options: RunOptions;
  /** Each model's price when the run was created (absent in runs created before prices were recorded). */
  prices?: RunPrice[];
  /**
   * A batch run's real-time prices at creation (what a remainder finished in real time costs); absent in real-time
   * runs, and in batch runs created before both tiers were recorded (derived from `prices` then: runs/cost.ts).
   */
  realtimePrices?: RunPrice[];
  /** 'batch': the run's jobs go to provider batches (prices above are then the batch tier); absent: real time. */
  mode?: RunMode;
  /** A batch run whose remainder the researcher sent in real time: when they asked (ISO time). */
  finishRealtime?: string;
}

export function serializeRunConfig(config: RunConfig): string {
  return JSON.stringify(config);
}

export function parseRunConfig(json: string): RunConfig {
  return runConfigSchema.parse(JSON.parse(json));
}

/** One run's configuration alone (the budget check reads it for each capped run as its jobs finish); null: no run. */
export function runConfigOf(sqlite: Sqlite, runId: string): RunConfig | null {
  const row = one<{ configJson: string }>(sqlite, `SELECT config_json AS configJson FROM runs WHERE id = ?`, runId);
  return row ? parseRunConfig(row.configJson) : null;
}

/** Lifts a run's spending cap (a resume of the run the cap paused: the person chose to spend past it). */
export function liftSpendingCap(sqlite: Sqlite, runId: string): void {
  write(sqlite, `UPDATE runs SET config_json = json_set(config_json, '$.options.maxCost', NULL) WHERE id = ?`, runId);
}
