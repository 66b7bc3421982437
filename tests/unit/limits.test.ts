import { describe, expect, it } from 'vitest';
import { concurrencyFromEnv, defaultProviderLimit } from '../../src/main/core/scheduler/limits';
import { DEFAULT_SCHEDULER_OPTIONS } from '../../src/main/core/scheduler/scheduler';

describe('concurrency from the environment', () => {
  it('keeps the defaults when nothing is set: 32 in flight overall, 8 per remote provider, 2 per local server', () => {
    const limits = concurrencyFromEnv({}, DEFAULT_SCHEDULER_OPTIONS);
    expect(limits).toEqual({ concurrency: 32, providerLimits: { remote: 8, local: 2, overrides: {} } });
    const options = { ...DEFAULT_SCHEDULER_OPTIONS, ...limits };
    expect([defaultProviderLimit(options, 'openai'), defaultProviderLimit(options, 'ollama')]).toEqual([8, 2]);
  });

  it('never gives a provider more than the global cap', () => {
    const options = {
      ...DEFAULT_SCHEDULER_OPTIONS,
      ...concurrencyFromEnv(
        { VALUERANK_CONCURRENCY: '4', VALUERANK_OPENAI_CONCURRENCY: '20' },
        DEFAULT_SCHEDULER_OPTIONS,
      ),
    };
    expect(defaultProviderLimit(options, 'openai')).toBe(4);
    expect(defaultProviderLimit(options, 'anthropic')).toBe(4);
  });

  it('reads the global and per-provider limits', () => {
    const limits = concurrencyFromEnv(
      { VALUERANK_CONCURRENCY: '32', VALUERANK_OLLAMA_CONCURRENCY: '1', VALUERANK_OPENAI_CONCURRENCY: '20' },
      DEFAULT_SCHEDULER_OPTIONS,
    );
    expect(limits.concurrency).toBe(32);
    expect(limits.providerLimits.overrides).toEqual({ ollama: 1, openai: 20 });
  });

  it('refuses nonsense with the variable name in the message', () => {
    expect(() => concurrencyFromEnv({ VALUERANK_CONCURRENCY: 'lots' }, DEFAULT_SCHEDULER_OPTIONS)).toThrowError(
      /VALUERANK_CONCURRENCY must be a whole number/,
    );
    expect(() => concurrencyFromEnv({ VALUERANK_XAI_CONCURRENCY: '0' }, DEFAULT_SCHEDULER_OPTIONS)).toThrowError(
      /VALUERANK_XAI_CONCURRENCY/,
    );
  });
});
