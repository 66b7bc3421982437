/** Each provider's last System Health result, kept across processes so run creation can refuse what would fail. */
import { many, write, type Sqlite } from './sql';

export interface ProviderHealthRow {
  providerId: string;
  healthJson: string;
  checkedAt: string;
}

export function saveProviderHealth(sqlite: Sqlite, row: ProviderHealthRow): void {
  write(
    sqlite,
    `INSERT INTO provider_health_checks (provider_id, health_json, checked_at) VALUES (@providerId, @healthJson, @checkedAt)
      ON CONFLICT (provider_id) DO UPDATE SET health_json = excluded.health_json, checked_at = excluded.checked_at`,
    { ...row },
  );
}

export function providerHealthRows(sqlite: Sqlite): ProviderHealthRow[] {
  return many<ProviderHealthRow>(
    sqlite,
    `SELECT provider_id AS providerId, health_json AS healthJson, checked_at AS checkedAt FROM provider_health_checks`,
  );
}
