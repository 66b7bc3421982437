/** The one database module: path → open → pragmas → migrate. Everything that touches SQLite gets its handle here. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../../../shared/errors';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  db: Db;
  sqlite: Database.Database;
  path: string;
  close(): void;
}

export interface OpenDatabaseOptions {
  dataDir: string;
  migrationsDir: string;
  /** Path to a better_sqlite3.node built for this runtime (Electron in development); default: the package's own. */
  nativeBinding?: string;
  readonly?: boolean;
}

export const DATABASE_FILE = 'valuerank.sqlite';

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const path = join(options.dataDir, DATABASE_FILE);
  let sqlite: Database.Database;
  try {
    mkdirSync(options.dataDir, { recursive: true });
    sqlite = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new AppError('DB_UNAVAILABLE', `Cannot open the database at ${path}: ${(error as Error).message}`);
  }
  sqlite.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  if (!options.readonly) {
    try {
      migrate(db, { migrationsFolder: options.migrationsDir });
    } catch (error) {
      sqlite.close();
      throw new AppError('DB_UNAVAILABLE', `Cannot migrate the database at ${path}: ${(error as Error).message}`);
    }
  }
  return {
    db,
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
