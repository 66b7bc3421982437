/** What to do about a provider error, in one sentence, and which last health results mean a run cannot work at all. */
import type { ProviderHealth } from '@shared/providers';

const FIXES: Record<string, string> = {
  AUTH_FAILED:
    'The provider rejected the API key: enter a valid key in Settings (or fix the key variable), then re-run.',
  NETWORK_ERROR: 'The server could not be reached: check the base URL in Settings and that the server is running.',
  ENDPOINT_NOT_FOUND: 'The base URL does not point at the API: check it in Settings (it usually ends in /v1).',
  PROVIDER_NOT_CONFIGURED: 'The provider has no API key: add one in Settings.',
  MODEL_NOT_FOUND: 'The provider does not know this model or version: pick one from the catalog and re-run.',
  RATE_LIMITED: 'The provider is rate limiting: lower Parallel requests for it in Settings, then resume or re-run.',
  TIMEOUT: 'Requests timed out: a local server may be too slow for the parallel requests set in Settings.',
};

/** The fix for an error code, or null when there is nothing better to say than the message itself. */
export function errorFix(code: string): string | null {
  return FIXES[code] ?? null;
}

/** Codes whose fix is in Settings (the UI links there). */
export function fixIsInSettings(code: string): boolean {
  return code !== 'MODEL_NOT_FOUND';
}

/** The one sentence every front door says when a provider's last health check means a run would fail. */
export { healthBlocker } from '@shared/health-gate';

/** A short word for a provider's last health result, shown next to its models. */
export function healthWord(health: ProviderHealth | undefined): string {
  if (!health) return 'not checked yet';
  if (health.status === 'connected')
    return `connected${health.latencyMs !== null ? ` (${Math.round(health.latencyMs)} ms)` : ''}`;
  if (health.status === 'not_configured') return 'not configured';
  return `error: ${health.error?.code ?? 'unknown'}`;
}
