/**
 * Copies of the database in the data folder's `backups/`: made with SQLite's online backup API (a consistent copy
 * while runs execute, page steps between event-loop turns), written to a temporary name and renamed when whole, 0600
 * like the database. The last few of each kind are kept. A copy is checked before it is trusted: SQLite's
 * integrity_check and the row counts of the tables that hold a researcher's work.
 */
import { chmodSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { ensurePrivateDir } from '../paths';

export const BACKUPS_DIR = 'backups';
/** Copies kept of each kind; the oldest beyond this are removed after a new one is made. */
export const KEEP_BACKUPS = 5;

/** Why a copy was made: asked for, or before something that changes the file as a whole. */
export type BackupKind = 'manual' | 'before-migration' | 'before-restore';

export interface BackupFile {
  path: string;
  kind: BackupKind;
  bytes: number;
  createdAt: string;
}

/** The tables whose rows are a researcher's work: compared between a database and its copy. */
const COUNTED_TABLES = ['definitions', 'runs', 'jobs', 'transcripts'] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

export function backupsDir(dataDir: string): string {
  return join(dataDir, BACKUPS_DIR);
}

const NAME = /^(manual|before-migration|before-restore)-(\d{8}T\d{6}(?:\d{3})?Z)(?:-[\w.-]+)?\.sqlite$/;

/** The backups in the data folder, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const match = NAME.exec(name);
      if (!match) return [];
      const path = join(dir, name);
      const stamp = match[2]!;
      const createdAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18) || '000'}Z`;
      return [{ path, kind: match[1] as BackupKind, bytes: statSync(path).size, createdAt }];
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.path < b.path ? 1 : -1));
}

/** Copies the open database to `dest` (through `dest.partial`, renamed once whole); an existing `dest` is refused. */
export async function copyDatabase(sqlite: Database.Database, dest: string): Promise<number> {
  if (existsSync(dest)) throw new AppError('VALIDATION', `${dest} already exists: choose another file name.`);
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  try {
    await sqlite.backup(partial);
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    renameSync(partial, dest);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return statSync(dest).size;
}

/** A copy of the open database in `backups/`, named by its kind and time; older ones of its kind beyond the last few go. */
export async function backupDatabase(
  sqlite: Database.Database,
  dataDir: string,
  kind: BackupKind,
  label?: string,
): Promise<BackupFile> {
  const dir = backupsDir(dataDir);
  ensurePrivateDir(dir);
  const now = new Date();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const suffix = label ? `-${label.replace(/[^\w.-]/g, '_')}` : '';
  const path = join(dir, `${kind}-${stamp}${suffix}.sqlite`);
  const bytes = await copyDatabase(sqlite, path);
  pruneBackups(dataDir, kind, KEEP_BACKUPS);
  return { path, kind, bytes, createdAt: now.toISOString() };
}

/** Removes the oldest backups of `kind` beyond the newest `keep`. */
export function pruneBackups(dataDir: string, kind: BackupKind, keep: number): string[] {
  const old = listBackups(dataDir)
    .filter((file) => file.kind === kind)
    .slice(keep);
  for (const file of old) rmSync(file.path, { force: true });
  return old.map((file) => file.path);
}

/** What a database file holds, read without changing it: SQLite's integrity check, its migrations and row counts. */
export interface DatabaseInspection {
  /** "ok", or the first problems SQLite's integrity_check found. */
  integrity: string;
  /** The `created_at` of each migration applied to it. */
  migrations: number[];
  counts: RowCounts;
}

/** Opens `path` read-only and inspects it; a file that is not a ValueRank database is refused with the reason. */
export function inspectDatabaseFile(path: string, nativeBinding?: string): DatabaseInspection {
  if (!existsSync(path)) throw new AppError('NOT_FOUND', `No file at ${path}.`);
  let sqlite: Database.Database | null = null;
  try {
    sqlite = new Database(path, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    const problems = (sqlite.pragma('integrity_check(5)') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    const tables = new Set(
      (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
        (row) => row.name,
      ),
    );
    const missing = ['__drizzle_migrations', ...COUNTED_TABLES].filter((name) => !tables.has(name));
    if (missing.length > 0) {
      throw new AppError(
        'VALIDATION',
        `${path} is not a ValueRank database (it has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'}).`,
        { path, missing },
      );
    }
    const db = sqlite;
    const count = (table: string): number =>
      (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    const counts = Object.fromEntries(COUNTED_TABLES.map((table) => [table, count(table)])) as RowCounts;
    const migrations = appliedMigrations(db);
    return { integrity: problems.length === 0 ? 'ok' : problems.join('; '), migrations, counts };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'DATABASE_CORRUPT',
      `${path} cannot be read as a database (SQLite says: "${(error as Error).message}").`,
      { path },
    );
  } finally {
    sqlite?.close();
  }
}

/** The `created_at` of each migration applied to an open database. */
export function appliedMigrations(sqlite: Database.Database): number[] {
  const rows = sqlite.prepare(`SELECT created_at AS at FROM __drizzle_migrations`).all() as { at: unknown }[];
  return rows.map((row) => Number(row.at));
}
