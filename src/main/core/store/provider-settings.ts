/** Saved provider settings: a base URL and a parallel-request limit per provider (keys live in the secret store). */
import type { ProviderId } from '../../../shared/domain';
import { many, one, write, type Sqlite } from './sql';

export interface ProviderSettingsRow {
  providerId: string;
  baseUrl: string | null;
  concurrency: number | null;
  updatedAt: string;
}

export function providerSettingsRow(sqlite: Sqlite, providerId: ProviderId): ProviderSettingsRow | undefined {
  return one<ProviderSettingsRow>(
    sqlite,
    `SELECT provider_id AS providerId, base_url AS baseUrl, concurrency, updated_at AS updatedAt
      FROM provider_settings WHERE provider_id = ?`,
    providerId,
  );
}

/** Every saved parallel-request limit, by provider id. */
export function savedConcurrencyLimits(sqlite: Sqlite): Map<string, number> {
  const rows = many<{ id: string; n: number | null }>(
    sqlite,
    `SELECT provider_id AS id, concurrency AS n FROM provider_settings`,
  );
  return new Map(rows.filter((r) => r.n !== null).map((r) => [r.id, r.n as number]));
}

export function upsertProviderSettings(sqlite: Sqlite, row: ProviderSettingsRow): void {
  write(
    sqlite,
    `INSERT INTO provider_settings (provider_id, base_url, concurrency, updated_at)
      VALUES (@providerId, @baseUrl, @concurrency, @updatedAt)
      ON CONFLICT (provider_id) DO UPDATE SET base_url = excluded.base_url, concurrency = excluded.concurrency,
        updated_at = excluded.updated_at`,
    { ...row },
  );
}
