/**
 * Quitting while an export is being written, with the real worker thread held mid-file by its test hook (no timing):
 * the grace lets a finishing export complete; past it the export is stopped, fails with a sentence and leaves no
 * `.partial`; a thread that must be terminated has its file removed by the main side; and at start-up the core removes
 * only the temporary files its own exports folder holds from writers that no longer run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import { ExportHandle, runExportInWorker } from '../../src/main/core/export/runner';
import { ExportService } from '../../src/main/core/export/service';
import { OWN_PARTIAL_NAME, partialPathFor } from '../../src/main/core/export/write-file';
import { stageDirFor } from '../../src/main/core/export/file-set';
import { makeExportDb, type ExportDb } from '../helpers/export-fixture';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

const partials = (dir: string): string[] => readdirSync(dir).filter((name) => name.includes('.partial-'));

describe('exports at quit', () => {
  let t: ExportDb;
  let service: ExportService;
  let runId: string;
  beforeEach(async () => {
    t = await makeExportDb();
    service = new ExportService({
      sqlite: t.database.sqlite,
      databasePath: t.database.path,
      logger: createMemoryLogger().logger,
    });
    runId = t.newRun();
    while (t.completeNext()) {
      /* every job answers */
    }
  });
  afterEach(() => t.cleanup());

  /** Starts an export that holds after its first page; resolves with the export and the function that releases it. */
  async function heldExport(name: string) {
    let onHeld!: (release: () => void) => void;
    const held = new Promise<() => void>((resolve) => (onHeld = resolve));
    const path = join(t.dir, name);
    const exporting = service.exportToFile({
      runId,
      path,
      format: 'csv',
      includeFailures: false,
      hold: { afterRows: 1, onHeld },
    });
    exporting.catch(() => undefined);
    const release = await held;
    return { path, exporting, release };
  }

  it('stops an export still being written when the grace is over, and leaves no partial file', async () => {
    const { path, exporting } = await heldExport('held.csv');
    expect(partials(t.dir)).toHaveLength(1);
    expect(service.progress(runId).active).toBe(true);

    await service.close(0);
    await expect(exporting).rejects.toThrow(/The export was stopped because the app is closing; no file was saved/);
    expect(partials(t.dir)).toEqual([]);
    expect(existsSync(path)).toBe(false);
    expect(service.progress(runId).active).toBe(false);
    // Closed: nothing new starts.
    await expect(
      service.exportToFile({ runId, path: join(t.dir, 'late.csv'), format: 'csv', includeFailures: false }),
    ).rejects.toThrow(/The app is closing/);
  });

  it('lets an export that finishes within the grace complete, with its manifest', async () => {
    const { path, exporting, release } = await heldExport('finishing.csv');
    const closing = service.close(60_000);
    release();
    await closing;
    await expect(exporting).resolves.toMatchObject({ rows: 8, path });
    expect(existsSync(path)).toBe(true);
    expect(existsSync(`${path}.manifest.json`)).toBe(true);
    expect(partials(t.dir)).toEqual([]);
  });

  it('removes the file itself when the worker thread has to be terminated', async () => {
    const handle = new ExportHandle();
    const path = join(t.dir, 'terminated.csv');
    let heldNow!: () => void;
    const held = new Promise<void>((resolve) => (heldNow = resolve));
    const exporting = runExportInWorker({
      databasePath: t.database.path,
      runId,
      path,
      format: 'csv',
      includeFailures: false,
      holdAfterRows: 1,
      handle,
      onHeld: () => heldNow(),
    });
    exporting.catch(() => undefined);
    await held;
    expect(partials(t.dir)).toHaveLength(1);
    handle.terminate();
    await expect(exporting).rejects.toThrow(/stopped because the app is closing/);
    expect(partials(t.dir)).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });
});

describe('unfinished exports left by an earlier session', () => {
  it('are removed from the app’s own exports folder at start-up; files of live writers and other names stay', async () => {
    const temp = makeTempDir();
    try {
      const exportsDir = join(temp.dir, 'exports');
      mkdirSync(exportsDir, { recursive: true });
      const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
      const stale = `${partialPathFor('run_01ABC_2026-01-02_partial.csv', deadPid, 1)}`;
      const staleJsonl = `${partialPathFor('run_01ABC_2026-01-02.jsonl', deadPid, 2)}`;
      const live = `${partialPathFor('run_01ABC_2026-01-02.csv', process.pid, 3)}`;
      const keep = [live, 'run_01ABC_2026-01-02.csv', 'notes.csv.partial-1-2', 'run_01ABC.csv.partial-x'];
      for (const name of [stale, staleJsonl, ...keep]) writeFileSync(join(exportsDir, name), 'x');
      expect(OWN_PARTIAL_NAME.test(stale)).toBe(true);
      // An export set's staging folder (with files in it) left by a dead writer goes too; a live writer's stays.
      const staleStage = stageDirFor(exportsDir, deadPid, 4);
      const liveStage = stageDirFor(exportsDir, process.pid, 5);
      for (const dir of [staleStage, liveStage]) {
        mkdirSync(dir);
        writeFileSync(join(dir, 'run_01ABC_2026-01-02.csv'), 'x');
      }
      keep.push(basename(liveStage));

      const core = await createCore({
        dataDir: temp.dir,
        env: {},
        startScheduler: false,
        logger: createMemoryLogger().logger,
      });
      await core.close(); // close waits for the start-up clean-up
      expect(readdirSync(exportsDir).sort()).toEqual([...keep].sort());
    } finally {
      temp.cleanup();
    }
  });
});
