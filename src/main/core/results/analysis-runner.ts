/**
 * Runs analyses of large runs in a piscina worker thread, so a 100,000-transcript analysis never holds the main
 * thread (the scheduler's claims and the UI's polls). One pool, started on first use, its thread let go when idle.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { AnalysisRequest, AnalysisResult } from './analysis';
import type { AnalysisTask, AnalysisTaskOutcome } from './analysis-worker';

/** The name electron.vite.config.ts gives the worker entry, emitted beside the main bundle. */
export const ANALYSIS_WORKER_BUNDLE_NAME = 'analysis-worker.js';

export function analysisWorkerFile(here: string = fileURLToPath(import.meta.url)): string {
  const dir = dirname(here);
  if (here.endsWith('.ts')) return join(dir, 'analysis-worker-dev.mjs');
  // This code may sit in the main bundle or in a shared chunk one folder below it.
  const candidates = [join(dir, ANALYSIS_WORKER_BUNDLE_NAME), join(dir, '..', ANALYSIS_WORKER_BUNDLE_NAME)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new AppError('INTERNAL', `The analysis worker is missing (looked for ${candidates.join(', ')}); rebuild.`);
  return found;
}

function toErrorCode(code: string): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

export class AnalysisWorker {
  private pool: Promise<Piscina> | null = null;

  constructor(private readonly options: { databasePath: string; nativeBinding?: string; workerFile?: string }) {}

  async run(request: AnalysisRequest): Promise<AnalysisResult> {
    // piscina is loaded on first use: a CLI command that never analyses does not pay for loading it at start-up.
    if (!this.pool) {
      const filename = pathToFileURL(this.options.workerFile ?? analysisWorkerFile()).href;
      this.pool = import('piscina').then(
        ({ Piscina }) =>
          new Piscina({
            filename,
            minThreads: 0,
            maxThreads: 1,
            // Kept warm between a page's three analyses, then let go so nothing lingers.
            idleTimeout: 30_000,
          }),
      );
    }
    const pool = await this.pool;
    const task: AnalysisTask = {
      databasePath: this.options.databasePath,
      request,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    };
    let outcome: AnalysisTaskOutcome;
    try {
      outcome = (await pool.run(task)) as AnalysisTaskOutcome;
    } catch (error) {
      throw new AppError('INTERNAL', `The analysis worker failed: ${(error as Error).message}`);
    }
    if (!outcome.ok) throw new AppError(toErrorCode(outcome.code), outcome.message);
    return outcome.result;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await (await pool)?.destroy();
  }
}
