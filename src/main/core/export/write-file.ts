/** Writes one export file atomically: into a temporary file beside the target, renamed into place only when complete. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import type { ExportFormat } from '../../../shared/export';
import { AppError } from '../../../shared/errors';
import { writeRunCsv, type WriteOptions, type WriteResult } from './csv';
import { writeRunJsonl } from './jsonl';

export async function exportRunToFile(
  sqlite: Database.Database,
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
        ? await writeRunJsonl(sqlite, runId, out, options)
        : await writeRunCsv(sqlite, runId, out, options);
    await rename(temp, path);
    return result;
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('EXPORT_FAILED', `Could not write ${path}: ${(error as Error).message}`);
  }
}
