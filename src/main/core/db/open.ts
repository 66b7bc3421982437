/**
 * The one database module: path → open → checks → pragmas → migrate. The core's connection is opened here (the export
 * and analysis workers open their own read-only ones on the path it resolves), and every way the file can be unusable
 * (newer build, corrupt, read-only) is refused here with its own code.
 */
import { backupDatabase, type BackupFile } from './backup';
import { markOpen, quickCheck, staleMarkers } from './clean-close';
import { replaceDatabaseFile } from './restore';
import { applyPendingRestore } from './restore-pending';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { appIdentity, DATABASE_FILE, ensurePrivateDir, isWritable } from '../paths';
import { errnoCode } from '../util/fs-errors';
import { isCorruptionCode, isReadOnlyCode } from './sqlite-errors';

export interface OpenedDatabase {
  sqlite: Database.Database;
  path: string;
  /** What another connection (the export worker) must pass to `new Database` to open the same file the same way. */
  openPath: string;
  readonly: boolean;
  close(): void;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  migrationsDir: string;
  /** Path to a better_sqlite3.node built for this runtime (Electron in development); default: the package's own. */
  nativeBinding?: string;
  /** Open without writing anything: the file must exist and be fully migrated already. */
  readonly?: boolean;
}

export { DATABASE_FILE };

const journalSchema = z.object({ entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string() })) });

type JournalEntry = z.infer<typeof journalSchema>['entries'][number];

/** The migrations this build ships (drizzle's journal), oldest first. */
export function bundledMigrations(migrationsDir: string): JournalEntry[] {
  const text = readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8');
  return journalSchema.parse(JSON.parse(text)).entries.sort((a, b) => a.when - b.when);
}

/**
 * Opens (creating it if need be) and checks the database, and applies the migrations it lacks. drizzle-orm's migrator
 * is loaded only when there is one to apply, so a command on an up-to-date database does not pay for loading it.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const path = join(options.dataDir, DATABASE_FILE);
  const readonly = options.readonly ?? false;
  const openPath = readonly ? readOnlyOpenPath(options.dataDir, path) : path;
  const bundled = bundledMigrations(options.migrationsDir);
  if (!readonly) {
    // A restore asked for while the app ran (route data.restore) goes in first: before any connection or migration.
    await applyPendingRestore({
      dataDir: options.dataDir,
      path,
      knownMigrations: bundled.map((entry) => entry.when),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  }
  let sqlite: Database.Database;
  try {
    if (!readonly) {
      ensurePrivateDir(options.dataDir);
      // Created 0600 before SQLite sees it: transcripts are readable by this user only.
      if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    }
    sqlite = new Database(openPath, {
      readonly,
      fileMustExist: readonly,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw databaseError(error, path, 'open');
  }
  let missing: number;
  try {
    sqlite.pragma('busy_timeout = 5000');
    // Before anything reads rows or writes a byte: is this a database, and does this build know its schema?
    missing = checkMigrations(sqlite, path, bundled, readonly);
    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Savepoint and statement journals in memory: on disk (SQLite's default here) every job's writes were copied
      // page by page into a temporary file, more bytes than the database itself received.
      sqlite.pragma('temp_store = MEMORY');
    }
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw databaseError(error, path, 'open');
  }
  let unmark = (): void => undefined;
  if (!readonly) {
    // After a crash, kill or power loss (a marker left by a process that is gone): SQLite's quick_check first.
    const stale = staleMarkers(path);
    if (stale.length > 0) {
      try {
        quickCheck(sqlite, path);
      } catch (error) {
        sqlite.close();
        throw databaseError(error, path, 'open');
      }
      for (const marker of stale) rmSync(marker, { force: true });
    }
    unmark = markOpen(path);
  }
  if (!readonly && missing > 0) {
    // A database with data is copied before its schema changes (a brand-new one has nothing to lose).
    let backup: BackupFile | null = null;
    try {
      if (missing < bundled.length) {
        backup = await backupDatabase(sqlite, options.dataDir, 'before-migration', bundled.at(-1)?.tag);
      }
      const [{ drizzle }, { migrate }] = await Promise.all([
        import('drizzle-orm/better-sqlite3'),
        import('drizzle-orm/better-sqlite3/migrator'),
      ]);
      migrate(drizzle(sqlite), { migrationsFolder: options.migrationsDir });
    } catch (error) {
      sqlite.close();
      unmark();
      throw backup ? restoredAfterFailedMigration(error, path, backup) : databaseError(error, path, 'migrate');
    }
  }
  return {
    sqlite,
    path,
    openPath,
    readonly,
    close: () => {
      if (sqlite.open) sqlite.close();
      unmark();
    },
  };
}

/**
 * A WAL database opened read-only needs its `-shm` file; in a folder nobody may write to, SQLite cannot create it, so
 * the file is opened as immutable instead (safe there: nothing can change it while we read).
 */
