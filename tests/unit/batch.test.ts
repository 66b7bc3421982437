/** Batch mode's pure parts: request ids, poll backoff, batch prices, which providers batch, the quick page check. */
import { describe, expect, it } from 'vitest';
import { batchBasis, batchUnsupportedReason, BATCH_PRICE_FACTOR, type BatchChunkView } from '../../src/shared/batch';
import { customIdOf, jobIdOf } from '../../src/main/core/batches/submit';
import { DEFAULT_BATCH_OPTIONS, pollDelayMs } from '../../src/main/core/batches/context';
import { batchReadSchema, parseBatchAnswer, quickReadPage } from '../../src/main/core/python/batch-protocol';
import { chunkLine } from '../../src/main/cli/commands/batches';
import { newId } from '../../src/main/core/util/ids';

const answer = {
  customId: 'job_1-c1',
  outcome: 'succeeded',
  reply: 'Rating: 3',
  reportedModel: 'm-2024',
  usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
  notes: [],
  wordCount: 2,
  decision: { score: 3, decision: 'neutral', parsePath: 'explicit', matched: 'Rating: 3' },
};

describe('batch request ids', () => {
  it('name the job and the chunk, round-trip, and pass the strictest provider rule (Anthropic)', () => {
    for (let i = 0; i < 50; i += 1) {
      const jobId = newId('job_');
      const id = customIdOf(jobId, 1 + i * 997);
      expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(jobIdOf(id)).toBe(jobId);
    }
    expect(jobIdOf('nothing-here')).toBeNull();
  });
});

describe('poll backoff', () => {
  it('grows with the batch’s age between the shortest and longest wait', () => {
    expect(pollDelayMs(DEFAULT_BATCH_OPTIONS, 0)).toBe(DEFAULT_BATCH_OPTIONS.minPollMs);
    expect(pollDelayMs(DEFAULT_BATCH_OPTIONS, 600_000)).toBe(60_000);
    expect(pollDelayMs(DEFAULT_BATCH_OPTIONS, 86_400_000)).toBe(DEFAULT_BATCH_OPTIONS.maxPollMs);
  });
});

describe('batch prices and providers', () => {
  it('halves a price and leaves local and unpriced models as they are', () => {
    const price = {
      providerId: 'openai' as const,
      modelId: 'gpt-4o-mini',
      modelVersion: null,
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      batchInputUsdPerMTok: null,
      batchOutputUsdPerMTok: null,
      recordedAt: '2025-01-01',
      source: 'builtin' as const,
      overridesBuiltin: false,
    };
    const halved = batchBasis({ kind: 'priced', price });
    expect(halved).toMatchObject({ price: { inputUsdPerMTok: 0.15 * BATCH_PRICE_FACTOR, outputUsdPerMTok: 0.3 } });
    expect(batchBasis({ kind: 'local' })).toEqual({ kind: 'local' });
    expect(batchBasis({ kind: 'none' })).toEqual({ kind: 'none' });
  });

  it('says why a provider runs no batches', () => {
    expect(batchUnsupportedReason('openai', false)).toBeNull();
    expect(batchUnsupportedReason('anthropic', false)).toBeNull();
    expect(batchUnsupportedReason('mistral', false)).toBeNull();
    expect(batchUnsupportedReason('ollama', true)).toMatch(/local server/);
    expect(batchUnsupportedReason('google', false)).toBeNull();
    expect(batchUnsupportedReason('xai', false)).toMatch(/not supported yet/);
  });
});

