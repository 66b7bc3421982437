/**
 * Exports that fail part-way through leave no `.partial` file and say why (issue 22: a disk that filled mid-export
 * kept a 12 MB partial). Real file-system conditions, no mocks: the temporary file is a link to /dev/full (every write
 * answers ENOSPC, as a full disk does), and a folder appears where the finished file was to be renamed while the real
 * worker thread is held mid-file by its test hook.
 */
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportService } from '../../src/main/core/export/service';
import { exportRunToFile, partialPathFor } from '../../src/main/core/export/write-file';
import { makeExportDb, type ExportDb } from '../helpers/export-fixture';
import { createMemoryLogger } from '../helpers/memory';

const partials = (dir: string): string[] => readdirSync(dir).filter((name) => name.includes('.partial-'));

describe('an export that fails mid-write', () => {
  let t: ExportDb;
  let runId: string;
  beforeEach(async () => {
    t = await makeExportDb();
    runId = t.newRun();
    while (t.completeNext()) {
      /* every job answers */
    }
  });
  afterEach(() => t.cleanup());

  it.skipIf(!existsSync('/dev/full'))(
    'on a full disk (writes answer ENOSPC) fails with DISK_FULL and removes its temporary file',
    async () => {
      const path = join(t.dir, 'full.csv');
      const tempPath = partialPathFor(path);
      symlinkSync('/dev/full', tempPath);
      await expect(exportRunToFile(t.database.sqlite, runId, path, 'csv', { tempPath })).rejects.toMatchObject({
        code: 'DISK_FULL',
        message: expect.stringMatching(/^Could not write the export .*full\.csv: the disk is full\. Free some space/),
      });
      expect(partials(t.dir)).toEqual([]);
      expect(existsSync(path)).toBe(false);
      // Only the link was removed, never what it pointed to.
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    },
  );

  it('when a folder takes the file’s place while it is written, fails with a sentence and removes the partial', async () => {
    const service = new ExportService({
      sqlite: t.database.sqlite,
      databasePath: t.database.path,
      logger: createMemoryLogger().logger,
    });
    try {
      const path = join(t.dir, 'swapped.csv');
      let onHeld!: (release: () => void) => void;
      const held = new Promise<() => void>((resolve) => (onHeld = resolve));
      const exporting = service.exportToFile({
        runId,
        path,
        format: 'csv',
        includeFailures: false,
        hold: { afterRows: 1, onHeld },
      });
      exporting.catch(() => undefined);
      const release = await held;
      expect(partials(t.dir)).toHaveLength(1);
      // Another program puts a non-empty folder where the export is to land: the final rename cannot replace it.
      mkdirSync(path);
      writeFileSync(join(path, 'keep.txt'), 'not the app’s');
      release();
      await expect(exporting).rejects.toMatchObject({
        message: expect.stringMatching(/^Could not write the export .*swapped\.csv: /),
      });
      expect(partials(t.dir)).toEqual([]);
      expect(readdirSync(path)).toEqual(['keep.txt']);
      expect(service.progress(runId).active).toBe(false);
    } finally {
      await service.close(0);
    }
  });
});
