/** Writes one export file atomically: into a temporary file beside the target, renamed into place only when complete. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat } from '../../../shared/export';
import type { Sqlite } from '../store/sql';
import { errnoCode, fsErrorToAppError } from '../util/fs-errors';
import { processAlive } from '../util/process-owner';
import { CSV_FORMAT } from './csv';
import { OWN_STAGE_NAME } from './file-set';
import { writeRun, type WriteOptions, type WriteResult } from './format';
import { JSONL_FORMAT } from './jsonl';

/** The sentence an export stopped by the app closing fails with; its temporary file is removed. */
export const EXPORT_STOPPED_MESSAGE = 'The export was stopped because the app is closing; no file was saved.';

/** The temporary file an export is written to before it is renamed into place: `<file>.partial-<pid>-<ms>`. */
export function partialPathFor(path: string, pid = process.pid, now = Date.now()): string {
  return `${path}.partial-${pid}-${now}`;
}

/** A temporary file this app names in its own exports folder (run_<id>_<date>[marks].<format>.partial-<pid>-<ms>). */
export const OWN_PARTIAL_NAME = /^run_[A-Za-z0-9_-]+\.(csv|jsonl)\.partial-(\d+)-\d+$/;

/**
 * Removes the temporary files an earlier session left in the app's own exports folder (a crash or a kill mid-export).
 * Only names this app gives its temporary files are touched, only in `dir` (never a folder Save-As chose), and never
 * one whose writer process still runs (the CLI or browser mode may be exporting into the same folder right now).
 */
export async function removeStalePartials(
  dir: string,
  alive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    // An export set's staging folder (see file-set.ts) is removed whole, like a temporary file.
    const stage = OWN_STAGE_NAME.exec(name);
    if (stage !== null) return !alive(Number(stage[1]));
    const match = OWN_PARTIAL_NAME.exec(name);
    return match !== null && !alive(Number(match[2]));
  });
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true, recursive: true })));
  return stale;
}

export async function exportRunToFile(
  sqlite: Sqlite,
  runId: string,
  path: string,
  format: ExportFormat,
  options: WriteOptions & { tempPath?: string } = {},
): Promise<WriteResult> {
  // A failed export never leaves half a file where the person asked for the whole one.
  const temp = options.tempPath ?? partialPathFor(path);
  const out = createWriteStream(temp);
  // The failure is reported through the awaited write; this listener only keeps a late 'error' from being unhandled.
  out.on('error', () => undefined);
  try {
    // Opened before the first row is read: a folder that cannot be written fails at once, and the file exists from here.
    await once(out, 'ready');
    const result =
      format === 'jsonl'
        ? await writeRun(sqlite, runId, out, JSONL_FORMAT, options)
        : await writeRun(sqlite, runId, out, CSV_FORMAT, options);
    await rename(temp, path);
    return result;
  } catch (error) {
    // Wait for the stream to let go of the file (it may still be opening it), then remove it: never leave a partial.
    await new Promise<void>((done) => (out.closed ? done() : out.once('close', () => done()).destroy()));
    await rm(temp, { force: true }).catch(() => undefined);
    // SQLite's own failure (a damaged page, say) is about the database, not the file: the route puts it in words.
    if (errnoCode(error)?.startsWith('SQLITE_')) throw error;
    throw fsErrorToAppError(error, 'write the export', path);
  }
}
