/**
 * Runs analyses of large runs in a piscina worker thread, so a 100,000-transcript analysis never holds the main
 * thread (the scheduler's claims and the UI's polls). One pool, started on first use, its thread let go when idle.
 */
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { AppError } from '../../../shared/errors';
import { startWorkerPool, taskResult, workerFile } from '../util/worker-task';
import type { AnalysisRequest, AnalysisResult } from './analysis';
import type { AnalysisTask, AnalysisTaskOutcome } from './analysis-worker';

/** The name electron.vite.config.ts gives the worker entry, emitted beside the main bundle. */
export const ANALYSIS_WORKER_BUNDLE_NAME = 'analysis-worker.js';

export function analysisWorkerFile(here: string = fileURLToPath(import.meta.url)): string {
  return workerFile(
    {
      what: 'analysis',
      devShim: 'analysis-worker-dev.mjs',
      bundleName: ANALYSIS_WORKER_BUNDLE_NAME,
      missingCode: 'INTERNAL',
    },
    here,
  );
}

export class AnalysisWorker {
  private pool: Promise<Piscina> | null = null;

  constructor(private readonly options: { databasePath: string; nativeBinding?: string; workerFile?: string }) {}

  async run(request: AnalysisRequest): Promise<AnalysisResult> {
    // piscina is loaded on first use: a CLI command that never analyses does not pay for loading it at start-up.
    if (!this.pool) {
      // Kept warm between a page's three analyses, then let go so nothing lingers.
      this.pool = startWorkerPool(this.options.workerFile ?? analysisWorkerFile(), {
        minThreads: 0,
        idleTimeout: 30_000,
      });
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
    return taskResult(outcome, 'INTERNAL');
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await (await pool)?.destroy();
  }
}
