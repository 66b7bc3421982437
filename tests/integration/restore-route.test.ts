/**
 * "Restore…" from Settings (route data.restore) on real SQLite files: only a listed backup is accepted, the data as it
 * is gets a safety backup, and the next start puts the backup in place before it opens the database.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
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
  const temp = makeTempDir();
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
});
