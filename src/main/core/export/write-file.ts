/** Writes one export file atomically: into a temporary file beside the target, renamed into place only when complete. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ExportFormat } from '../../../shared/export';
import type { Sqlite } from '../store/sql';
import { fsErrorToAppError } from '../util/fs-errors';
import { CSV_FORMAT } from './csv';
import { writeRun, type WriteOptions, type WriteResult } from './format';
import { JSONL_FORMAT } from './jsonl';

export async function exportRunToFile(
  sqlite: Sqlite,
  runId: string,
  path: string,
  format: ExportFormat,
  options: WriteOptions = {},
): Promise<WriteResult> {
  // A failed export never leaves half a file where the person asked for the whole one.
  const temp = `${path}.partial-${process.pid}-${Date.now()}`;
  const out = createWriteStream(temp);
  // The failure is reported through the awaited write; this listener only keeps a late 'error' from being unhandled.
  out.on('error', () => undefined);
  try {
    const result =
      format === 'jsonl'
        ? await writeRun(sqlite, runId, out, JSONL_FORMAT, options)
        : await writeRun(sqlite, runId, out, CSV_FORMAT, options);
    await rename(temp, path);
    return result;
  } catch (error) {
    // Wait for the stream to let go of the file (it may still be opening it), then remove it: never leave a partial.
    await new Promise<void>((done) => (out.closed ? done() : out.once('close', () => done()).destroy()));
    await rm(temp, { force: true });
    throw fsErrorToAppError(error, 'write the export', path);
  }
}
