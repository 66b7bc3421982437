/**
 * Exports that fail part-way through leave no `.partial` file and say why (issue 22: a disk that filled mid-export
 * kept a 12 MB partial). Real file-system conditions, no mocks: the temporary file is a link to /dev/full (every write
 * answers ENOSPC, as a full disk does), and a folder appears where the finished file was to be renamed while the real
 * worker thread is held mid-file by its test hook.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportService, type ExportServiceOptions } from '../../src/main/core/export/service';
import { writeFileSet } from '../../src/main/core/export/file-set';
import { exportRunToFile, partialPathFor } from '../../src/main/core/export/write-file';
import { makeExportDb, type ExportDb } from '../helpers/export-fixture';
import { createMemoryLogger } from '../helpers/memory';

const partials = (dir: string): string[] => readdirSync(dir).filter((name) => name.includes('.partial-'));

function serviceFor(t: ExportDb, effects?: ExportServiceOptions['effects']): ExportService {
  return new ExportService({
    sqlite: t.database.sqlite,
    databasePath: t.database.path,
    logger: createMemoryLogger().logger,
    ...(effects ? { effects } : {}),
  });
}

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

  it('when a side file fails after the CSV is written, leaves no CSV, no side file and no temporary file', async () => {
    const service = serviceFor(t, () => Promise.reject(new Error('the effects could not be computed')));
    try {
      const path = join(t.dir, 'side.csv');
      await expect(service.exportToFile({ runId, path, format: 'csv', includeFailures: false })).rejects.toThrow(
        'the effects could not be computed',
      );
      expect(readdirSync(t.dir).filter((name) => name.startsWith('side.csv') || name.startsWith('.'))).toEqual([]);
    } finally {
      await service.close(0);
    }
  });

  it('when the manifest cannot land, keeps the researcher’s earlier files and names the manifest', async () => {
    const service = serviceFor(t);
    try {
      const path = join(t.dir, 'kept.csv');
      writeFileSync(path, 'an earlier export');
      writeFileSync(`${path}.effects.csv`, 'earlier effects');
      // Something that is not the app's sits where the manifest is to go: the set cannot be completed.
      mkdirSync(`${path}.manifest.json`);
      writeFileSync(join(`${path}.manifest.json`, 'keep.txt'), 'not the app’s');
      await expect(service.exportToFile({ runId, path, format: 'csv', includeFailures: false })).rejects.toMatchObject({
        message: expect.stringMatching(/^Could not write the export .*kept\.csv\.manifest\.json: /),
      });
      expect(readFileSync(path, 'utf8')).toBe('an earlier export');
      expect(readFileSync(`${path}.effects.csv`, 'utf8')).toBe('earlier effects');
      expect(readdirSync(`${path}.manifest.json`)).toEqual(['keep.txt']);
      expect(
        readdirSync(t.dir)
          .filter((name) => name.startsWith('kept.csv'))
          .sort(),
      ).toEqual(['kept.csv', 'kept.csv.effects.csv', 'kept.csv.manifest.json']);
      expect(readdirSync(t.dir).filter((name) => name.startsWith('.') || name.includes('.partial-'))).toEqual([]);
    } finally {
      await service.close(0);
    }
  });

  it('replaces an earlier set whole when the new one is complete', async () => {
    const service = serviceFor(t);
    try {
      const path = join(t.dir, 'again.csv');
      writeFileSync(path, 'an earlier export');
      const result = await service.exportToFile({ runId, path, format: 'csv', includeFailures: false });
      expect(readFileSync(path, 'utf8')).toContain('run_id');
      expect(JSON.parse(readFileSync(result.manifestPath, 'utf8'))).toMatchObject({ file: 'again.csv' });
      expect(readdirSync(t.dir).filter((name) => name.startsWith('.') || name.includes('.partial-'))).toEqual([]);
    } finally {
      await service.close(0);
    }
  });

  it('a comparison or table set whose manifest cannot be written leaves no table (writeFileSet)', async () => {
    const path = join(t.dir, 'comparison.csv');
    mkdirSync(`${path}.manifest.json`);
    writeFileSync(join(`${path}.manifest.json`, 'keep.txt'), 'not the app’s');
    await expect(
      writeFileSet(
        [
          { path, content: 'a,b\n' },
          { path: `${path}.manifest.json`, content: '{}', action: 'write the comparison manifest' },
        ],
        'write the comparison',
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/^Could not write the comparison .*comparison\.csv\.manifest\.json: /),
    });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(t.dir).filter((name) => name.startsWith('.') || name.includes('.partial-'))).toEqual([]);
  });
});
