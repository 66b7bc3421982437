/**
 * Which last health results mean a run cannot work at all (a rejected key, a server that cannot be reached), in the
 * one sentence the start form, the re-run dialog, `runs.create` and the CLI all say.
 */
import type { ProviderHealth } from './providers';

/** Health errors that make every job fail. */
export const BLOCKING_HEALTH_CODES: ReadonlySet<string> = new Set(['AUTH_FAILED', 'NETWORK_ERROR']);

/** Why a provider's last health check says a run would fail, or null when it may be used. */
export function healthBlocker(
  health: Pick<ProviderHealth, 'displayName' | 'status' | 'error' | 'baseUrl' | 'hint'> | undefined,
): string | null {
  if (!health || health.status !== 'error' || !health.error) return null;
  if (!BLOCKING_HEALTH_CODES.has(health.error.code)) return null;
  const what =
    health.error.code === 'AUTH_FAILED' ? 'rejected the API key' : `could not be reached at ${health.baseUrl}`;
  const fix =
    health.hint ??
    (health.error.code === 'AUTH_FAILED'
      ? 'Enter a valid key in Settings (or fix the key variable).'
      : 'Check the base URL in Settings and that the server is running.');
  return `At its last health check, ${health.displayName} ${what}. ${fix}`;
}

/** The sentence a refused run ends with: how to start anyway. */
export const IGNORE_HEALTH_ADVICE =
  'Check again in System Health once it is fixed, or start anyway (CLI: --ignore-health).';
