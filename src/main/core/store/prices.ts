/** The researcher's prices (table `model_prices`): list, save (recorded today) and remove. */
import type { PriceKey, PriceSave } from '../../../shared/prices';
import { many, write, type Sqlite } from './sql';

export interface UserPriceRow {
  providerId: string;
  modelId: string;
  /** '' for a price of the model whatever its version. */
  modelVersion: string;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  batchInputUsdPerMTok: number | null;
  batchOutputUsdPerMTok: number | null;
  recordedAt: string;
}

export function userPriceRows(sqlite: Sqlite): UserPriceRow[] {
  return many<UserPriceRow>(
    sqlite,
    `SELECT provider_id AS providerId, model_id AS modelId, model_version AS modelVersion,
      input_usd_per_mtok AS inputUsdPerMTok, output_usd_per_mtok AS outputUsdPerMTok,
      batch_input_usd_per_mtok AS batchInputUsdPerMTok, batch_output_usd_per_mtok AS batchOutputUsdPerMTok,
      recorded_at AS recordedAt
     FROM model_prices ORDER BY provider_id, model_id, model_version`,
  );
}

/** Adds or replaces the price for this model and version; `recordedAt` is the day (YYYY-MM-DD) it was saved. */
export function saveUserPrice(sqlite: Sqlite, price: PriceSave, recordedAt: string, now: string): void {
  write(
    sqlite,
    `INSERT INTO model_prices (provider_id, model_id, model_version, input_usd_per_mtok, output_usd_per_mtok,
      batch_input_usd_per_mtok, batch_output_usd_per_mtok, recorded_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (provider_id, model_id, model_version) DO UPDATE SET input_usd_per_mtok = excluded.input_usd_per_mtok,
      output_usd_per_mtok = excluded.output_usd_per_mtok, batch_input_usd_per_mtok = excluded.batch_input_usd_per_mtok,
      batch_output_usd_per_mtok = excluded.batch_output_usd_per_mtok, recorded_at = excluded.recorded_at,
      updated_at = excluded.updated_at`,
    price.providerId,
    price.modelId,
    price.modelVersion ?? '',
    price.inputUsdPerMTok,
    price.outputUsdPerMTok,
    price.batchInputUsdPerMTok,
    price.batchOutputUsdPerMTok,
    recordedAt,
    now,
  );
}

/** Removes the researcher's price for this model and version; answers whether there was one. */
export function removeUserPrice(sqlite: Sqlite, key: PriceKey): boolean {
  return (
    write(
      sqlite,
      `DELETE FROM model_prices WHERE provider_id = ? AND model_id = ? AND model_version = ?`,
      key.providerId,
      key.modelId,
      key.modelVersion ?? '',
    ) > 0
  );
}
