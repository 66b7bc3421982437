/**
 * A restore asked for while the app runs. The core's connection, the export and analysis workers and any executing run
 * hold the database open, so the file cannot be swapped under them safely: the chosen copy is checked and staged next
 * to the database as `restore-pending.sqlite`, and the next start puts it in place (restore.ts: the database as it is
 * then is copied to `backups/` first) before it opens the database and applies migrations.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { restoreDatabase, type RestoreOptions, type RestoreResult } from './restore';

export const PENDING_RESTORE_FILE = 'restore-pending.sqlite';

export function pendingRestorePath(dataDir: string): string {
  return join(dataDir, PENDING_RESTORE_FILE);
}

/** Copies `from` to the pending name (through `.partial`, renamed once whole); an earlier pending restore is replaced. */
export function stagePendingRestore(dataDir: string, from: string): string {
  const pending = pendingRestorePath(dataDir);
  const partial = `${pending}.partial`;
  copyFileSync(from, partial);
  if (process.platform !== 'win32') chmodSync(partial, 0o600);
  renameSync(partial, pending);
  return pending;
}

/** Puts a staged copy in place (null when none is staged); the staged file goes once it is the database. */
export async function applyPendingRestore(options: Omit<RestoreOptions, 'from'>): Promise<RestoreResult | null> {
  const pending = pendingRestorePath(options.dataDir);
  if (!existsSync(pending)) return null;
  const result = await restoreDatabase({ ...options, from: pending });
  rmSync(pending, { force: true });
  return result;
}
