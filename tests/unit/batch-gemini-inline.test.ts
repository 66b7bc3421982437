/** Which chunks go to the provider as an uploaded file: Gemini's only over its inline limit (issue 26). */
import { describe, expect, it } from 'vitest';
import {
  batchOptionsFromEnv,
  DEFAULT_BATCH_OPTIONS,
  PROVIDER_MAX_BYTES,
  uploadsInputFile,
} from '../../src/main/core/batches/context';

describe('uploadsInputFile', () => {
  it('uploads OpenAI and Mistral chunks always, Gemini chunks only over the inline limit, Anthropic never', () => {
    const limit = DEFAULT_BATCH_OPTIONS.geminiInlineMaxBytes;
    expect(limit).toBeLessThan(20 * 1024 * 1024);
    const at = (providerId: 'openai' | 'mistral' | 'anthropic' | 'google', requestBytes: number) =>
      uploadsInputFile(DEFAULT_BATCH_OPTIONS, { providerId, requestBytes });
    expect([at('openai', 10), at('mistral', 10), at('anthropic', 10 ** 9)]).toEqual([true, true, false]);
    expect([at('google', limit), at('google', limit + 1)]).toEqual([false, true]);
    expect(uploadsInputFile({ geminiInlineMaxBytes: 0 }, { providerId: 'google', requestBytes: 1 })).toBe(true);
  });

  it('caps a Gemini chunk by the global byte limit, which is stricter than its 2 GB file limit', () => {
    const gemini = Math.min(DEFAULT_BATCH_OPTIONS.maxBytes, PROVIDER_MAX_BYTES.google ?? Infinity);
    expect(gemini).toBe(DEFAULT_BATCH_OPTIONS.maxBytes);
    expect(PROVIDER_MAX_BYTES.google).toBeLessThan(2 * 1024 ** 3);
  });

  it('reads the inline limit from the environment (tests), ignoring what is not a byte count', () => {
    expect(batchOptionsFromEnv({ VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES: '0' })).toEqual({ geminiInlineMaxBytes: 0 });
    expect(batchOptionsFromEnv({ VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES: 'lots' })).toEqual({});
    expect(batchOptionsFromEnv({ VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES: '-1' })).toEqual({});
    expect(batchOptionsFromEnv({})).toEqual({});
  });

  it('reads the provider queue quotas from the environment (a CLI child in tests), all or nothing', () => {
    expect(batchOptionsFromEnv({ VALUERANK_BATCH_MAX_ENQUEUED_TOKENS: 'openai=600, anthropic = 1000' })).toEqual({
      maxEnqueuedTokens: { openai: 600, anthropic: 1000 },
    });
    for (const bad of ['openai=0', 'openai=lots', 'nobody=5', 'openai=600,x', ''])
      expect(batchOptionsFromEnv({ VALUERANK_BATCH_MAX_ENQUEUED_TOKENS: bad })).toEqual({});
  });
});
