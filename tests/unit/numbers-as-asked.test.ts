/** Numbers that say what they mean: parameters stored as asked, money without float noise, CLI wording. */
import { describe, expect, it } from 'vitest';
import { answersText } from '../../src/main/cli/commands/results';
import { modelCostText } from '../../src/main/cli/commands/cost';
import { runOptionsSchema, type RunDetail } from '../../src/shared/domain';
import { cleanUsd, costOf } from '../../src/shared/prices';

describe('numbers as asked', () => {
  it('stores 0.7, not 0.7000000000000001, and keeps every value a person could type', () => {
    expect(runOptionsSchema.parse({ temperature: 0.1 * 7 }).temperature).toBe(0.7);
    expect(runOptionsSchema.parse({ temperature: 0.35 }).temperature).toBe(0.35);
    expect(runOptionsSchema.parse({ temperature: 0 }).temperature).toBe(0);
    expect(runOptionsSchema.parse({ maxCost: 0.1 + 0.2 }).maxCost).toBe(0.3);
    expect(runOptionsSchema.parse({}).temperature).toBeNull();
  });

  it('keeps money free of float noise', () => {
    expect(cleanUsd(0.026716800000000002)).toBe(0.0267168);
    expect(cleanUsd(0)).toBe(0);
    const price = { kind: 'priced', price: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, recordedAt: '2025-01-01' } };
    // 0.1 + 0.2 style noise from the multiplication is gone.
    expect(String(costOf(178_112, 0, price as Parameters<typeof costOf>[2]))).toBe('0.0267168');
  });

  it('says "1,200 answers, 1,101 scored" and a missing price once', () => {
    expect(answersText(1200, 1101)).toBe('1,200 answers, 1,101 scored');
    expect(answersText(1, 0)).toBe('1 answer, 0 scored');
    const run = {
      cost: {
        perModel: [{ modelKey: 'openai:x', inputTokens: 10, outputTokens: 5, costUsd: null, basis: { kind: 'none' } }],
      },
    } as unknown as RunDetail;
    expect(modelCostText(run, 'openai:x')).toBe('; 10 input + 5 output tokens, no price');
  });
});
