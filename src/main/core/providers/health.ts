/**
 * System Health's provider checks: one cheap authenticated call per provider (its model list, through the Python
 * worker), all in parallel with a short timeout, each result with the provider's own error text and a fix hint.
 */
import type { ProviderId, ProviderSettingsView } from '../../../shared/domain';
import type { ProviderHealth } from '../../../shared/providers';
import type { CatalogParams, CheckProviderResult } from '../python/catalog-protocol';
import type { ModelCatalogService } from './catalog';
import { PROVIDERS, type ProviderSpec } from './registry';
import type { ProviderSettingsService } from './settings';

export interface ProviderCheckDeps {
  providers: ProviderSettingsService;
  pool: { checkProvider(params: CatalogParams): Promise<CheckProviderResult> };
  catalog: ModelCatalogService;
  /** Redacts every known key from text that came back from a provider or the network. */
  secretValues: () => string[];
  now?: () => Date;
}

const START_COMMANDS: Partial<Record<ProviderId, string>> = {
  ollama: 'start it with "ollama serve"',
  lmstudio: 'start the server from LM Studio’s Developer tab',
  llamacpp: 'start it with "llama-server -m MODEL.gguf --port 8080"',
};

/** Where to fix a key, in the words the Settings page and the README use. */
function keyPlace(spec: ProviderSpec): string {
  return `enter it in Settings → ${spec.displayName}${spec.envKey ? ` or set ${spec.envKey}` : ''}`;
}

export function notConfiguredHint(spec: ProviderSpec): string {
  if (spec.id === 'compat')
    return `Set the server’s base URL in Settings → ${spec.displayName} or set ${spec.envBaseUrl}.`;
  return `No API key: ${keyPlace(spec)}.`;
}

/** One sentence on what to do about a failed check, by the worker's error code. */
export function hintFor(spec: ProviderSpec, view: ProviderSettingsView, code: string, status: number | null): string {
  const keyFrom =
    view.keySource === 'environment' ? `the key from ${spec.envKey ?? 'the environment'}` : 'the key saved in Settings';
  switch (code) {
    case 'AUTH_FAILED':
      return `${spec.displayName} rejected ${keyFrom}${status ? ` (HTTP ${status})` : ''}: check that it is current and has access, then ${keyPlace(spec)}.`;
    case 'NETWORK_ERROR':
      return spec.local
        ? `Is ${spec.displayName} running at ${view.baseUrl}? ${START_COMMANDS[spec.id] ?? 'Start the server'}, or change the base URL in Settings.`
        : `Offline? Is the server reachable at ${view.baseUrl}? Check your connection, proxy and the base URL in Settings.`;
    case 'TIMEOUT':
      return `No answer from ${view.baseUrl} in time: offline, or the server is overloaded. Try again shortly.`;
    case 'ENDPOINT_NOT_FOUND':
      return `The base URL ${view.baseUrl} does not look like ${spec.wire === 'openai' ? 'an OpenAI-compatible API (it usually ends in /v1)' : `the ${spec.displayName} API`}: check it in Settings.`;
    case 'RATE_LIMITED':
      return 'The key works but is rate limited right now; runs will wait and retry. Try the check again shortly.';
    case 'PROVIDER_ERROR':
      return `${spec.displayName} reported a server error; this is usually temporary. Try again in a minute.`;
    case 'WORKER_UNAVAILABLE':
      return 'Provider checks run in the Python worker, which is offline: see Python worker below.';
    default:
      return `Check the base URL and key in Settings → ${spec.displayName}.`;
  }
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/** compat has no meaningful default endpoint: it counts as configured only once its base URL was set. */
function isConfigured(spec: ProviderSpec, view: ProviderSettingsView): boolean {
  if (spec.id === 'compat') return view.baseUrl !== spec.defaultBaseUrl;
  return !spec.keyRequired || view.keySource !== 'none';
}

export async function checkProvider(
  deps: ProviderCheckDeps,
  id: ProviderId,
  timeoutMs: number,
): Promise<ProviderHealth> {
  const spec = PROVIDERS[id];
  const view = deps.providers.view(id);
  const base = {
    providerId: id,
    displayName: spec.displayName,
    baseUrl: view.baseUrl,
    keySource: view.keySource,
    keyLast4: view.keyLast4,
    local: spec.local,
  };
  const stamp = (): string => (deps.now?.() ?? new Date()).toISOString();
  if (!isConfigured(spec, view)) {
    return {
      ...base,
      status: 'not_configured',
      latencyMs: null,
      modelCount: null,
      error: null,
      hint: notConfiguredHint(spec),
      checkedAt: stamp(),
    };
  }
  try {
    const result = await deps.pool.checkProvider({ provider: deps.providers.resolve(id), timeoutMs });
    deps.catalog.record(id, result.models);
    return {
      ...base,
      status: 'connected',
      latencyMs: result.latencyMs,
      modelCount: result.modelCount,
      error: null,
      hint: null,
      checkedAt: stamp(),
    };
  } catch (error) {
    deps.catalog.recordError(id, error);
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'INTERNAL';
    const status =
      typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : null;
    const message = redact(error instanceof Error ? error.message : String(error), deps.secretValues());
    return {
      ...base,
      status: 'error',
      latencyMs: null,
      modelCount: null,
      error: { code, message, status },
      hint: hintFor(spec, view, code, status),
      checkedAt: stamp(),
    };
  }
}

/** Checks providers in parallel; a slow one costs at most its own timeout, never the sum. */
export function checkProviders(
  deps: ProviderCheckDeps,
  ids: readonly ProviderId[],
  timeoutMs: number,
): Promise<ProviderHealth[]> {
  return Promise.all(ids.map((id) => checkProvider(deps, id, timeoutMs)));
}
