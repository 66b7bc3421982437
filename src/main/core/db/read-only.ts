/** A worker thread's own read-only connection (exports, analyses), so the scheduler's writes never wait on it. */
import Database from 'better-sqlite3';

export function openReadOnlyConnection(path: string, nativeBinding?: string): Database.Database {
  const sqlite = new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  // The same store read functions as the core's connection; only the busy timeout is set on this one.
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}
