/**
 * Each provider's last health check, remembered (in the database, so the CLI sees what the app checked and the other
 * way round) and turned into the reason a run is refused: a rejected key or a server that could not be reached. A
 * result stops counting once the provider's base URL or key changed after it.
 */
import { z } from 'zod';
import type { ProviderId } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { healthBlocker, IGNORE_HEALTH_ADVICE } from '../../../shared/health-gate';
import { PROVIDER_HEALTH_STATUSES, type ProviderHealth } from '../../../shared/providers';
import { providerHealthRows, saveProviderHealth } from '../store/provider-health';
import type { Sqlite } from '../store/sql';
import type { Logger } from '../util/logger';
import type { ProviderSettingsService } from './settings';

/** What a stored result must hold to be trusted (rows from another version that do not parse are ignored). */
const storedHealthSchema = z.object({
  providerId: z.string(),
  displayName: z.string(),
  status: z.enum(PROVIDER_HEALTH_STATUSES),
  baseUrl: z.string(),
  keySource: z.enum(['settings', 'environment', 'none']),
  keyLast4: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), status: z.number().nullable() }).nullable(),
  hint: z.string().nullable(),
  checkedAt: z.string(),
});

export interface ProviderHealthLog {
  /** Remembers these results (a failure to save is logged: the check itself still answered). */
  record(results: readonly ProviderHealth[]): void;
  /** One sentence per provider whose last check (for its current settings) says every job would fail. */
  blockers(providerIds: readonly ProviderId[]): string[];
  /** Throws PROVIDER_UNHEALTHY with those sentences, and how to start anyway, when there are any. */
  assertUsable(providerIds: readonly ProviderId[]): void;
}

export function createProviderHealthLog(
  sqlite: Sqlite,
  providers: Pick<ProviderSettingsService, 'view'>,
  logger: Logger,
): ProviderHealthLog {
  const last = (): Map<string, z.infer<typeof storedHealthSchema>> => {
    const found = new Map<string, z.infer<typeof storedHealthSchema>>();
    for (const row of providerHealthRows(sqlite)) {
      const parsed = storedHealthSchema.safeParse(parseJson(row.healthJson));
      if (parsed.success) found.set(row.providerId, parsed.data);
    }
    return found;
  };
  const blockers = (providerIds: readonly ProviderId[]): string[] => {
    const known = last();
    return [...new Set(providerIds)].flatMap((id) => {
      const health = known.get(id);
      if (!health) return [];
      const view = providers.view(id);
      // Checked with other settings: that verdict says nothing about the key or server in use now.
      if (health.baseUrl !== view.baseUrl || health.keySource !== view.keySource || health.keyLast4 !== view.keyLast4)
        return [];
      const reason = healthBlocker(health);
      return reason ? [reason] : [];
    });
  };
  return {
    record(results) {
      for (const health of results) {
        try {
          saveProviderHealth(sqlite, {
            providerId: health.providerId,
            healthJson: JSON.stringify(health),
            checkedAt: health.checkedAt,
          });
        } catch (error) {
          logger.warn('could not save a provider health result', { providerId: health.providerId, error });
        }
      }
    },
    blockers,
    assertUsable(providerIds) {
      const reasons = blockers(providerIds);
      if (reasons.length === 0) return;
      throw new AppError('PROVIDER_UNHEALTHY', `Not started. ${reasons.join(' ')} ${IGNORE_HEALTH_ADVICE}`, {
        reasons,
      });
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
