/**
 * The model catalog: the curated built-in models and versions, merged with each provider's own listing once a key
 * works (listed ids become available, unknown listed ids are added), kept in memory with the time of the listing and
 * saved, so the picker still offers a provider's listed models after a restart.
 */
import { z } from 'zod';
import { PROVIDER_IDS, providerIdSchema, type ProviderId } from '../../../shared/domain';
import type { AvailableModel, ModelCatalog, ProviderCatalogState } from '../../../shared/providers';
import {
  listedModelSchema,
  type CatalogParams,
  type ListedModel,
  type ListModelsResult,
} from '../python/catalog-protocol';
import type { Logger } from '../util/logger';
import { BUILTIN_MODELS, isChatModelId, isVersionOf, type BuiltinModel } from './builtin-models';
import { PROVIDERS } from './registry';
import type { ProviderSettingsService } from './settings';

interface Listing {
  models: ListedModel[];
  at: string;
}

/** Merges one provider's built-in models with its listing (null: never listed). Pure, so it is tested directly. */
export function mergeCatalog(
  providerId: ProviderId,
  ready: boolean,
  listing: ListedModel[] | null,
  builtins: readonly BuiltinModel[] = BUILTIN_MODELS,
): AvailableModel[] {
  const own = builtins.filter((b) => b.providerId === providerId);
  if (listing === null) {
    return own.map((b) => ({
      id: b.id,
      providerId,
      displayName: b.displayName,
      versions: [...b.versions],
      defaultVersion: b.defaultVersion,
      isAvailable: ready,
      source: 'builtin',
    }));
  }
  const listed = new Map(listing.filter((l) => isChatModelId(l.id)).map((l) => [l.id, l]));
  const consumed = new Set<string>();
  const models: AvailableModel[] = own.map((b) => {
    const family = b.family ?? b.id;
    const extra = [...listed.keys()].filter((id) => !b.versions.includes(id) && isVersionOf(id, family));
    const versions = [...b.versions, ...extra].sort();
    const present = listed.has(b.id) || versions.some((v) => listed.has(v));
    for (const id of [b.id, ...versions]) consumed.add(id);
    return {
      id: b.id,
      providerId,
      displayName: b.displayName,
      versions,
      defaultVersion: b.defaultVersion,
      isAvailable: ready && present,
      source: present ? 'both' : 'builtin',
    };
  });
  const rest = [...listed.values()].filter((l) => !consumed.has(l.id)).sort((a, b) => a.id.localeCompare(b.id));
  const restIds = new Set(rest.map((l) => l.id));
  // A listed dated id whose undated base is also listed is a version of it, not a model of its own.
  const baseOf = (id: string): string | undefined =>
    [...restIds].find((other) => other !== id && isVersionOf(id, other));
  for (const l of rest) {
    if (baseOf(l.id)) continue;
    const versions = rest
      .filter((v) => baseOf(v.id) === l.id)
      .map((v) => v.id)
      .sort();
    models.push({
      id: l.id,
      providerId,
      displayName: l.displayName ?? l.id,
      versions,
      defaultVersion: null,
      isAvailable: ready,
      source: 'listed',
    });
  }
  return models;
}

/** Where listings survive a restart (the database); a listing that fails to save is still used from memory. */
export interface ListingStore {
  load(): { providerId: string; modelsJson: string; listedAt: string }[];
  save(row: { providerId: string; modelsJson: string; listedAt: string }): void;
}

export interface ModelCatalogDeps {
  providers: ProviderSettingsService;
  pool: { listModels(params: CatalogParams): Promise<ListModelsResult> };
  logger: Logger;
  now?: () => Date;
  store?: ListingStore;
}

const storedModels = z.array(listedModelSchema);

export class ModelCatalogService {
  private readonly listings = new Map<ProviderId, Listing>();
  private readonly errors = new Map<ProviderId, { code: string; message: string }>();

  constructor(private readonly deps: ModelCatalogDeps) {
    for (const row of deps.store?.load() ?? []) {
      // Rows are ours, but a row from another version that no longer parses is skipped rather than trusted.
      const providerId = providerIdSchema.safeParse(row.providerId);
      const models = storedModels.safeParse(parseJsonOrNull(row.modelsJson));
      if (providerId.success && models.success)
        this.listings.set(providerId.data, { models: models.data, at: row.listedAt });
      else deps.logger.warn('skipped a stored model listing that does not parse', { providerId: row.providerId });
    }
  }

  /** The catalog from memory: built-ins plus the last successful listing of each provider. */
  list(providerId?: ProviderId): ModelCatalog {
    const ids = providerId ? [providerId] : [...PROVIDER_IDS];
    const models = ids.flatMap((id) => mergeCatalog(id, this.ready(id), this.listings.get(id)?.models ?? null));
    const providers: ProviderCatalogState[] = ids.map((id) => ({
      providerId: id,
      refreshedAt: this.listings.get(id)?.at ?? null,
      error: this.errors.get(id) ?? null,
    }));
    return { models, providers };
  }

  /** Fetches the listings of these providers in parallel (each bounded by timeoutMs); unconfigured ones are skipped. */
  async refresh(providerIds: readonly ProviderId[], timeoutMs: number): Promise<void> {
    await Promise.all(
      providerIds.map(async (id) => {
        if (!this.ready(id)) return;
        const provider = this.deps.providers.resolve(id);
        try {
          const result = await this.deps.pool.listModels({ provider, timeoutMs });
          this.record(id, result.models);
        } catch (error) {
          this.recordError(id, error);
        }
      }),
    );
  }

  /** Keeps a listing (also fed by System Health's checks, which fetch the same list). */
  record(providerId: ProviderId, models: ListedModel[]): void {
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    this.listings.set(providerId, { models, at });
    this.errors.delete(providerId);
    try {
      this.deps.store?.save({ providerId, modelsJson: JSON.stringify(models), listedAt: at });
    } catch (error) {
      // Read-only data or a full disk: the listing still serves from memory until the app restarts.
      this.deps.logger.warn('could not save a model listing', { providerId, error });
    }
  }

  recordError(providerId: ProviderId, error: unknown): void {
    const shape = { code: codeOf(error), message: error instanceof Error ? error.message : String(error) };
    this.errors.set(providerId, shape);
    this.deps.logger.info('model listing failed', { providerId, ...shape });
  }

  private ready(id: ProviderId): boolean {
    const view = this.deps.providers.view(id);
    return !PROVIDERS[id].keyRequired || view.keySource !== 'none';
  }
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'INTERNAL';
}
