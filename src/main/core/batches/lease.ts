/**
 * The cross-process chunk lease. The app and `valuerank batches collect` (another process on the same data folder) may
 * pass over the same chunk at once; every step that talks to the provider about a chunk (upload, create or adopt,
 * poll, cancel, download and ingest, delete the provider's files) runs under this lease, so only one of them does:
 * nobody pays twice for one chunk's create, and no result file is ingested by two processes at once.
 *
 * The owner is "host:pid:token" (the token tells two cores of one process apart). A lease is taken with one
 * conditional UPDATE, renewed while its holder works, given back when the step ends, and taken over when its holder's
 * process is gone (kill -9, a crash: `localProcessGone`) or when it ran out (a holder that hung, or on another host).
 */
import { randomUUID } from 'node:crypto';
import { chunkLeaseHolder, releaseChunkLease, renewChunkLease, takeChunkLease } from '../store/batch-leases';
import type { Sqlite } from '../store/sql';
import type { Logger } from '../util/logger';
import { localProcessGone, thisProcess } from '../util/process-owner';

/** Thrown by `HeldLease.check` once another process took the lease over: the step stops before its next provider call. */
export class LeaseLost extends Error {
  readonly code = 'BATCH_LEASE_LOST';
  constructor(chunkId: string) {
    super(`another process took over the lease of batch chunk ${chunkId}`);
    this.name = 'LeaseLost';
  }
}

/** A lease this process holds on one chunk. */
export interface HeldLease {
  readonly chunkId: string;
  /** Throws LeaseLost when a renewal found the lease taken over. */
  check(): void;
  /** Stops renewing and gives the lease back. */
  release(): void;
}

export class ChunkLeases {
  /** This process and core as a lease owner. */
  readonly owner = `${thisProcess()}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly leaseMs: number,
    private readonly logger: Logger,
    private readonly isGone: (owner: string) => boolean = localProcessGone,
  ) {}

  /**
   * Takes the chunk's lease: free, already this owner's, run out, or held by a process that is gone. Null when a live
   * owner holds it (the chunk is left to that owner in this pass).
   */
  take(chunkId: string): HeldLease | null {
    const now = Date.now();
    const holder = chunkLeaseHolder(this.sqlite, chunkId);
    if (!holder) return null;
    const other = holder.owner !== null && holder.owner !== this.owner ? holder.owner : null;
    const dead = other !== null && (holder.until ?? 0) >= now && this.isGone(other) ? other : null;
    const taken = takeChunkLease(this.sqlite, {
      chunkId,
      owner: this.owner,
      until: now + this.leaseMs,
      now,
      deadOwner: dead,
    });
    if (!taken) {
      this.logger.debug('batch chunk is leased by another process; left to it', { chunkId, holder: holder.owner });
      return null;
    }
    if (other !== null)
      this.logger.info('took over the lease of a batch chunk', {
        chunkId,
        from: other,
        why: dead ? 'its process is gone' : 'it ran out',
      });
    return this.held(chunkId);
  }

  /**
   * Whether a lease seen on a chunk no longer protects anything: it ran out, or its holder's process is gone. (A chunk
   * admitted to the provider's queue by such a holder gives its place back: batches/queue.ts.)
   */
  holderGone(owner: string, until: number | null, now = Date.now()): boolean {
    if (owner === this.owner) return false;
    return until === null || until < now || this.isGone(owner);
  }

  private held(chunkId: string): HeldLease {
    let lost = false;
    const renew = (): void => {
      if (lost) return;
      try {
        lost = !renewChunkLease(this.sqlite, chunkId, this.owner, Date.now() + this.leaseMs);
      } catch (error) {
        // A busy database: the next renewal tries again, well before the lease runs out.
        this.logger.warn('could not renew a batch chunk lease', { chunkId, error });
        return;
      }
      if (lost) this.logger.warn('lost the lease of a batch chunk to another process', { chunkId });
    };
    const timer = setInterval(renew, Math.max(1, Math.floor(this.leaseMs / 3)));
    timer.unref();
    return {
      chunkId,
      check: () => {
        if (lost) throw new LeaseLost(chunkId);
      },
      release: () => {
        clearInterval(timer);
        if (!lost) releaseChunkLease(this.sqlite, chunkId, this.owner);
      },
    };
  }
}
