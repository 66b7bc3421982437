/**
 * Checkpoints handed to a worker thread while a long write holds them (db/wal-checkpoints.ts): the core's connection
 * stops checkpointing inside its commits, the thread copies the log into the database file (a real second connection
 * on a real file), SQLite's default comes back when the last holder lets go, and when the thread cannot run the
 * checkpoint is made on the connection itself — never skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { DEFAULT_AUTOCHECKPOINT_PAGES, WalCheckpoints } from '../../src/main/core/db/wal-checkpoints';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

type Db = Database.Database;
const autocheckpoint = (db: Db): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;
/** Frames in the log and how many of them are in the database file (a PASSIVE checkpoint that copies nothing new). */
function logState(path: string): { log: number; checkpointed: number } {
  const probe = new Database(path);
  try {
    // A checkpoint of an empty remainder: it reports the log's frames and how many were already copied.
    const [row] = probe.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return { log: row!.log, checkpointed: row!.checkpointed };
  } finally {
    probe.close();
  }
}

describe('checkpoints off the main thread', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function open(): { db: Db; path: string } {
    const temp = makeTempDir();
    const path = join(temp.dir, 'valuerank.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`);
    cleanups.push(() => {
      if (db.open) db.close();
      temp.cleanup();
    });
    return { db, path };
  }

  function commitPage(db: Db, page: number): void {
    const insert = db.prepare(`INSERT INTO rows (body) VALUES (?)`);
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`page ${page} row ${i} ${'x'.repeat(200)}`);
    })();
  }

  it('turns the connection’s own checkpoints off while held and has the thread copy the log', async () => {
    const { db, path } = open();
    const { logger } = createMemoryLogger();
    const checkpoints = new WalCheckpoints(db, { databasePath: path }, logger);
    cleanups.push(() => checkpoints.close());
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);

    const outer = checkpoints.hold();
    const inner = checkpoints.hold();
    expect(autocheckpoint(db)).toBe(0);
    // Far past SQLite's 1,000-page threshold: with its own checkpoints off, the connection copies nothing.
    for (let page = 0; page < 40; page++) commitPage(db, page);
    const before = logState(path);
    expect(before.log).toBeGreaterThan(DEFAULT_AUTOCHECKPOINT_PAGES);

    outer.committed();
    await inner.release();
    // Another holder still writes: the default stays off.
    expect(autocheckpoint(db)).toBe(0);
    await outer.release();
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    expect(checkpoints.made).toEqual({ thread: 1, here: 0, emptied: 0 });
    // The thread copied what was committed before it started: every frame of the log then is in the database file.
    const after = logState(path);
    expect(after.checkpointed).toBeGreaterThanOrEqual(before.log);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM rows`).get() as { n: number }).n).toBe(40 * 500);
    // A release is once: a second one changes nothing.
    await outer.release();
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
  });

  it('checkpoints on the connection itself when the thread cannot run, and says so once', async () => {
    const { db, path } = open();
    const { logger, lines } = createMemoryLogger();
    const checkpoints = new WalCheckpoints(
      db,
      { databasePath: path, workerFile: join(path, '..', 'no-such-worker.mjs') },
      logger,
    );
    cleanups.push(() => checkpoints.close());
    const hold = checkpoints.hold();
    for (let page = 0; page < 20; page++) commitPage(db, page);
    const before = logState(path);
    hold.committed();
    await hold.release();
    expect(checkpoints.made).toEqual({ thread: 0, here: 1, emptied: 0 });
    expect(logState(path).checkpointed).toBeGreaterThanOrEqual(before.log);

    const again = checkpoints.hold();
    commitPage(db, 99);
    again.committed();
    await again.release();
    // The interval since the last start had not passed: no second checkpoint, and never a second warning.
    expect(lines.filter((line) => line.includes('checkpoint thread failed'))).toHaveLength(1);
    expect(autocheckpoint(db)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
  });

  it('empties a log that grows past its limit while commits go on, the writer waiting only for that', async () => {
    const { db, path } = open();
    const { logger } = createMemoryLogger();
    const checkpoints = new WalCheckpoints(
      db,
      { databasePath: path, restartBytes: 200 * 4096, minIntervalMs: 0 },
      logger,
    );
    cleanups.push(() => checkpoints.close());
    const hold = checkpoints.hold();
    const sizes: number[] = [];
    let page = 0;
    // Written as ingestion writes: a yield, ready(), a transaction, committed(); the thread's checkpoints run meanwhile.
    for (let after = 0; after < 10 && page < 2000; page++) {
      await setImmediate();
      await hold.ready();
      commitPage(db, page);
      hold.committed();
      sizes.push(statSync(`${path}-wal`).size);
      if (checkpoints.made.emptied > 0) after += 1;
    }
    await hold.release();
    expect(checkpoints.made.emptied).toBeGreaterThan(0);
    expect(checkpoints.made.thread).toBeGreaterThan(checkpoints.made.emptied);
    // Emptied mid-write: the log file shrank between two commits (a PASSIVE checkpoint alone never shrinks it).
    expect(sizes.some((size, i) => i > 0 && size < sizes[i - 1]!)).toBe(true);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM rows`).get() as { n: number }).n).toBe(page * 500);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves the log to a later try while a long reader holds it, and empties it once the reader is done', async () => {
    const { db, path } = open();
    const { logger, lines } = createMemoryLogger();
    const checkpoints = new WalCheckpoints(
      db,
      { databasePath: path, restartBytes: 200 * 4096, minIntervalMs: 0 },
      logger,
    );
    cleanups.push(() => checkpoints.close());
    // Another connection in a read transaction (as an export's worker thread holds one for its whole file).
    const reader = new Database(path, { readonly: true });
    cleanups.push(() => {
      if (reader.open) reader.close();
    });
    reader.prepare('BEGIN').run();
    expect(reader.prepare(`SELECT COUNT(*) AS n FROM rows`).get()).toEqual({ n: 0 });
    const hold = checkpoints.hold();
    let page = 0;
    const refused = (): number => lines.filter((l) => l.includes('log emptied') && !l.includes('"busy":0')).length;
    while (refused() === 0 && page < 2000) {
      await setImmediate();
      await hold.ready();
      commitPage(db, page++);
      hold.committed();
    }
    // The reader kept it from emptying the log; the writes went on meanwhile, and the reader still sees its snapshot.
    expect(refused()).toBeGreaterThan(0);
    expect(checkpoints.made.emptied).toBe(0);
    expect(reader.prepare(`SELECT COUNT(*) AS n FROM rows`).get()).toEqual({ n: 0 });
    reader.prepare('COMMIT').run();
    for (let after = 0; checkpoints.made.emptied === 0 && after < 2000; after++) {
      await setImmediate();
      await hold.ready();
      commitPage(db, page++);
      hold.committed();
    }
    await hold.release();
    expect(checkpoints.made.emptied).toBeGreaterThan(0);
    expect((db.prepare(`SELECT COUNT(*) AS n FROM rows`).get() as { n: number }).n).toBe(page * 500);
  });
});
