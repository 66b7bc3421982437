/**
 * Putting a copy of the database back in place: after a migration that failed, and on a person's "restore FILE". The
 * copy is checked first (a ValueRank database, not damaged, not from a newer build), the current file is itself copied
 * to `backups/` before it is replaced (so a restore can be undone), and the replacement is a rename of a whole file.
 * Refused while another process has the database open.
 */
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import {
  backupDatabase,
  inspectDatabaseFile,
  type BackupFile,
  type DatabaseInspection,
  type RowCounts,
} from './backup';
import { liveMarkers } from './clean-close';
import { ensurePrivateDir } from '../paths';

/** Replaces the database file at `path` with a copy of `from` (its WAL and shared-memory files go: `from` is whole). */
export function replaceDatabaseFile(from: string, path: string): void {
  const incoming = `${path}.restoring`;
  copyFileSync(from, incoming);
  if (process.platform !== 'win32') chmodSync(incoming, 0o600);
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(incoming, path);
}

export interface RestoreOptions {
  dataDir: string;
  /** The database file of the data folder. */
  path: string;
  /** The copy to put in its place. */
  from: string;
  /** The migrations this build knows (`created_at` of each): a copy from a newer build is refused. */
  knownMigrations: readonly number[];
  nativeBinding?: string;
}

export interface RestoreResult {
  restoredFrom: string;
  counts: RowCounts;
  /** The database as it was before the restore (null when there was none). */
  previous: BackupFile | null;
}

export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const { path, from } = options;
  ensurePrivateDir(options.dataDir);
  const others = liveMarkers(path);
  if (others.length > 0) {
    throw new AppError(
      'DB_UNAVAILABLE',
      `The database at ${path} is open in another ValueRank process (${others.length}); quit the app and any ` +
        'running command, then restore again.',
      { path, markers: others },
    );
  }
  const inspected = checkRestorable(from, options.knownMigrations, options.nativeBinding);
  let previous: BackupFile | null = null;
  if (existsSync(path)) {
    const current = new Database(path, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    try {
      previous = await backupDatabase(current, options.dataDir, 'before-restore');
    } finally {
      current.close();
    }
  }
  replaceDatabaseFile(from, path);
  return { restoredFrom: from, counts: inspected.counts, previous };
}

/** Inspects a copy and refuses it when damaged or written by a newer build (one of its migrations is unknown here). */
export function checkRestorable(
  from: string,
  knownMigrations: readonly number[],
  nativeBinding?: string,
): DatabaseInspection {
  const inspected = inspectDatabaseFile(from, nativeBinding);
  if (inspected.integrity !== 'ok') {
    throw new AppError('DATABASE_CORRUPT', `${from} is damaged (${inspected.integrity}); it was not restored.`, {
      from,
    });
  }
  const known = new Set(knownMigrations);
  if (inspected.migrations.some((at) => !known.has(at))) {
    throw new AppError(
      'DATABASE_TOO_NEW',
      `${from} was written by a newer version of ValueRank Desktop; update the app before restoring it.`,
      { from },
    );
  }
  return inspected;
}