describe('the quick check of a result page', () => {
  const page = (records: unknown[]) => ({ records, ends: records.map((_, i) => i + 1), nextOffset: 10, done: false });

  it('accepts a page of plain answers exactly as zod does', () => {
    const raw = page([answer, { ...answer, customId: 'job_2-c1', decision: { ...answer.decision, score: null } }]);
    expect(quickReadPage(raw)).toEqual(batchReadSchema.parse(raw));
  });

  it('refuses offsets that do not give one end per record, in order, within the page', () => {
    for (const ends of [[1], [2, 1], [1, 11], [1, -1], [1, 1.5]]) {
      const raw = { ...page([answer, { ...answer, customId: 'job_2-c1' }]), ends };
      expect(quickReadPage(raw)).toBeNull();
      expect(() => parseBatchAnswer(batchReadSchema, raw, 'batch_read')).toThrow(/malformed/);
    }
  });

  it('leaves anything else to zod, which accepts errors and explains what is broken', () => {
    const error = { customId: 'job_3-c1', outcome: 'expired', error: { code: 'X', message: 'm', status: null } };
    expect(quickReadPage(page([answer, error]))).toBeNull();
    expect(parseBatchAnswer(batchReadSchema, page([answer, error]), 'batch_read').records).toHaveLength(2);
    for (const broken of [
      { ...answer, wordCount: 1.5 },
      { ...answer, usage: { inputTokens: '1', outputTokens: 2, totalTokens: 3 } },
      { ...answer, decision: { score: 3, parsePath: 'x' } },
      { ...answer, notes: [1] },
    ]) {
      expect(quickReadPage(page([broken]))).toBeNull();
      expect(() => parseBatchAnswer(batchReadSchema, page([broken]), 'batch_read')).toThrow(/malformed/);
    }
  });
});

describe('the CLI’s chunk line', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const unsent: BatchChunkView = {
    id: 'bch_2',
    runId: 'run_1',
    chunkNo: 3,
    providerId: 'openai',
    modelKey: 'openai:gpt-4o-mini',
    state: 'outbox',
    providerStatus: null,
    batchId: null,
    requests: 5,
    succeeded: 0,
    errored: 0,
    expired: 0,
    cancelled: 0,
    duplicates: 0,
    cancelRequested: false,
    createdAt: '2026-01-01T11:30:00Z',
    submittedAt: null,
    expiresAt: null,
    endedAt: null,
    collectedAt: null,
    estimatedCostUsd: null,
    actualCostUsd: null,
    lastError: null,
    estimatedInputTokens: 700,
    waiting: "waiting for the provider's queue: 1,500 of 2,000 enqueued tokens in use",
    queueRefused: false,
  };

  it('says why an unsent chunk waits', () => {
    expect(chunkLine(unsent, now)).toBe(
      'run_1 #3 openai:gpt-4o-mini outbox: 5 requests, 0 answered, 0 errored, 0 expired, 0 cancelled; age 30 min; ' +
        "waiting for the provider's queue: 1,500 of 2,000 enqueued tokens in use",
    );
  });

  it('says state, counts, duplicates, time left and cost', () => {
    const line = chunkLine(
      {
        id: 'bch_1',
        runId: 'run_1',
        chunkNo: 2,
        providerId: 'openai',
        modelKey: 'openai:gpt-4o-mini',
        state: 'submitted',
        providerStatus: 'in_progress',
        batchId: 'batch_9',
        requests: 10,
        succeeded: 4,
        errored: 1,
        expired: 0,
        cancelled: 0,
        duplicates: 1,
        cancelRequested: false,
        createdAt: '2026-01-01T11:00:00Z',
        submittedAt: '2026-01-01T11:00:00Z',
        expiresAt: '2026-01-02T11:00:00Z',
        endedAt: null,
        collectedAt: null,
        estimatedCostUsd: 0.5,
        actualCostUsd: 0.25,
        lastError: null,
        estimatedInputTokens: 700,
        waiting: null,
        queueRefused: false,
      },
      now,
    );
    expect(line).toBe(
      'run_1 #2 openai:gpt-4o-mini submitted [in_progress]: 10 requests, 4 answered, 1 errored, 0 expired, ' +
        '0 cancelled, 1 paid duplicates; age 60 min, 23 h left, $0.25 paid (est. $0.50) batch batch_9',
    );
  });
});
