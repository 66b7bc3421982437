/**
 * The batch chunk lease's rows (batches/lease.ts decides when to take one): who talks to the provider about a chunk now
 * and until when. Taking is one conditional UPDATE, so of two processes only one can win.
 */
import { one, write, type Sqlite } from './sql';

export interface ChunkLeaseHolder {
  owner: string | null;
  until: number | null;
}

/** Who holds this chunk's lease (owner null: nobody); undefined when there is no such chunk. */
export function chunkLeaseHolder(sqlite: Sqlite, chunkId: string): ChunkLeaseHolder | undefined {
  return one<ChunkLeaseHolder>(
    sqlite,
    `SELECT lease_owner AS owner, lease_until AS until FROM batch_chunks WHERE id = ?`,
    chunkId,
  );
}

/**
 * Takes the lease when nobody holds it, this owner already does, it ran out before `now`, or it is still held by
 * `deadOwner` (an owner the caller saw and knows to be dead). True when taken.
 */
export function takeChunkLease(
  sqlite: Sqlite,
  take: { chunkId: string; owner: string; until: number; now: number; deadOwner: string | null },
): boolean {
  return (
    write(
      sqlite,
      `UPDATE batch_chunks SET lease_owner = @owner, lease_until = @until
        WHERE id = @chunkId AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now
          OR lease_owner = @deadOwner)`,
      take,
    ) === 1
  );
}

/** Extends a lease this owner still holds; false when it holds it no more (another process took it over). */
export function renewChunkLease(sqlite: Sqlite, chunkId: string, owner: string, until: number): boolean {
  return (
    write(sqlite, `UPDATE batch_chunks SET lease_until = @until WHERE id = @chunkId AND lease_owner = @owner`, {
      chunkId,
      owner,
      until,
    }) === 1
  );
}

/** Gives the lease back (only when this owner still holds it). */
export function releaseChunkLease(sqlite: Sqlite, chunkId: string, owner: string): void {
  write(
    sqlite,
    `UPDATE batch_chunks SET lease_owner = NULL, lease_until = NULL WHERE id = @chunkId AND lease_owner = @owner`,
    { chunkId, owner },
  );
}
