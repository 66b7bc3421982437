/**
 * The cross-process chunk lease (batches/lease.ts) on a real SQLite file: one owner at a time, given back at the end of
 * a step, taken over from a process that is gone or once it ran out, and lost (the step stops) when another process
 * took it over while its holder was not renewing.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChunkLeases, LeaseLost } from '../../src/main/core/batches/lease';
import { QueueGate } from '../../src/main/core/batches/queue';
import { chunkById, closeChunk, insertChunk } from '../../src/main/core/store/batch-chunks';
import { queuedChunks } from '../../src/main/core/store/batch-queue';
import { chunkLeaseHolder, takeChunkLease } from '../../src/main/core/store/batch-leases';
import { createMemoryLogger } from '../helpers/memory';
import { makeTestDb, type TestDb } from '../helpers/db';

const LEASE_MS = 60_000;

describe('batch chunk lease', () => {
  let t: TestDb;
  let chunkId: string;
  const { logger, lines } = createMemoryLogger();

  beforeEach(async () => {
    t = await makeTestDb();
    const runId = t.newRun();
    const sqlite = t.database.sqlite;
    const jobIds = sqlite.prepare(`SELECT id FROM jobs WHERE run_id = ?`).pluck().all(runId) as string[];
    chunkId = 'bch_lease_test';
    insertChunk(
      sqlite,
      {
        id: chunkId,
        runId,
        providerId: 'openai',
        modelKey: 'openai:gpt-4o-mini',
        requestHash: 'ab'.repeat(32),
        requestCount: jobIds.length,
        requestBytes: 100,
        estimatedCostUsd: null,
      },
      jobIds,
      1,
    );
  });

  afterEach(() => {
    vi.useRealTimers();
    t.cleanup();
  });

  const leases = (isGone?: (owner: string) => boolean) => new ChunkLeases(t.database.sqlite, LEASE_MS, logger, isGone);

  it('lets one owner at a time hold a chunk, and the next take it once given back', () => {
    const app = leases();
    const cli = leases();
    expect(app.owner).toMatch(new RegExp(`^${hostname()}:${process.pid}:[0-9a-f]{8}$`));
    expect(app.owner).not.toBe(cli.owner);
    const held = app.take(chunkId);
    expect(held).not.toBeNull();
    expect(chunkLeaseHolder(t.database.sqlite, chunkId)?.owner).toBe(app.owner);
    // Both owners live in this process: neither is gone, so the second waits its turn.
    expect(cli.take(chunkId)).toBeNull();
    // The holder may take again what it holds (a renewal by another name).
    expect(app.take(chunkId)).not.toBeNull();
    held!.check();
    held!.release();
    expect(chunkLeaseHolder(t.database.sqlite, chunkId)).toEqual({ owner: null, until: null });
    const next = cli.take(chunkId);
    expect(next).not.toBeNull();
    next!.release();
    expect(app.take('bch_no_such_chunk')).toBeNull();
  });

  it('takes over from an owner whose process is gone (kill -9), whatever its expiry says', () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const deadOwner = `${hostname()}:${gone}:deadbeef`;
    const now = Date.now();
    const sqlite = t.database.sqlite;
    expect(takeChunkLease(sqlite, { chunkId, owner: deadOwner, until: now + LEASE_MS, now, deadOwner: null })).toBe(
      true,
    );
    const heir = leases().take(chunkId);
    expect(heir).not.toBeNull();
    expect(lines.some((l) => l.includes('took over the lease') && l.includes('its process is gone'))).toBe(true);
    heir!.release();
  });

  it('waits for a live owner on another host until its lease runs out, then takes it over', () => {
    const elsewhere = 'another-host:4242:cafecafe';
    const now = Date.now();
    const sqlite = t.database.sqlite;
    expect(takeChunkLease(sqlite, { chunkId, owner: elsewhere, until: now + LEASE_MS, now, deadOwner: null })).toBe(
      true,
    );
    expect(leases().take(chunkId)).toBeNull();
    // Its holder hung (or slept) past the lease.
    sqlite.prepare(`UPDATE batch_chunks SET lease_until = ? WHERE id = ?`).run(now - 1, chunkId);
    const heir = leases().take(chunkId);
    expect(heir).not.toBeNull();
    expect(lines.some((l) => l.includes('took over the lease') && l.includes('it ran out'))).toBe(true);
    heir!.release();
  });

  it('renews while held, and stops the step once another process took the lease over', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const start = Date.now();
    const held = leases().take(chunkId)!;
    const until0 = chunkLeaseHolder(t.database.sqlite, chunkId)!.until!;
    expect(until0).toBe(start + LEASE_MS);
    vi.advanceTimersByTime(LEASE_MS / 3);
    expect(chunkLeaseHolder(t.database.sqlite, chunkId)!.until).toBe(start + LEASE_MS / 3 + LEASE_MS);
    held.check();
    // Another process decided this holder was gone and took the chunk.
    const thief = 'another-host:1:0badf00d';
    const now = Date.now();
    const sqlite = t.database.sqlite;
    const owner = chunkLeaseHolder(sqlite, chunkId)!.owner;
    expect(takeChunkLease(sqlite, { chunkId, owner: thief, until: now + LEASE_MS, now, deadOwner: owner })).toBe(true);
    vi.advanceTimersByTime(LEASE_MS / 3);
    expect(() => held.check()).toThrow(LeaseLost);
    // Giving back a lost lease leaves the new holder's alone.
    held.release();
    expect(chunkLeaseHolder(sqlite, chunkId)!.owner).toBe(thief);
  });

  it('tells a holder that is gone (process dead, lease run out) from a live one, and never itself', () => {
    const dead = `${hostname()}:${spawnSync(process.execPath, ['-e', '']).pid}:deadbeef`;
    const live = 'another-host:4242:cafecafe';
    const mine = leases();
    const now = Date.now();
    expect(mine.holderGone(mine.owner, null, now)).toBe(false);
    expect(mine.holderGone(dead, now + LEASE_MS, now)).toBe(true);
    expect(mine.holderGone(live, now + LEASE_MS, now)).toBe(false);
    expect(mine.holderGone(live, now - 1, now)).toBe(true);
    expect(mine.holderGone(live, null, now)).toBe(true);
  });

  it('admits a chunk only under its lease, marking it in the queue until it is closed', () => {
    const sqlite = t.database.sqlite;
    const mine = leases();
    const row = () => chunkById(sqlite, chunkId)!;
    // Not leased by this owner: nothing is marked, the step stops.
    expect(() => new QueueGate(sqlite, { openai: 1000 }, mine).admit(row())).toThrow(LeaseLost);
    expect(row().admittedAt).toBeNull();
    const held = mine.take(chunkId)!;
    expect(new QueueGate(sqlite, { openai: 1000 }, mine).admit(row())).toBeNull();
    expect(row().admittedAt).toBeGreaterThan(0);
    expect(queuedChunks(sqlite, 'openai').map((c) => c.id)).toEqual([chunkId]);
    held.release();
    // Given back without being sent (a failed step): still holds its place; closed (withdrawn): it does not.
    expect(queuedChunks(sqlite, 'openai').map((c) => c.id)).toEqual([chunkId]);
    closeChunk(sqlite, chunkId, 'collected', 'The run was cancelled before this batch was sent');
    expect(row().admittedAt).toBeNull();
    expect(queuedChunks(sqlite, 'openai')).toEqual([]);
  });
});
