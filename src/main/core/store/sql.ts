/**
 * The store's one idiom: raw SQL behind a small typed wrapper. Every statement is prepared once per connection and
 * cached by its text, so the scheduler's hot path and the UI's polls never re-parse SQL.
 */
import type Database from 'better-sqlite3';

export type Sqlite = Database.Database;
type Params = unknown[] | [Record<string, unknown>];

const caches = new WeakMap<Sqlite, Map<string, Database.Statement>>();
/** Dynamic statements (IN lists, one UNION branch per model pair) vary in text: the cache is bounded. */
const MAX_CACHED = 500;

/** The prepared statement for `sql` on this connection, prepared the first time it is asked for. */
export function statement(sqlite: Sqlite, sql: string): Database.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    if (cache.size >= MAX_CACHED) cache.clear();
    prepared = sqlite.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/** One row mapped to T, or undefined. */
export function one<T>(sqlite: Sqlite, sql: string, ...params: Params): T | undefined {
  return statement(sqlite, sql).get(...params) as T | undefined;
}

/** Every row, mapped to T. */
export function many<T>(sqlite: Sqlite, sql: string, ...params: Params): T[] {
  return statement(sqlite, sql).all(...params) as T[];
}

/** A write; returns the number of rows it changed. */
export function write(sqlite: Sqlite, sql: string, ...params: Params): number {
  return statement(sqlite, sql).run(...params).changes;
}

interface Control {
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}
const controls = new WeakMap<Sqlite, { immediate: Control; deferred: Control }>();

/**
 * BEGIN/COMMIT/SAVEPOINT statements prepared once per connection. better-sqlite3's `db.transaction(fn)` builds four
 * wrapper functions every time it is called; the scheduler opens a transaction (or savepoint) several times per job.
 */
function control(sqlite: Sqlite, kind: 'immediate' | 'deferred'): Control {
  let found = controls.get(sqlite);
  if (!found) {
    const shared = {
      commit: sqlite.prepare('COMMIT'),
      rollback: sqlite.prepare('ROLLBACK'),
      savepoint: sqlite.prepare('SAVEPOINT valuerank_nested'),
      release: sqlite.prepare('RELEASE valuerank_nested'),
      rollbackTo: sqlite.prepare('ROLLBACK TO valuerank_nested'),
    };
    found = {
      immediate: { begin: sqlite.prepare('BEGIN IMMEDIATE'), ...shared },
      deferred: { begin: sqlite.prepare('BEGIN'), ...shared },
    };
    controls.set(sqlite, found);
  }
  return found[kind];
}

/** `work` in a transaction, or in a savepoint when one is already open (an inner failure undoes only its own writes). */
function inTransaction<T>(sqlite: Sqlite, kind: 'immediate' | 'deferred', work: () => T): T {
  const c = control(sqlite, kind);
  const nested = sqlite.inTransaction;
  (nested ? c.savepoint : c.begin).run();
  try {
    const result = work();
    if (result instanceof Promise)
      throw new TypeError('A transaction cannot span an await: its work returned a promise');
    (nested ? c.release : c.commit).run();
    return result;
  } catch (error) {
    // SQLite may already have rolled back on its own (a full disk, an interrupt): then there is nothing to undo.
    if (sqlite.inTransaction) {
      if (nested) {
        c.rollbackTo.run();
        c.release.run();
      } else c.rollback.run();
    }
    throw error;
  }
}

/** Runs `work` in one IMMEDIATE transaction (the writer lock is taken up front, so it never upgrades mid-way). */
export function immediate<T>(sqlite: Sqlite, work: () => T): T {
  return inTransaction(sqlite, 'immediate', work);
}

/** Runs `work` in one plain transaction. */
export function transaction<T>(sqlite: Sqlite, work: () => T): T {
  return inTransaction(sqlite, 'deferred', work);
}

/** Cheap liveness check for System Health. */
export function ping(sqlite: Sqlite): void {
  one(sqlite, 'SELECT 1');
}

/**
 * Runs `work` inside one read transaction when the connection is an export's own read-only one, so every page comes
 * from the same snapshot. Never on a shared read-write connection: the scheduler's writes would join the transaction.
 */
export async function withReadSnapshot<T>(sqlite: Sqlite, work: () => Promise<T>): Promise<T> {
  const snapshot = sqlite.readonly && !sqlite.inTransaction;
  if (snapshot) statement(sqlite, 'BEGIN').run();
  try {
    return await work();
  } finally {
    if (snapshot && sqlite.inTransaction) statement(sqlite, 'COMMIT').run();
  }
}
