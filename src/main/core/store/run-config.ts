/**
 * A run's configuration as stored in runs.config_json: its models (with versions) and options. Written once at run
 * creation and read by progress, results, export and the scheduler, all through this one parser.
 */
import { z } from 'zod';
import { modelRefSchema, runOptionsSchema, type ModelRef, type RunOptions } from '../../../shared/domain';
import { runPriceSchema, type RunPrice } from '../../../shared/prices';

const runConfigSchema = z.object({
  models: z.array(modelRefSchema),
  options: runOptionsSchema,
  prices: z.array(runPriceSchema).optional(),
});

export interface RunConfig {
  models: ModelRef[];
  options: RunOptions;
  /** Each model's price when the run was created (absent in runs created before prices were recorded). */
  prices?: RunPrice[];
}

export function serializeRunConfig(config: RunConfig): string {
  return JSON.stringify(config);
}

export function parseRunConfig(json: string): RunConfig {
  return runConfigSchema.parse(JSON.parse(json));
}
