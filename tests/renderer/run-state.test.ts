/** When watching a run may stop, what a cancel still waits for, which errors were retried, and the fix for each. */
import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../src/shared/domain';
import type { ProviderHealth } from '../../src/shared/providers';
import { errorFix, healthBlocker, healthWord } from '../../src/renderer/src/lib/fixes';
import { cancellingRequests, isRunSettled, retriedErrors } from '../../src/renderer/src/lib/run-state';

const progress = (running: number): RunDetail['progress'] => ({
  total: 6,
  completed: 1,
  failed: 0,
  cancelled: 2,
  pending: 0,
  running,
});

describe('run state', () => {
  it('keeps watching a cancelled run until nothing is in flight', () => {
    expect(isRunSettled({ status: 'cancelled', progress: progress(3) })).toBe(false);
    expect(cancellingRequests({ status: 'cancelled', progress: progress(3) })).toBe(3);
    expect(isRunSettled({ status: 'cancelled', progress: progress(0) })).toBe(true);
    expect(isRunSettled({ status: 'running', progress: progress(0) })).toBe(false);
    expect(cancellingRequests({ status: 'running', progress: progress(3) })).toBe(0);
  });

  it('counts as retried only errors a retry could follow', () => {
    expect(
      retriedErrors([
        { code: 'AUTH_FAILED', count: 4 },
        { code: 'CANCELLED', count: 3 },
        { code: 'RATE_LIMITED', count: 2 },
        { code: 'TIMEOUT', count: 1 },
        { code: 'MODEL_NOT_FOUND', count: 1 },
      ]),
    ).toEqual([
      { code: 'RATE_LIMITED', count: 2 },
      { code: 'TIMEOUT', count: 1 },
    ]);
  });
});

function health(partial: Partial<ProviderHealth>): ProviderHealth {
  return {
    providerId: 'openai',
    displayName: 'OpenAI',
    status: 'connected',
    baseUrl: 'http://127.0.0.1:9/v1',
    keySource: 'environment',
    keyLast4: '1234',
    local: false,
    latencyMs: 12,
    modelCount: 4,
    error: null,
    hint: null,
    checkedAt: '2026-01-01T00:00:00.000Z',
    ...partial,
  };
}

describe('fixes', () => {
  it('gives the fix for a rejected key and an unreachable server', () => {
    expect(errorFix('AUTH_FAILED')).toMatch(/valid key in Settings/);
    expect(errorFix('NETWORK_ERROR')).toMatch(/base URL in Settings/);
    expect(errorFix('SOMETHING_ELSE')).toBeNull();
  });

  it('blocks a start on a rejected key or an unreachable server only', () => {
    expect(healthBlocker(undefined)).toBeNull();
    expect(healthBlocker(health({}))).toBeNull();
    const rejected = health({
      status: 'error',
      error: { code: 'AUTH_FAILED', message: 'bad key', status: 401 },
      hint: 'Paste a valid key.',
    });
    expect(healthBlocker(rejected)).toBe('At its last health check, OpenAI rejected the API key. Paste a valid key.');
    const down = health({ status: 'error', error: { code: 'NETWORK_ERROR', message: 'refused', status: null } });
    expect(healthBlocker(down)).toMatch(
      /^At its last health check, OpenAI could not be reached at http:\/\/127\.0\.0\.1:9\/v1\. /,
    );
    const limited = health({ status: 'error', error: { code: 'RATE_LIMITED', message: 'slow', status: 429 } });
    expect(healthBlocker(limited)).toBeNull();
    expect(healthWord(rejected)).toBe('error: AUTH_FAILED');
    expect(healthWord(health({}))).toBe('connected (12 ms)');
    expect(healthWord(undefined)).toBe('not checked yet');
  });
});
