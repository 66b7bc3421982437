/**
 * Provider settings: base URL (database) and key (secret store), with environment fallbacks; keys never leave main.
 * A key goes only where it was given for: changing a provider's base URL forgets its saved key (unless the same save
 * gives one), and the environment's key is sent only to the environment's (or the default) base URL.
 */
import { PROVIDER_IDS, type ProviderId, type ProviderSettingsView } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { providerSettingsRow, savedConcurrencyLimits, upsertProviderSettings } from '../store/provider-settings';
import type { Sqlite } from '../store/sql';
import { DEFAULT_CONCURRENCY, DEFAULT_PROVIDER_LIMITS, defaultProviderLimit } from './limits';
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
  /** Every key value known (saved or from the environment), for redaction; cached, refreshed when a key is saved. */
  secretValues(): string[];
}

const secretName = (id: ProviderId): string => `provider:${id}:apiKey`;

const CONCURRENCY_CACHE_MS = 2000;

export function createProviderSettings(
  sqlite: Sqlite,
  secrets: SecretStore,
  env: Record<string, string | undefined>,
  /** The limit a provider gets when Settings has none (from the scheduler's options). */
  defaultConcurrency: (id: ProviderId) => number = (id) =>
    defaultProviderLimit({ concurrency: DEFAULT_CONCURRENCY, providerLimits: DEFAULT_PROVIDER_LIMITS }, id),
): ProviderSettingsService {
  const row = (id: ProviderId) => providerSettingsRow(sqlite, id);
  let limits: { at: number; values: Map<string, number> } | null = null;
  let knownSecrets: string[] | null = null;
  const savedLimits = (): Map<string, number> => {
    if (!limits || Date.now() - limits.at > CONCURRENCY_CACHE_MS) {
      limits = { at: Date.now(), values: savedConcurrencyLimits(sqlite) };
    }
    return limits.values;
  };

  const baseUrlOf = (id: ProviderId, saved = row(id)): string => {
    const spec = PROVIDERS[id];
    const configured = saved?.baseUrl ?? env[spec.envBaseUrl]?.trim() ?? spec.defaultBaseUrl;
    return normalizeBaseUrl(spec, configured || spec.defaultBaseUrl);
  };
  /** The base URL without Settings: the environment's, else the provider's default. */
  const unsavedBaseUrlOf = (id: ProviderId): string => {
    const spec = PROVIDERS[id];
    return normalizeBaseUrl(spec, env[spec.envBaseUrl]?.trim() || spec.defaultBaseUrl);
  };

  const keyOf = (
    id: ProviderId,
    saved = row(id),
  ): { key: string | null; source: ProviderSettingsView['keySource'] } => {
    const stored = secrets.get(secretName(id));
    if (stored) return { key: stored, source: 'settings' };
    const envName = PROVIDERS[id].envKey;
    const fromEnv = envName ? env[envName]?.trim() : undefined;
    // The environment's key belongs to the environment's endpoint: a base URL saved in Settings needs its own key.
    if (fromEnv && baseUrlOf(id, saved) === unsavedBaseUrlOf(id)) return { key: fromEnv, source: 'environment' };
    return { key: null, source: 'none' };
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
        const before = baseUrlOf(providerId, existing);
        upsertProviderSettings(sqlite, {
          providerId,
          baseUrl: baseUrl === undefined ? (existing?.baseUrl ?? null) : baseUrl.trim() === '' ? null : baseUrl.trim(),
          concurrency: concurrency === undefined ? (existing?.concurrency ?? null) : concurrency,
          updatedAt: nowIso(),
        });
        limits = null;
        // A key is never sent to an endpoint it was not entered for: a new base URL needs the key entered again.
        if (apiKey === undefined && baseUrlOf(providerId) !== before && secrets.get(secretName(providerId))) {
          secrets.set(secretName(providerId), null);
          knownSecrets = null;
        }
      }
      if (apiKey !== undefined) {
        secrets.set(secretName(providerId), apiKey === null || apiKey === '' ? null : apiKey);
        knownSecrets = null;
      }
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
      // Every log line asks: decrypting every stored key each time would cost far more than the line itself.
      if (knownSecrets) return knownSecrets;
      const values = secrets.values();
      for (const id of PROVIDER_IDS) {
        const name = PROVIDERS[id].envKey;
        const v = name ? env[name] : undefined;
        if (v) values.push(v);
      }
      knownSecrets = values;
      return values;
    },
  };
}
