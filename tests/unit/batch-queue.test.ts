/**
 * The provider's enqueued-token queue (issue 26), as pure rules: a chunk goes when it fits beside what its model has
 * enqueued, always when nothing is enqueued (no deadlock), never while a refusal for the queue limit is unresolved.
 */
import { describe, expect, it } from 'vitest';
import { holdsPlace, queueAdmits, queueKeyOf, waitingText } from '../../src/main/core/batches/queue';
import type { QueuedChunk } from '../../src/main/core/store/batch-queue';
import { reportLine } from '../../src/main/cli/commands/batches';

const empty = { inUse: 0, enqueued: 0, refusedSince: false };

describe('what fits in the provider’s queue', () => {
  it('admits a chunk that fits beside what is enqueued, up to the quota exactly', () => {
    expect(queueAdmits(400, { inUse: 600, enqueued: 1, refusedSince: false }, 1000)).toBe(true);
    expect(queueAdmits(401, { inUse: 600, enqueued: 1, refusedSince: false }, 1000)).toBe(false);
    expect(queueAdmits(1, { inUse: 1000, enqueued: 3, refusedSince: false }, 1000)).toBe(false);
  });

  it('always admits a chunk when nothing is enqueued, even one over the quota or after a refusal', () => {
    expect(queueAdmits(5000, empty, 1000)).toBe(true);
    expect(queueAdmits(10, { ...empty, refusedSince: true }, 1000)).toBe(true);
  });

  it('holds every chunk while the provider refused one for its queue with batches still enqueued', () => {
    expect(queueAdmits(1, { inUse: 10, enqueued: 1, refusedSince: true }, 1000)).toBe(false);
    expect(queueAdmits(1, { inUse: 10, enqueued: 1, refusedSince: true }, undefined)).toBe(false);
  });

  it('admits anything beside enqueued batches when the provider’s quota is unknown', () => {
    expect(queueAdmits(1e9, { inUse: 1e9, enqueued: 4, refusedSince: false }, undefined)).toBe(true);
  });

  it('says why a chunk waits', () => {
    expect(waitingText({ inUse: 1_500_000, enqueued: 2, refusedSince: false }, 2_000_000)).toBe(
      "waiting for the provider's queue: 1,500,000 of 2,000,000 enqueued tokens in use",
    );
    expect(waitingText({ inUse: 700, enqueued: 1, refusedSince: true }, undefined)).toBe(
      "waiting for the provider's queue: it refused a batch for its enqueued-token limit; sent once the batches " +
        'enqueued then have ended (700 enqueued tokens in use)',
    );
  });

  it('counts the waiting chunks in the CLI’s pass summary', () => {
    const report = { submitted: 1, polled: 1, collected: 0, ingested: 0, duplicates: 0, requeued: 0, errors: [] };
    expect(reportLine({ ...report, waiting: 2 })).toMatch(/, 2 waiting for the provider's queue$/);
    expect(reportLine({ ...report, waiting: 0 })).not.toMatch(/waiting/);
  });

  it('keeps the place of a submitted chunk, and of an admitted one while its holder lives or gave the lease back', () => {
    const row = (patch: Partial<QueuedChunk>): QueuedChunk => ({
      id: 'bch_1',
      modelKey: 'openai:gpt-4o-mini',
      tokens: 10,
      state: 'outbox',
      submittedAt: null,
      leaseOwner: null,
      leaseUntil: null,
      ...patch,
    });
    const goneOwners = new Set(['dead']);
    const gone = (owner: string) => goneOwners.has(owner);
    expect(holdsPlace(row({ state: 'submitted', leaseOwner: 'dead' }), gone)).toBe(true);
    expect(holdsPlace(row({}), gone)).toBe(true);
    expect(holdsPlace(row({ state: 'uploaded', leaseOwner: 'live', leaseUntil: 1 }), gone)).toBe(true);
    expect(holdsPlace(row({ leaseOwner: 'dead', leaseUntil: 1 }), gone)).toBe(false);
  });

  it('counts pinned and unpinned versions of one model in one provider queue, other models apart', () => {
    const key = 'openai:gpt-4o-mini';
    expect(queueKeyOf('openai:gpt-4o-mini')).toBe(key);
    expect(queueKeyOf('openai:gpt-4o-mini@gpt-4o-mini-2024-07-18')).toBe(key);
    expect(queueKeyOf('openai:gpt-4o-mini-2024-07-18')).toBe(key);
    expect(queueKeyOf('openai:gpt-4o@gpt-4o-2024-08-06')).toBe('openai:gpt-4o');
    expect(queueKeyOf('anthropic:claude-3-5-sonnet-latest@claude-3-5-sonnet-20241022')).toBe(
      'anthropic:claude-3-5-sonnet',
    );
    expect(queueKeyOf('anthropic:claude-3-5-sonnet-latest')).toBe('anthropic:claude-3-5-sonnet');
    expect(queueKeyOf('google:gemini-1.5-pro@gemini-1.5-pro-002')).toBe('google:gemini-1.5-pro');
    // Another provider's model of the same name is another queue; so is another model of the family.
    expect(queueKeyOf('mistral:gpt-4o-mini')).not.toBe(key);
    expect(queueKeyOf('openai:gpt-4o-mini-realtime')).not.toBe(key);
  });
});
