/**
 * Backups of the database in real files: the copy made before a migration (and put back when the migration fails
 * part-way), copies asked for while the database is in use, the last few kept, and a restore that checks what it puts
 * back and keeps what it replaces.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backupDatabase,
  backupsDir,
  inspectDatabaseFile,
  KEEP_BACKUPS,
  listBackups,
} from '../../src/main/core/db/backup';
import { bundledMigrations, DATABASE_FILE, openDatabase } from '../../src/main/core/db/open';
import { restoreDatabase } from '../../src/main/core/db/restore';
import { createDefinitionService } from '../../src/main/core/definitions/service';
import { devResourcePaths } from '../../src/main/core/paths';
import { AppError } from '../../src/shared/errors';
import { SAMPLE_YAML } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';
import { startHarness } from '../helpers/core';
import { callRoute } from '../../src/main/core/ipc/dispatch';

const migrationsDir = devResourcePaths().migrationsDir;
const known = bundledMigrations(migrationsDir).map((entry) => entry.when);

/** A data folder with the sample definition imported, closed. */
async function dataFolderWithDefinition(dataDir: string, migrations = migrationsDir): Promise<void> {
  const db = await openDatabase({ dataDir, migrationsDir: migrations });
  await createDefinitionService(db.sqlite).importText('council-housing.yaml', SAMPLE_YAML);
  db.close();
}

