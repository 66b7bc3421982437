/** Writes one export file atomically: into a temporary file beside the target, renamed into place only when complete. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { ExportFormat } from '../../../shared/export';
import { AppError } from '../../../shared/errors';
import type { Sqlite } from '../store/sql';
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
  try {
    const result =
      format === 'jsonl'
        ? await writeRun(sqlite, runId, out, JSONL_FORMAT, options)
        : await writeRun(sqlite, runId, out, CSV_FORMAT, options);
    await rename(temp, path);
    return result;
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('EXPORT_FAILED', `Could not write ${path}: ${(error as Error).message}`);
  }
}
