/**
 * The price table in effect (built-in prices overridden by the researcher's) and the one rule that finds a model's
 * price: a local server is free; else the most specific price (the pinned version before the model), the researcher's
 * before the built-in one at the same level; a dated id typed as the model counts as that version of its model.
 */
import type { ModelRef, ProviderId } from '../../../shared/domain';
import {
  priceSaveSchema,
  type ModelPrice,
  type PriceBasis,
  type PriceKey,
  type PriceSaveInput,
} from '../../../shared/prices';
import { removeUserPrice, saveUserPrice, userPriceRows } from '../store/prices';
import type { Sqlite } from '../store/sql';
import { BUILTIN_MODELS } from './builtin-models';
import { BUILTIN_PRICES, BUILTIN_PRICES_RECORDED_AT } from './builtin-prices';

const keyOf = (k: { providerId: string; modelId: string; modelVersion: string | null }): string =>
  `${k.providerId}\u0000${k.modelId}\u0000${k.modelVersion ?? ''}`;

export interface PriceService {
  list(): ModelPrice[];
  save(price: PriceSaveInput): ModelPrice[];
  remove(key: PriceKey): ModelPrice[];
  /** The price a model's cost is computed with now. */
  basisFor(model: ModelRef): PriceBasis;
}

export function createPriceService(deps: {
  sqlite: Sqlite;
  /** Whether a provider is a server on this computer (free): the local kinds, or a custom server on loopback. */
  isLocal: (providerId: ProviderId) => boolean;
  /** Today as YYYY-MM-DD (tests pin it). */
  today?: () => string;
}): PriceService {
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  const builtins = new Map<string, ModelPrice>(
    BUILTIN_PRICES.map((b) => [
      keyOf(b),
      {
        ...b,
        batchInputUsdPerMTok: null,
        batchOutputUsdPerMTok: null,
        recordedAt: BUILTIN_PRICES_RECORDED_AT,
        source: 'builtin',
        overridesBuiltin: false,
      },
    ]),
  );

  function table(): Map<string, ModelPrice> {
    const merged = new Map(builtins);
    for (const row of userPriceRows(deps.sqlite)) {
      const price: ModelPrice = {
        providerId: row.providerId as ProviderId,
        modelId: row.modelId,
        modelVersion: row.modelVersion === '' ? null : row.modelVersion,
        inputUsdPerMTok: row.inputUsdPerMTok,
        outputUsdPerMTok: row.outputUsdPerMTok,
        batchInputUsdPerMTok: row.batchInputUsdPerMTok,
        batchOutputUsdPerMTok: row.batchOutputUsdPerMTok,
        recordedAt: row.recordedAt,
        source: 'user',
        overridesBuiltin: false,
      };
      const key = keyOf(price);
      merged.set(key, { ...price, overridesBuiltin: builtins.has(key) });
    }
    return merged;
  }

  const list = (): ModelPrice[] =>
    [...table().values()].sort(
      (a, b) =>
        a.providerId.localeCompare(b.providerId) ||
        a.modelId.localeCompare(b.modelId) ||
        (a.modelVersion ?? '').localeCompare(b.modelVersion ?? ''),
    );

  return {
    list,
    save(price) {
      saveUserPrice(deps.sqlite, priceSaveSchema.parse(price), today(), new Date().toISOString());
      return list();
    },
    remove(key) {
      removeUserPrice(deps.sqlite, key);
      return list();
    },
    basisFor(model) {
      if (deps.isLocal(model.providerId)) return { kind: 'local' };
      const prices = table();
      for (const candidate of candidatesOf(model)) {
        const price = prices.get(keyOf(candidate));
        if (price) return { kind: 'priced', price };
      }
      return { kind: 'none' };
    },
  };
}

/** The keys to look a model up by, most specific first. */
function candidatesOf(model: ModelRef): PriceKey[] {
  const { providerId, modelId, modelVersion } = model;
  const keys: PriceKey[] = [];
  if (modelVersion) keys.push({ providerId, modelId, modelVersion });
  keys.push({ providerId, modelId, modelVersion: null });
  // A dated id typed as the model ("gpt-4o-2024-05-13"): priced as that version of its curated model.
  const owner = BUILTIN_MODELS.find((b) => b.providerId === providerId && b.versions.includes(modelVersion ?? modelId));
  if (owner && owner.id !== modelId) {
    keys.push({ providerId, modelId: owner.id, modelVersion: modelVersion ?? modelId });
    keys.push({ providerId, modelId: owner.id, modelVersion: null });
  }
  return keys;
}

/** A base URL on this computer (loopback): a custom OpenAI-compatible server there costs nothing. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
