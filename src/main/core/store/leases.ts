/**
 * Job leases: which owner holds a running job and until when. The scheduler renews its own and finds what it still
 * holds when a stop cannot drain; recovery finds those a dead or hung owner left behind.
 */
import { many, write, type Sqlite } from './sql';

export interface HeldJob {
  id: string;
  owner: string | null;
  attempts: number;
  maxAttempts: number;
}

const HELD_COLUMNS = `id, lease_owner AS owner, attempts, max_attempts AS maxAttempts`;

export class LeaseStore {
  constructor(private readonly sqlite: Sqlite) {}

  /** The jobs this owner holds right now (what a stop that could not drain hands back). */
  held(owner: string): HeldJob[] {
    return many<HeldJob>(
      this.sqlite,
      `SELECT ${HELD_COLUMNS} FROM jobs WHERE status = 'running' AND lease_owner = ?`,
      owner,
    );
  }

  /** Jobs whose lease ran out (their owner died or hung), with the owner that held them. */
  expired(now: number): HeldJob[] {
    return many<HeldJob>(
      this.sqlite,
      `SELECT ${HELD_COLUMNS} FROM jobs WHERE status = 'running' AND lease_expires_at < @now`,
      { now },
    );
  }

  /** Jobs held by owners for which `isDead` says yes: the boot-time recovery of a crash. */
  orphaned(isDead: (owner: string) => boolean): HeldJob[] {
    const rows = many<HeldJob>(
      this.sqlite,
      `SELECT ${HELD_COLUMNS} FROM jobs WHERE status = 'running' AND lease_owner IS NOT NULL`,
    );
    return rows.filter((row) => row.owner !== null && isDead(row.owner));
  }

  /** Extends every lease this owner holds to `leaseUntil`; how many it renewed. */
  renew(owner: string, leaseUntil: number): number {
    return write(
      this.sqlite,
      `UPDATE jobs SET lease_expires_at = @leaseUntil WHERE status = 'running' AND lease_owner = @owner`,
      { owner, leaseUntil },
    );
  }
}
