/** Validation of what the Python worker sends: tolerant of absurd token counts, short when a result is malformed. */
import { describe, expect, it } from 'vitest';
import { parseProbe, parseResponse, quickProbe, quickResponse } from '../../src/main/core/python/fast-parse';
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

describe('the quick checks in front of zod', () => {
  const values: unknown[] = [
    undefined,
    null,
    0,
    3,
    1.5,
    -1,
    2 ** 60,
    '',
    'x',
    true,
    [],
    {},
    ['x'],
    [{ role: 'user', content: 'x' }],
  ];
  const bases: Record<string, unknown>[] = [
    wire,
    { ...wire, truncated: true, notes: ['cut'], reportedModel: 'gpt-4o-2024-08-06', extra: 1 },
    {
      ...wire,
      prompt: [
        { role: 'system', content: 'Be careful.', name: 'ignored' },
        { role: 'user', content: '' },
      ],
      usage: { inputTokens: null, outputTokens: 0, totalTokens: 1.5 },
      requestParams: { temperature: 0.2, nested: { a: [1] } },
      decision: { score: null, decision: 'Unparseable', parsePath: 'none', matched: null },
    },
  ];
  /** Every base with each field (and each nested field) removed or replaced by each value above. */
  function mutations(): unknown[] {
    const out: unknown[] = [...bases, null, [], 'text', 3];
    for (const base of bases) {
      for (const key of Object.keys(base)) {
        for (const value of values) out.push({ ...base, [key]: value });
        const inner = base[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner))
          for (const innerKey of Object.keys(inner))
            for (const value of values) out.push({ ...base, [key]: { ...inner, [innerKey]: value } });
      }
      const [first] = base.prompt as Record<string, unknown>[];
      for (const field of ['role', 'content'])
        for (const value of values) out.push({ ...base, prompt: [{ ...first, [field]: value }] });
      for (const value of values) out.push({ ...base, notes: [value] });
    }
    return out;
  }

  it('accept exactly what zod accepts and build the same result', () => {
    let accepted = 0;
    const cases = mutations();
    for (const raw of cases) {
      const byZod = probeResultSchema.safeParse(raw);
      const quick = quickProbe(raw);
      expect(quick !== null, JSON.stringify(raw)).toBe(byZod.success);
      if (byZod.success) {
        expect(quick).toEqual(byZod.data);
        accepted += 1;
      }
    }
    // Both verdicts occur: the comparison above is not vacuous.
    expect(accepted).toBeGreaterThan(20);
    expect(cases.length - accepted).toBeGreaterThan(100);
  });

  it('take a successful envelope as zod does and leave every other one to zod', () => {
    const ok = { type: 'response', id: 'r1', ok: true, result: { any: 'thing' } };
    const envelopes: unknown[] = [ok, { ...ok, id: null }, { ...ok, extra: 1 }, { ...ok, result: undefined }];
    for (const key of ['type', 'id', 'ok']) for (const value of values) envelopes.push({ ...ok, [key]: value });
    envelopes.push({ type: 'response', id: 'r2', ok: false, error: { code: 'AUTH_FAILED', message: 'no' } });
    for (const raw of envelopes) {
      const quick = quickResponse(raw);
      const byZod = responseMessageSchema.safeParse(raw);
      if (quick) expect(byZod).toEqual({ success: true, data: quick });
      expect(parseResponse(raw).success).toBe(byZod.success);
    }
    expect(quickResponse(ok)).toEqual(ok);
  });

  it('hand a malformed result to zod, which names what is wrong', () => {
    const parsed = parseProbe({ ...wire, decision: { ...wire.decision, score: 'high' } });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(malformedResult(parsed.error).message).toMatch(/at decision\.score/);
  });
});
