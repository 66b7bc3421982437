/** Each provider's last model listing, kept across restarts for the model picker (the catalog's memory on disk). */
import { many, write, type Sqlite } from './sql';

export interface ModelListingRow {
  providerId: string;
  modelsJson: string;
  listedAt: string;
}

export function modelListingRows(sqlite: Sqlite): ModelListingRow[] {
  return many<ModelListingRow>(
    sqlite,
    `SELECT provider_id AS providerId, models_json AS modelsJson, listed_at AS listedAt FROM provider_model_listings`,
  );
}

export function saveModelListing(sqlite: Sqlite, row: ModelListingRow): void {
  write(
    sqlite,
    `INSERT INTO provider_model_listings (provider_id, models_json, listed_at) VALUES (@providerId, @modelsJson, @listedAt)
      ON CONFLICT (provider_id) DO UPDATE SET models_json = excluded.models_json, listed_at = excluded.listed_at`,
    { ...row },
  );
}
