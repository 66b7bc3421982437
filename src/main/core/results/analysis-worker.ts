/**
 * The piscina worker that computes an analysis off the main thread for large runs: its own read-only SQLite
 * connection (so neither the scheduler nor the UI waits on it), the same store reads and the same pure analysis.
 */
import type Database from 'better-sqlite3';
import { openReadOnlyConnection } from '../db/read-only';
import { AppError } from '../../../shared/errors';
import { withReadSnapshot } from '../store/sql';
import { AnalysisInputCache, runAnalysis, type AnalysisRequest, type AnalysisResult } from './analysis';

export interface AnalysisTask {
  databasePath: string;
  nativeBinding?: string;
  request: AnalysisRequest;
}

/** Errors cross the thread boundary as plain objects, so the code survives and main can rethrow an AppError. */
export type AnalysisTaskOutcome = { ok: true; result: AnalysisResult } | { ok: false; code: string; message: string };

/** This thread's recent inputs: the worker serves one database, and a page asks for three analyses of one run. */
const cache = new AnalysisInputCache();

export default async function runAnalysisTask(task: AnalysisTask): Promise<AnalysisTaskOutcome> {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = openReadOnlyConnection(task.databasePath, task.nativeBinding);
    const connection = sqlite;
    // Every read of the analysis (runs, decision counts, scenarios) from one snapshot of the database.
    const result = await withReadSnapshot(connection, async () => runAnalysis(connection, task.request, cache));
    return { ok: true, result };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'INTERNAL', message: (error as Error).message };
  } finally {
    sqlite?.close();
  }
}
