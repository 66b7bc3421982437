/** Validation of what the Python worker sends: tolerant of absurd token counts, short when a result is malformed. */
import { describe, expect, it } from 'vitest';
import { malformedResult, probeResultSchema, responseMessageSchema } from '../../src/main/core/python/protocol';

const wire = {
  prompt: [{ role: 'user', content: 'Share the water?' }],
  reply: 'Rating: 3',
  reportedModel: null,
  usage: { inputTokens: 12, outputTokens: 2 ** 60, totalTokens: -1 },
  wordCount: 2,
  durationMs: 5,
  startedAt: '2026-01-01T00:00:00.000Z',
  completedAt: '2026-01-01T00:00:01.000Z',
  requestParams: {},
  decision: { score: 3, decision: 'Neutral', parsePath: 'explicit_rating' },
};

describe('probe results from the worker', () => {
  it('keeps a valid answer whose token counts no database could hold, with those counts empty', () => {
    const result = probeResultSchema.parse(wire);
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: null, totalTokens: null });
    expect(result).toMatchObject({ truncated: false, notes: [], reply: 'Rating: 3' });
    expect(result.turns).toHaveLength(2);
  });

  it('reports a malformed result by its first issue, not a raw validation dump', () => {
    const parsed = probeResultSchema.safeParse({ ...wire, reply: 42 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const error = malformedResult(parsed.error);
    expect(error).toMatchObject({ code: 'MALFORMED_WORKER_RESULT', retryable: false });
    expect(error.message).toMatch(/^The worker returned an unexpected result at reply: /);
    expect(error.message.length).toBeLessThan(160);
  });

  it('accepts only error codes from the shared list', () => {
    const error = { code: 'AUTH_FAILED', message: 'xAI returned HTTP 401', retryable: false };
    const ok = { type: 'response', id: 'r1', ok: false, error };
    expect(responseMessageSchema.safeParse(ok).success).toBe(true);
    expect(responseMessageSchema.safeParse({ ...ok, error: { ...error, code: 'NOPE' } }).success).toBe(false);
  });
});
