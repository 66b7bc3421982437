/** What the worker's list_models and check_provider return, validated like every other message from Python. */
import { z } from 'zod';
import type { WireFormat } from '../../../shared/worker-errors';

export const listedModelSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable().optional(),
  created: z.string().nullable().optional(),
});
export type ListedModel = z.infer<typeof listedModelSchema>;

export const listModelsResultSchema = z.object({ models: z.array(listedModelSchema) });
export type ListModelsResult = z.infer<typeof listModelsResultSchema>;

export const checkProviderResultSchema = z.object({
  ok: z.literal(true),
  latencyMs: z.number().nonnegative(),
  modelCount: z.number().int().nonnegative(),
  models: z.array(listedModelSchema).default([]),
});
export type CheckProviderResult = z.infer<typeof checkProviderResultSchema>;

export interface CatalogParams {
  provider: { id: string; kind: WireFormat; baseUrl: string; apiKey: string };
  timeoutMs: number;
  /** Most bytes read of a model list (the worker's default is 4 MB); a larger list fails as RESPONSE_TOO_LARGE. */
  maxResponseBytes?: number;
}

/** Slack on top of the HTTP timeout so the worker, not main's watchdog, reports a slow provider as TIMEOUT. */
export const CATALOG_CALL_SLACK_MS = 2_000;
