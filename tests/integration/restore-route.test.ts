/**
 * "Restore…" from Settings (route data.restore) on real SQLite files: only a listed backup is accepted, the data as it
 * is gets a safety backup, and the next start puts the backup in place before it opens the database.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupsDir } from '../../src/main/core/db/backup';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { pendingRestorePath } from '../../src/main/core/db/restore-pending';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { SAMPLE_YAML } from '../helpers/db';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

function definitionRows(path: string): unknown[] {
  const sqlite = new Database(path, { readonly: true });
  try {
    return sqlite.prepare(`SELECT * FROM definitions ORDER BY id`).all();
  } finally {
    sqlite.close();
  }
}

describe('restoring a backup from the app', () => {
  let running: CoreHarness | null = null;
  let temp: ReturnType<typeof makeTempDir> = { dir: '', cleanup: () => undefined };
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(async () => {
    await running?.stop();
    running = null;
    temp.cleanup();
  });
  const start = async (dataDir: string): Promise<CoreHarness> => {
    running = await startHarness({ dataDir });
    return running;
  };

  it('refuses a file that is not a listed backup, and restores a listed one at the next start', async () => {
    const dataDir = temp.dir;
    const first = await start(dataDir);
    await first.importSample();
    const backup = await callRoute(first.core.dispatch, 'data.backup', {});
    const backedUp = definitionRows(backup.path);
    expect(backedUp).toHaveLength(1);
    await callRoute(first.core.dispatch, 'definitions.import', {
      fileName: 'second.yaml',
      text: SAMPLE_YAML.replace('name: Council housing dilemma', 'name: Second dilemma'),
    });

    for (const file of [`../${DATABASE_FILE}`, join(dataDir, DATABASE_FILE), 'manual-nope.sqlite']) {
      await expect(callRoute(first.core.dispatch, 'data.restore', { file })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    expect(existsSync(pendingRestorePath(dataDir))).toBe(false);

    const asked = await callRoute(first.core.dispatch, 'data.restore', { file: basename(backup.path) });
    expect(asked).toMatchObject({ from: backup.path, restartRequired: true, counts: { definitions: 1 } });
    expect(asked.safetyBackup.kind).toBe('before-restore');
    expect(definitionRows(asked.safetyBackup.path)).toHaveLength(2);
    expect(existsSync(pendingRestorePath(dataDir))).toBe(true);
    // Nothing is swapped under the running app: it still sees both definitions.
    expect(await callRoute(first.core.dispatch, 'definitions.list', { includeArchived: false })).toHaveLength(2);
    await first.stop();
    running = null;

    const second = await start(dataDir);
    expect(definitionRows(join(dataDir, DATABASE_FILE))).toEqual(backedUp);
    expect(await callRoute(second.core.dispatch, 'definitions.list', { includeArchived: false })).toHaveLength(1);
    expect(existsSync(pendingRestorePath(dataDir))).toBe(false);
    expect(existsSync(asked.safetyBackup.path)).toBe(true);
  });

  it('refuses a listed backup that is damaged, before any copy is made or staged', async () => {
    const h = await start(temp.dir);
    await callRoute(h.core.dispatch, 'data.backup', {});
    const damaged = join(backupsDir(temp.dir), 'manual-20200101T000000Z.sqlite');
    writeFileSync(damaged, 'not a database at all, but long enough to be read as one by a careless check');
    await expect(callRoute(h.core.dispatch, 'data.restore', { file: damaged })).rejects.toMatchObject({
      code: 'DATABASE_CORRUPT',
    });
    expect(existsSync(pendingRestorePath(temp.dir))).toBe(false);
    const { backups } = await callRoute(h.core.dispatch, 'data.backups', {});
    expect(backups.filter((file) => file.kind === 'before-restore')).toHaveLength(0);
  });
});
