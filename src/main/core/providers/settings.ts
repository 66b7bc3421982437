/** Provider settings: base URL (database) and key (secret store), with environment fallbacks; keys never leave main. */
import { eq } from 'drizzle-orm';
import { PROVIDER_IDS, type ProviderId, type ProviderSettingsView } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { providerSettings } from '../db/schema';
import { nowIso } from '../util/ids';
import { normalizeBaseUrl, PROVIDERS, type WireFormat } from './registry';
import type { SecretStore } from './secrets';

export interface ResolvedProvider {
  id: ProviderId;
  kind: WireFormat;
  baseUrl: string;
  apiKey: string;
}

export interface ProviderSettingsService {
  list(): ProviderSettingsView[];
  view(providerId: ProviderId): ProviderSettingsView;
  save(input: {
    providerId: ProviderId;
    baseUrl?: string | undefined;
    apiKey?: string | null | undefined;
    concurrency?: number | null | undefined;
  }): ProviderSettingsView;
  /** The parallel-request limit saved in Settings, or null; cached briefly because the scheduler asks on every pass. */
  concurrency(providerId: ProviderId): number | null;
  /** The endpoint and key a job will use; throws PROVIDER_NOT_CONFIGURED when a required key is missing. */
  resolve(providerId: ProviderId): ResolvedProvider;
  secretValues(): string[];
}

const secretName = (id: ProviderId): string => `provider:${id}:apiKey`;

const CONCURRENCY_CACHE_MS = 2000;

export function createProviderSettings(
  db: Db,
  secrets: SecretStore,
  env: Record<string, string | undefined>,
  /** The limit a provider gets when Settings has none (from the scheduler's options). */
  defaultConcurrency: (id: ProviderId) => number = (id) => (PROVIDERS[id].local ? 2 : 8),
): ProviderSettingsService {
  const row = (id: ProviderId) => db.select().from(providerSettings).where(eq(providerSettings.providerId, id)).get();
  let limits: { at: number; values: Map<string, number> } | null = null;
  const savedLimits = (): Map<string, number> => {
    if (!limits || Date.now() - limits.at > CONCURRENCY_CACHE_MS) {
      const rows = db
        .select({ id: providerSettings.providerId, n: providerSettings.concurrency })
        .from(providerSettings)
        .all();
      limits = { at: Date.now(), values: new Map(rows.filter((r) => r.n !== null).map((r) => [r.id, r.n as number])) };
    }
    return limits.values;
  };

  const keyOf = (id: ProviderId): { key: string | null; source: ProviderSettingsView['keySource'] } => {
    const stored = secrets.get(secretName(id));
    if (stored) return { key: stored, source: 'settings' };
    const envName = PROVIDERS[id].envKey;
    const fromEnv = envName ? env[envName]?.trim() : undefined;
    if (fromEnv) return { key: fromEnv, source: 'environment' };
    return { key: null, source: 'none' };
  };

  const baseUrlOf = (id: ProviderId, saved = row(id)): string => {
    const spec = PROVIDERS[id];
    const configured = saved?.baseUrl ?? env[spec.envBaseUrl]?.trim() ?? spec.defaultBaseUrl;
    return normalizeBaseUrl(spec, configured || spec.defaultBaseUrl);
  };

  const view = (id: ProviderId): ProviderSettingsView => {
    const spec = PROVIDERS[id];
    const { key, source } = keyOf(id);
    const saved = row(id);
    return {
      providerId: id,
      displayName: spec.displayName,
      baseUrl: baseUrlOf(id, saved),
      defaultBaseUrl: spec.defaultBaseUrl,
      keySource: source,
      keyLast4: key ? key.slice(-4) : null,
      keyRequired: spec.keyRequired,
      envKeyName: spec.envKey,
      concurrency: saved?.concurrency ?? null,
      defaultConcurrency: defaultConcurrency(id),
    };
  };

  return {
    list: () => PROVIDER_IDS.map(view),
    view,
    save({ providerId, baseUrl, apiKey, concurrency }) {
      if (baseUrl !== undefined || concurrency !== undefined) {
        const existing = row(providerId);
        const values = {
          baseUrl: baseUrl === undefined ? (existing?.baseUrl ?? null) : baseUrl.trim() === '' ? null : baseUrl.trim(),
          concurrency: concurrency === undefined ? (existing?.concurrency ?? null) : concurrency,
          updatedAt: nowIso(),
        };
        db.insert(providerSettings)
          .values({ providerId, ...values })
          .onConflictDoUpdate({ target: providerSettings.providerId, set: values })
          .run();
        limits = null;
      }
      if (apiKey !== undefined) secrets.set(secretName(providerId), apiKey === null || apiKey === '' ? null : apiKey);
      return view(providerId);
    },
    resolve(providerId) {
      const spec = PROVIDERS[providerId];
      const { key } = keyOf(providerId);
      if (spec.keyRequired && !key) {
        throw new AppError(
          'PROVIDER_NOT_CONFIGURED',
          `${spec.displayName} has no API key: enter one in Settings${spec.envKey ? ` or set ${spec.envKey}` : ''}.`,
          { providerId },
        );
      }
      return { id: providerId, kind: spec.wire, baseUrl: baseUrlOf(providerId), apiKey: key ?? '' };
    },
    concurrency: (providerId) => savedLimits().get(providerId) ?? null,
    secretValues() {
      const values = secrets.values();
      for (const id of PROVIDER_IDS) {
        const name = PROVIDERS[id].envKey;
        const v = name ? env[name] : undefined;
        if (v) values.push(v);
      }
      return values;
    },
  };
}
