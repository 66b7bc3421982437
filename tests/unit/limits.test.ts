import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { concurrencyFromEnv, defaultProviderLimit, requestedConcurrency } from '../../src/main/core/providers/limits';
import { createLogger } from '../../src/main/core/util/logger';
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

describe('--concurrency N', () => {
  it('lifts the default per-provider limits to N, while a limit set in the environment still caps its provider', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'valuerank-limits-'));
    const core = await createCore({
      dataDir,
      env: { VALUERANK_OLLAMA_CONCURRENCY: '1' },
      startScheduler: false,
      logger: createLogger({ level: 'error' }),
      scheduler: requestedConcurrency(64),
    });
    try {
      const providers = await callRoute(core.dispatch, 'providers.list', {});
      const limit = (id: string) => providers.find((p) => p.providerId === id)?.defaultConcurrency;
      expect([limit('openai'), limit('lmstudio'), limit('ollama')]).toEqual([64, 64, 1]);
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
