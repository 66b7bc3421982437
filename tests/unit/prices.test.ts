/** Finding a model's price (most specific first, the researcher's over the built-in), loopback as local, and money text. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRef } from '../../src/shared/domain';
import { BATCH_PRICE_FACTOR, batchBasis } from '../../src/shared/batch';
import { costOf, describeBasis, formatUsd, priceSaveSchema } from '../../src/shared/prices';
import { createPriceService, isLoopbackUrl } from '../../src/main/core/providers/prices';
import { makeTestDb, type TestDb } from '../helpers/db';

const ref = (modelId: string, modelVersion: string | null = null): ModelRef => ({
  providerId: 'openai',
  modelId,
  modelVersion,
});

describe('price lookup', () => {
  let t: TestDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  it('prices a pinned version, a dated id typed as the model, and the model; the researcher’s price wins at its level', async () => {
    t = await makeTestDb();
    const prices = createPriceService({
      sqlite: t.database.sqlite,
      isLocal: (id) => id === 'ollama',
      today: () => '2030-01-02',
    });
    const input = (model: ModelRef): number | null => {
      const basis = prices.basisFor(model);
      return basis.kind === 'priced' ? basis.price.inputUsdPerMTok : null;
    };
    expect(input(ref('gpt-4o', 'gpt-4o-2024-05-13'))).toBe(5);
    expect(input(ref('gpt-4o', 'gpt-4o-2024-08-06'))).toBe(2.5);
    expect(input(ref('gpt-4o-2024-05-13'))).toBe(5);
    expect(input(ref('gpt-4o-2024-08-06'))).toBe(2.5);
    expect(prices.basisFor(ref('no-such-model'))).toEqual({ kind: 'none' });
    expect(prices.basisFor({ providerId: 'ollama', modelId: 'llama3', modelVersion: null })).toEqual({ kind: 'local' });

    prices.save({ ...ref('gpt-4o'), inputUsdPerMTok: 1, outputUsdPerMTok: 1 });
    // The pinned version's built-in price is more specific than the researcher's price for the model.
    expect(input(ref('gpt-4o', 'gpt-4o-2024-05-13'))).toBe(5);
    expect(input(ref('gpt-4o', 'gpt-4o-2024-08-06'))).toBe(1);
    const saved = prices.save({ ...ref('gpt-4o', 'gpt-4o-2024-05-13'), inputUsdPerMTok: 7, outputUsdPerMTok: 8 });
    expect(input(ref('gpt-4o', 'gpt-4o-2024-05-13'))).toBe(7);
    expect(saved.find((p) => p.modelVersion === 'gpt-4o-2024-05-13')).toMatchObject({
      recordedAt: '2030-01-02',
      overridesBuiltin: true,
    });
    prices.remove(ref('gpt-4o', 'gpt-4o-2024-05-13'));
    expect(input(ref('gpt-4o', 'gpt-4o-2024-05-13'))).toBe(5);
  });

  it('keeps a researcher’s batch price per model, used at the batch tier; without one the published discount', async () => {
    t = await makeTestDb();
    const prices = createPriceService({ sqlite: t.database.sqlite, isLocal: () => false, today: () => '2030-01-02' });
    const batchInput = (model: ModelRef): number | null => {
      const basis = batchBasis(prices.basisFor(model));
      return basis.kind === 'priced' ? basis.price.inputUsdPerMTok : null;
    };
    // The built-in table has no batch tier: half the real-time price.
    expect(batchInput(ref('gpt-4o'))).toBe(1.25);
    const saved = prices.save({
      ...ref('gpt-4o'),
      inputUsdPerMTok: 2.5,
      outputUsdPerMTok: 10,
      batchInputUsdPerMTok: 1.5,
      batchOutputUsdPerMTok: 6,
    });
    expect(saved.find((p) => p.modelId === 'gpt-4o' && p.modelVersion === null)).toMatchObject({
      batchInputUsdPerMTok: 1.5,
      batchOutputUsdPerMTok: 6,
      source: 'user',
    });
    expect(batchInput(ref('gpt-4o'))).toBe(1.5);
    const batch = batchBasis(prices.basisFor(ref('gpt-4o')));
    expect(batch).toMatchObject({ price: { inputUsdPerMTok: 1.5, outputUsdPerMTok: 6 } });
    // Real time is untouched; saving again without a batch price brings back the discount.
    expect(prices.basisFor(ref('gpt-4o'))).toMatchObject({ price: { inputUsdPerMTok: 2.5 } });
    prices.save({ ...ref('gpt-4o'), inputUsdPerMTok: 3, outputUsdPerMTok: 10 });
    expect(batchInput(ref('gpt-4o'))).toBe(3 * BATCH_PRICE_FACTOR);
    // Both batch prices or neither.
    const half = priceSaveSchema.safeParse({
      ...ref('gpt-4o'),
      inputUsdPerMTok: 1,
      outputUsdPerMTok: 1,
      batchInputUsdPerMTok: 1,
    });
    expect(half.success).toBe(false);
    expect(() =>
      prices.save({ ...ref('gpt-4o'), inputUsdPerMTok: 1, outputUsdPerMTok: 1, batchOutputUsdPerMTok: -1 }),
    ).toThrow();
  });

  it('treats loopback base URLs as this computer', () => {
    expect(isLoopbackUrl('http://127.0.0.1:8000/v1')).toBe(true);
    expect(isLoopbackUrl('http://localhost:1234/v1')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:8080/v1')).toBe(true);
    expect(isLoopbackUrl('https://api.together.xyz/v1')).toBe(false);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });

  it('computes and writes money without pretending precision, and never turns no price into 0', () => {
    const price = {
      ...ref('m'),
      inputUsdPerMTok: 2,
      outputUsdPerMTok: 10,
      batchInputUsdPerMTok: null,
      batchOutputUsdPerMTok: null,
      recordedAt: '2025-06-01',
      source: 'builtin' as const,
      overridesBuiltin: false,
    };
    expect(costOf(1_000_000, 500_000, { kind: 'priced', price })).toBe(7);
    expect(costOf(10, 10, { kind: 'none' })).toBeNull();
    expect(costOf(10, 10, { kind: 'local' })).toBe(0);
    expect([formatUsd(0), formatUsd(0.00123), formatUsd(0.5), formatUsd(1234.5)]).toEqual([
      '$0',
      '$0.0012',
      '$0.50',
      '$1,234.50',
    ]);
    expect(describeBasis({ kind: 'local' })).toBe('local: free');
    expect(describeBasis({ kind: 'none' })).toBe('no price');
    expect(describeBasis({ kind: 'priced', price })).toBe('$2.00 in / $10.00 out per M tokens (2025-06-01)');
  });
});