function readOnlyOpenPath(dataDir: string, path: string): string {
  if (isWritable(dataDir) || existsSync(`${path}-shm`)) return path;
  // URI file names are off by default in better-sqlite3; this switches them on process-wide before the first open.
  process.env.SQLITE_USE_URI = '1';
  return `file:${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}?immutable=1`;
}

/** Refuses a database from a newer build (or one a read-only open would have to upgrade); returns how many to apply. */
function checkMigrations(sqlite: Database.Database, path: string, bundled: JournalEntry[], readonly: boolean): number {
  const hasTable = sqlite
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
    .get();
  const applied = hasTable
    ? (sqlite.prepare(`SELECT created_at AS at FROM __drizzle_migrations`).all() as { at: number | string }[]).map(
        (row) => Number(row.at),
      )
    : [];
  const known = new Set(bundled.map((entry) => entry.when));
  const unknown = applied.filter((at) => !known.has(at)).sort((a, b) => a - b);
  const newest = bundled[bundled.length - 1];
  if (unknown.length > 0) {
    const first = new Date(unknown[0] ?? 0).toISOString().slice(0, 10);
    throw new AppError(
      'DATABASE_TOO_NEW',
      `The database at ${path} was written by a newer version of ValueRank Desktop: it has ${unknown.length} ` +
        `schema change${unknown.length === 1 ? '' : 's'} this version does not know (the first from ${first}; ` +
        `this version (${appIdentity().version}) knows up to "${newest?.tag ?? 'none'}"). Nothing was read or changed. ` +
        'Update ValueRank Desktop to the version that wrote it, or use another data folder ' +
        '(--data-dir DIR or VALUERANK_DATA_DIR).',
      { path, unknownMigrations: unknown, knownUpTo: newest?.tag ?? null },
    );
  }
  const missing = bundled.filter((entry) => !applied.includes(entry.when));
  if (readonly && missing.length > 0) {
    throw new AppError(
      'DATABASE_READ_ONLY',
      `The database at ${path} must be upgraded by this version (${missing.length} schema change` +
        `${missing.length === 1 ? '' : 's'} to apply), but it is read-only. Open it once where it is writable, ` +
        'or copy the data folder somewhere writable and pass --data-dir.',
      { path, missing: missing.map((entry) => entry.tag) },
    );
  }
  return missing.length;
}

/** A migration failed: the copy made just before it is put back, and the error says so (and where the copy is). */
function restoredAfterFailedMigration(error: unknown, path: string, backup: BackupFile): AppError {
  const failed = databaseError(error, path, 'migrate');
  try {
    replaceDatabaseFile(backup.path, path);
  } catch (restoreError) {
    return new AppError(
      failed.code,
      `${failed.message} Putting back the copy made before the upgrade failed too (${(restoreError as Error).message}): ` +
        `quit, then restore it with "npm run cli -- restore ${backup.path}".`,
      { path, backup: backup.path },
    );
  }
  return new AppError(
    failed.code,
    `${failed.message} The database was put back as it was before the upgrade, from the copy at ${backup.path} ` +
      '(kept). Nothing was lost; this version cannot use it until the upgrade succeeds.',
    { path, backup: backup.path, restored: true },
  );
}

/** SQLite's and the file system's failures in words that say which file, what is wrong and what to do. */
function databaseError(error: unknown, path: string, step: 'open' | 'migrate'): AppError {
  if (error instanceof AppError) return error;
  const code = errnoCode(error);
  const raw = (error as Error).message;
  if (isCorruptionCode(code)) {
    return new AppError(
      'DATABASE_CORRUPT',
      `The database at ${path} is damaged or is not a ValueRank database (SQLite says: "${raw}"). ` +
        'Nothing was changed. Move the file aside (keep it: it may still be recoverable with "sqlite3 .recover") ' +
        'and start again to create a fresh one, or restore it from a backup.',
      { path, sqlite: code },
    );
  }
  if (isReadOnlyCode(code) || code === 'EROFS' || code === 'EACCES') {
    return new AppError(
      'DATABASE_READ_ONLY',
      `The database at ${path} cannot be written (${raw}). Commands that only read (runs, status, results, ` +
        'export) work on read-only data; to run or import, make the data folder writable or pass --data-dir.',
      { path, code },
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new AppError(
      'DISK_FULL',
      `Cannot ${step} the database at ${path}: the disk is full. Free some space on that drive and try again.`,
      { path, code },
    );
  }
  const verb = step === 'open' ? 'open' : 'upgrade';
  return new AppError('DB_UNAVAILABLE', `Cannot ${verb} the database at ${path}: ${raw}`, { path, code });
}
