import { describe, expect, it } from 'vitest';
import { concurrencyFromEnv } from '../../src/main/core/scheduler/limits';
import { DEFAULT_SCHEDULER_OPTIONS } from '../../src/main/core/scheduler/scheduler';

describe('concurrency from the environment', () => {
  it('keeps the defaults when nothing is set: 8 in flight, local servers 2', () => {
    expect(concurrencyFromEnv({}, DEFAULT_SCHEDULER_OPTIONS)).toEqual({ concurrency: 8, providerLimits: { remote: 64, local: 2, overrides: {} } });
  });

  it('reads the global and per-provider limits', () => {
    const limits = concurrencyFromEnv({ VALUERANK_CONCURRENCY: '32', VALUERANK_OLLAMA_CONCURRENCY: '1', VALUERANK_OPENAI_CONCURRENCY: '20' }, DEFAULT_SCHEDULER_OPTIONS);
    expect(limits.concurrency).toBe(32);
    expect(limits.providerLimits.overrides).toEqual({ ollama: 1, openai: 20 });
  });

  it('refuses nonsense with the variable name in the message', () => {
    expect(() => concurrencyFromEnv({ VALUERANK_CONCURRENCY: 'lots' }, DEFAULT_SCHEDULER_OPTIONS)).toThrowError(/VALUERANK_CONCURRENCY must be a whole number/);
    expect(() => concurrencyFromEnv({ VALUERANK_XAI_CONCURRENCY: '0' }, DEFAULT_SCHEDULER_OPTIONS)).toThrowError(/VALUERANK_XAI_CONCURRENCY/);
  });
});
