/**
 * A batch run's cost per tier (issue 26): the answers its batches returned are paid at the batch price, the rest (a
 * remainder finished in real time) at the real-time price; older batch runs derive the real-time price from the batch
 * price they recorded.
 */
import { describe, expect, it } from 'vitest';
import { batchBasis, realtimeFromBatchBasis } from '../../src/shared/batch';
import type { PriceBasis, RunPrice } from '../../src/shared/prices';
import { runCostOf } from '../../src/main/core/runs/cost';
import { totalCostText } from '../../src/main/cli/commands/cost';
import type { RunDetail } from '../../src/shared/domain';
import type { TokenCountRow } from '../../src/main/core/store/cost';

const MODEL = { providerId: 'openai', modelId: 'gpt-test', modelVersion: null } as const;
const KEY = 'openai:gpt-test';
const REALTIME: PriceBasis = {
  kind: 'priced',
  price: {
    providerId: 'openai',
    modelId: 'gpt-test',
    modelVersion: null,
    inputUsdPerMTok: 2,
    outputUsdPerMTok: 8,
    batchInputUsdPerMTok: null,
    batchOutputUsdPerMTok: null,
    recordedAt: '2026-01-01',
    source: 'builtin',
    overridesBuiltin: false,
  },
};
const BATCH = batchBasis(REALTIME);
const price = (basis: PriceBasis): RunPrice[] => [{ modelKey: KEY, basis }];

function counts(total: [number, number], batch: [number, number]): TokenCountRow[] {
  return [
    {
      modelKey: KEY,
      inputTokens: total[0],
      outputTokens: total[1],
      transcripts: 4,
      reported: 4,
      batchInputTokens: batch[0],
      batchOutputTokens: batch[1],
    },
  ];
}

describe('runCostOf per tier', () => {
  it('prices the batch tokens at the batch price and the rest at the real-time price', () => {
    const cost = runCostOf([MODEL], counts([3_000_000, 1_000_000], [1_000_000, 500_000]), {
      prices: price(BATCH),
      realtimePrices: price(REALTIME),
      mode: 'batch',
    });
    // batch: 1M in × $1 + 0.5M out × $4 = $3; real time: 2M in × $2 + 0.5M out × $8 = $8.
    expect(cost.tiers).toEqual({
      batch: { inputTokens: 1_000_000, outputTokens: 500_000, costUsd: 3 },
      realtime: { inputTokens: 2_000_000, outputTokens: 500_000, costUsd: 8 },
    });
    expect(cost.costUsd).toBe(11);
    expect(cost.perModel[0]).toMatchObject({ costUsd: 11, basis: BATCH, tiers: { realtime: { basis: REALTIME } } });
  });

  it('`status` says the split after the total', () => {
    const cost = runCostOf([MODEL], counts([3_000_000, 1_000_000], [1_000_000, 500_000]), {
      prices: price(BATCH),
      realtimePrices: price(REALTIME),
      mode: 'batch',
    });
    expect(totalCostText({ cost } as unknown as RunDetail)).toBe(
      ', cost so far $11.00 (prices recorded at the run’s start; batch $3.00 + real time $8.00)',
    );
  });

  it('an all-batch run costs its tokens at the batch price, as before', () => {
    const cost = runCostOf([MODEL], counts([1_000_000, 1_000_000], [1_000_000, 1_000_000]), {
      prices: price(BATCH),
      realtimePrices: price(REALTIME),
      mode: 'batch',
    });
    expect(cost.costUsd).toBe(5);
    expect(cost.tiers?.realtime).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
  });

  it('an older batch run (batch prices only) derives the real-time price by undoing the batch discount', () => {
    expect(realtimeFromBatchBasis(BATCH)).toEqual(REALTIME);
    const cost = runCostOf([MODEL], counts([2_000_000, 0], [1_000_000, 0]), { prices: price(BATCH), mode: 'batch' });
    expect(cost.tiers?.realtime.costUsd).toBe(2);
    expect(cost.costUsd).toBe(3);
  });

  it('a batch run without recorded prices uses today’s table at each tier', () => {
    const cost = runCostOf([MODEL], counts([2_000_000, 0], [1_000_000, 0]), { mode: 'batch' }, () => REALTIME);
    expect(cost).toMatchObject({ pricesFrom: 'current', costUsd: 3 });
  });

  it('a model without a price has no cost, never 0; a real-time run has no split', () => {
    const none = runCostOf([MODEL], counts([10, 10], [5, 5]), { prices: price({ kind: 'none' }), mode: 'batch' });
    expect(none).toMatchObject({ costUsd: 0, unpriced: [KEY] });
    const realtime = runCostOf([MODEL], counts([1_000_000, 0], [0, 0]), { prices: price(REALTIME) });
    expect(realtime.tiers).toBeUndefined();
    expect(realtime.costUsd).toBe(2);
  });
});
