/**
 * What SQLite's own failures mean to the person, once for every route: a database that cannot be written (a read-only
 * or immutable file, a read-only mount) and a database whose pages are damaged (met by a read after a start that had no
 * reason to check) are each one condition with one sentence, never INTERNAL.
 */
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { errnoCode } from '../util/fs-errors';
import { BACKUPS_DIR } from './backup';

export function isReadOnlyCode(code: string | null | undefined): boolean {
  return code === 'SQLITE_READONLY' || (code?.startsWith('SQLITE_READONLY_') ?? false);
}

export function isCorruptionCode(code: string | null | undefined): boolean {
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (code?.startsWith('SQLITE_CORRUPT_') ?? false);
}

/** The damaged-database sentence: which file, that nothing more comes from it, and the way back. */
export function corruptDatabaseError(path: string, found: string, code = 'SQLITE_CORRUPT'): AppError {
  return new AppError(
    'DATABASE_CORRUPT',
    `The database at ${path} is damaged (SQLite says: "${found}"). Nothing more was read from it and nothing is ` +
      `exported from it. Close the app, move the file aside (keep it: "sqlite3 ${basename(path)} .recover" can often ` +
      `save most of it) and restore a backup (the copies in ${join(dirname(path), BACKUPS_DIR)}: Settings → Your data ` +
      '→ Restore…, or "npm run cli -- restore FILE"), or start again with a fresh data folder.',
    { path, sqlite: code },
  );
}

/** A route's error in words when SQLite refused for one of these reasons; null for anything else. */
export function storageConditionError(error: unknown, databasePath: string | undefined): AppError | null {
  const code = errnoCode(error);
  const said = (error as Error | null)?.message ?? String(error);
  if (isReadOnlyCode(code)) {
    return new AppError(
      'DATABASE_READ_ONLY',
      `The database cannot be written (SQLite says: "${said}"). Reading works on read-only data ` +
        '(runs, status, results, export, definitions list); to run, import or change settings, make the data folder ' +
        'and its database writable (check its permissions, an immutable flag or a read-only drive) or pass --data-dir.',
      { sqlite: code },
    );
  }
  if (isCorruptionCode(code)) return corruptDatabaseError(databasePath ?? 'valuerank.sqlite', said, code ?? undefined);
  return null;
}
