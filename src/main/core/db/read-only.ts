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

/** Runs `work` on a read-only connection of its own, closed afterwards whatever happens. */
export async function withReadOnlyConnection<T>(
  path: string,
  nativeBinding: string | undefined,
  work: (sqlite: Database.Database) => Promise<T>,
): Promise<T> {
  const sqlite = openReadOnlyConnection(path, nativeBinding);
  try {
    return await work(sqlite);
  } finally {
    sqlite.close();
  }
}
