/**
 * Concurrency limits: the defaults (written here once) and the settings from the environment: VALUERANK_CONCURRENCY (all jobs in flight) and
 * VALUERANK_<PROVIDER>_CONCURRENCY (one provider, e.g. VALUERANK_OLLAMA_CONCURRENCY=1). Bad values are reported, not
 * silently ignored.
 */
import { MAX_PARALLEL_REQUESTS, parallelRequestsSchema, PROVIDER_IDS, type ProviderId } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { PROVIDERS } from './registry';

/** Per-provider cap on jobs in flight; providers not listed use `remote` or `local` by kind. */
export interface ProviderLimits {
  remote: number;
  local: number;
  overrides?: Partial<Record<ProviderId, number>>;
}

/** The scheduler's two concurrency knobs: all jobs in flight, and each provider's share of them. */
export interface ConcurrencyLimits {
  concurrency: number;
  providerLimits: ProviderLimits;
}

/** The global cap on jobs in flight: a safety net; the per-provider limits are the knob people turn. */
export const DEFAULT_CONCURRENCY = 32;

/**
 * Remote APIs take 8 at a time unless Settings say otherwise (their 429s are honoured anyway); a local server runs
 * one model on one machine, where parallel requests mostly queue, so it gets 2.
 */
export const DEFAULT_PROVIDER_LIMITS: ProviderLimits = { remote: 8, local: 2 };

/** The limit a provider gets when Settings have none: environment override, else by kind; never above the global cap. */
export function defaultProviderLimit(options: ConcurrencyLimits, providerId: ProviderId): number {
  const { overrides, local, remote } = options.providerLimits;
  const limit = overrides?.[providerId] ?? (PROVIDERS[providerId]?.local ? local : remote);
  return Math.min(limit, options.concurrency);
}

/**
 * What `--concurrency N` asks for: N requests in flight, which no default per-provider limit lowers; a limit set
 * explicitly (Settings, or VALUERANK_<PROVIDER>_CONCURRENCY) still caps its provider.
 */
export function requestedConcurrency(n: number): ConcurrencyLimits {
  return { concurrency: n, providerLimits: { remote: n, local: n } };
}

function parseLimit(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!parallelRequestsSchema.safeParse(value).success) {
    throw new AppError(
      'VALIDATION',
      `${name} must be a whole number from 1 to ${MAX_PARALLEL_REQUESTS} (got "${text}")`,
    );
  }
  return value;
}

export function concurrencyFromEnv(
  env: Record<string, string | undefined>,
  base: ConcurrencyLimits,
): ConcurrencyLimits {
  const concurrency = parseLimit('VALUERANK_CONCURRENCY', env.VALUERANK_CONCURRENCY) ?? base.concurrency;
  const overrides: Partial<Record<ProviderId, number>> = { ...base.providerLimits.overrides };
  for (const id of PROVIDER_IDS) {
    const name = `VALUERANK_${id.toUpperCase()}_CONCURRENCY`;
    const limit = parseLimit(name, env[name]);
    if (limit !== undefined) overrides[id] = limit;
  }
  return {
    concurrency,
    providerLimits: { ...base.providerLimits, overrides },
  };
}