function tableNames(path: string): string[] {
  const sqlite = new Database(path, { readonly: true });
  try {
    return (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    sqlite.close();
  }
}

describe('database backups', () => {
  const temps: { cleanup: () => void }[] = [];
  const temp = (): string => {
    const t = makeTempDir();
    temps.push(t);
    return t.dir;
  };
  afterEach(() => {
    for (const t of temps.splice(0)) t.cleanup();
  });

  it('copies a database with data before migrating it, and puts the copy back when a migration fails mid-way', async () => {
    const dataDir = temp();
    // This build's migrations plus one more that commits a first change and then fails.
    const migrations = join(temp(), 'migrations');
    cpSync(migrationsDir, migrations, { recursive: true });
    await dataFolderWithDefinition(dataDir, migrations);
    expect(listBackups(dataDir)).toEqual([]); // a brand-new database had nothing to copy

    const journalPath = join(migrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Record<string, unknown>[] };
    const last = journal.entries.at(-1) as { idx: number; when: number };
    journal.entries.push({
      idx: last.idx + 1,
      version: '6',
      when: last.when + 1,
      tag: '9999_broken',
      breakpoints: true,
    });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(
      join(migrations, '9999_broken.sql'),
      [
        'CREATE TABLE canary (x integer);',
        'COMMIT;', // what a custom migration toggling pragmas can do: its first part is written for good
        'BEGIN;',
        'INSERT INTO no_such_table VALUES (1);',
      ].join('\n--> statement-breakpoint\n'),
    );

    const failure = await openDatabase({ dataDir, migrationsDir: migrations }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppError);
    const { message, details } = failure as AppError;
    expect(message).toMatch(/put back as it was before the upgrade, from the copy at .*before-migration-.*9999_broken/);
    const backup = (details as { backup: string }).backup;
    expect(existsSync(backup)).toBe(true);
    const path = join(dataDir, DATABASE_FILE);
    expect(tableNames(path)).not.toContain('canary');
    expect(inspectDatabaseFile(path)).toMatchObject({ integrity: 'ok', counts: { definitions: 1 } });
    // The data folder still opens with this build's own migrations, its definition there.
    const reopened = await openDatabase({ dataDir, migrationsDir });
    expect(createDefinitionService(reopened.sqlite).list()).toHaveLength(1);
    reopened.close();
  });

  it('copies a database with data before a successful upgrade, and keeps the copy after the next start', async () => {
    const dataDir = temp();
    // The data folder as the previous build left it: every migration but this build's last.
    const older = join(temp(), 'migrations');
    cpSync(migrationsDir, older, { recursive: true });
    const journalPath = join(older, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const newest = journal.entries.pop()!.tag;
    writeFileSync(journalPath, JSON.stringify(journal));
    await dataFolderWithDefinition(dataDir, older);
    expect(listBackups(dataDir)).toEqual([]);

    const upgraded = await openDatabase({ dataDir, migrationsDir });
    upgraded.close();
    const copies = listBackups(dataDir);
    expect(copies.map((file) => [file.kind, basename(file.path).endsWith(`-${newest}.sqlite`)])).toEqual([
      ['before-migration', true],
    ]);
    // The copy is the database as it was before the upgrade: whole, with its definition.
    expect(inspectDatabaseFile(copies[0]!.path)).toMatchObject({ integrity: 'ok', counts: { definitions: 1 } });
    // A later start with nothing to migrate makes no copy and removes none.
    (await openDatabase({ dataDir, migrationsDir })).close();
    expect(listBackups(dataDir)).toEqual(copies);
  });

  it('makes consistent copies of a database in use and keeps the last few of each kind', async () => {
    const dataDir = temp();
    await dataFolderWithDefinition(dataDir);
    const db = await openDatabase({ dataDir, migrationsDir });
    try {
      const first = await backupDatabase(db.sqlite, dataDir, 'manual');
      expect(inspectDatabaseFile(first.path)).toMatchObject({ integrity: 'ok', counts: { definitions: 1, runs: 0 } });
      for (let i = 0; i < KEEP_BACKUPS + 1; i += 1) await backupDatabase(db.sqlite, dataDir, 'manual');
      const kept = listBackups(dataDir);
      expect(kept).toHaveLength(KEEP_BACKUPS);
      expect(kept.map((file) => file.path)).not.toContain(first.path);
      expect(kept.every((file) => file.kind === 'manual' && file.bytes > 0)).toBe(true);
      expect(existsSync(backupsDir(dataDir))).toBe(true);
    } finally {
      db.close();
    }
  });

  it('restores a copy only when nothing else has the database open and the copy is whole, keeping the current', async () => {
    const dataDir = temp();
    await dataFolderWithDefinition(dataDir);
    const db = await openDatabase({ dataDir, migrationsDir });
    const copy = await backupDatabase(db.sqlite, dataDir, 'manual');
    await createDefinitionService(db.sqlite).importText(
      'second.yaml',
      SAMPLE_YAML.replace(/^name: .*$/m, 'name: Second definition'),
    );
    const path = db.path;
    db.close();
    const restore = (from: string) => restoreDatabase({ dataDir, path, from, knownMigrations: known });

    // Another live process (the test runner's parent) with the database open.
    const marker = `${path}.open-${process.ppid}`;
    writeFileSync(marker, '');
    await expect(restore(copy.path)).rejects.toMatchObject({ code: 'DB_UNAVAILABLE' });
    rmSync(marker);
    const notADatabase = join(temp(), 'notes.sqlite');
    writeFileSync(notADatabase, 'these are not the pages you are looking for'.repeat(100));
    await expect(restore(notADatabase)).rejects.toBeInstanceOf(AppError);
    expect(inspectDatabaseFile(path).counts.definitions).toBe(2); // refused restores changed nothing

    const restored = await restore(copy.path);
    expect(restored.counts.definitions).toBe(1);
    expect(restored.previous?.kind).toBe('before-restore');
    expect(inspectDatabaseFile(restored.previous!.path).counts.definitions).toBe(2);
    const reopened = await openDatabase({ dataDir, migrationsDir });
    expect(createDefinitionService(reopened.sqlite).list()).toHaveLength(1);
    reopened.close();
  });

  it('"Back up data…" copies the database while a run executes, and lists the copies kept', async () => {
    const h = await startHarness({ scheduler: { concurrency: 1 } });
    try {
      h.fake.hold();
      const definitionId = await h.importSample();
      const run = await callRoute(h.core.dispatch, 'runs.create', {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      });
      await h.fake.waitForHeld(1);
      const made = await callRoute(h.core.dispatch, 'data.backup', {});
      expect(made.kind).toBe('manual');
      expect(inspectDatabaseFile(made.path)).toMatchObject({ integrity: 'ok', counts: { runs: 1, jobs: 4 } });
      const listed = await callRoute(h.core.dispatch, 'data.backups', {});
      expect(listed).toEqual({ folder: backupsDir(h.dataDir), backups: [made] });
      h.fake.open();
      expect((await h.waitForRun(run.id)).status).toBe('completed');
    } finally {
      await h.stop();
    }
  });
});
