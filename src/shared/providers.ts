/** Shared types for the model catalog and System Health's provider checks (main, renderer and CLI). */
import { z } from 'zod';
import { providerIdSchema, type ProviderId, type ProviderSettingsView, type SystemHealth } from './domain';

/** One model a provider offers, with the exact dated versions that can be pinned for a run (FR-002). */
export interface AvailableModel {
  /** The name sent when no version is pinned, e.g. "gpt-4o" or "claude-3-5-haiku-latest". */
  id: string;
  providerId: ProviderId;
  displayName: string;
  /** Dated, immutable versions, oldest first, e.g. ["gpt-4o-2024-05-13", "gpt-4o-2024-08-06"]. */
  versions: string[];
  /** The version preselected in the picker (what the alias pointed to when the list was curated); null: none. */
  defaultVersion: string | null;
  /** The provider has a key (or needs none) and, once its listing arrived, the listing includes this model. */
  isAvailable: boolean;
  /** Where the entry comes from: the built-in list, the provider's listing, or both. */
  source: 'builtin' | 'listed' | 'both';
}

export interface ProviderCatalogState {
  providerId: ProviderId;
  /** When the provider's listing was last fetched successfully; null: only the built-in list is known. */
  refreshedAt: string | null;
  /** Why the last refresh failed (the provider's own words), if it did. */
  error: { code: string; message: string } | null;
}

export interface ModelCatalog {
  models: AvailableModel[];
  providers: ProviderCatalogState[];
}

export const modelsListInputSchema = z.object({
  providerId: providerIdSchema.optional(),
  /** Fetch the providers' listings now (each with a short timeout) instead of answering from memory. */
  refresh: z.boolean().default(false),
});

export const PROVIDER_HEALTH_STATUSES = ['not_configured', 'connected', 'error'] as const;
export type ProviderHealthStatus = (typeof PROVIDER_HEALTH_STATUSES)[number];

export interface ProviderHealth {
  providerId: ProviderId;
  displayName: string;
  status: ProviderHealthStatus;
  baseUrl: string;
  keySource: ProviderSettingsView['keySource'];
  keyLast4: string | null;
  local: boolean;
  latencyMs: number | null;
  modelCount: number | null;
  /** The failure as the provider (or the network) reported it. */
  error: { code: string; message: string; status: number | null } | null;
  /** What to do about it, in a sentence. */
  hint: string | null;
  checkedAt: string;
}

export interface WorkerHealth extends Pick<
  SystemHealth['pythonWorker'],
  'status' | 'python' | 'processes' | 'restarts' | 'message'
> {
  /** The exact fix when the worker is offline. */
  hint: string | null;
  /** The interpreter command, where it came from ("Settings", "PATH"…), and why a Settings choice was passed over. */
  interpreter: { command: string; source: string; settingsProblem: string | null };
}

/** A host a worker connected to since the app started (System Health: nothing but the chosen providers). */
export interface ContactedHost {
  host: string;
  port: number;
  scheme: 'http' | 'https';
  /** Connections opened (kept-alive connections serve many requests). */
  connections: number;
  firstAt: string;
  lastAt: string;
}

export interface HealthReport {
  checkedAt: string;
  providers: ProviderHealth[];
  pythonWorker: WorkerHealth;
  database: SystemHealth['database'];
  scheduler: SystemHealth['scheduler'];
  secrets: SystemHealth['secrets'];
  /** True when the database and the worker are up and at least one provider is connected. */
  readyToRun: boolean;
  /** Every host contacted since the app started, this check's included; the most recent first. */
  contactedHosts: ContactedHost[];
}

export const healthCheckInputSchema = z.object({
  /** Check only these providers (all when omitted). */
  providerIds: z.array(providerIdSchema).min(1).optional(),
  timeoutMs: z.number().int().min(200).max(30_000).default(5_000),
});
