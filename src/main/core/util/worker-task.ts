/**
 * The plumbing every piscina worker-thread task shares (the export and the analyses): finding the worker's file for
 * the way the code runs, starting a pool on first use, and carrying the task's outcome across the thread boundary as
 * a plain object so that an AppError's code survives and main rethrows it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Piscina } from 'piscina';
import { AppError, ERROR_CODES, type ErrorCode } from '../../../shared/errors';

/** What a task sends back: its result, or the error's code and message (errors do not cross threads intact). */
export type TaskOutcome<T> = { ok: true; result: T } | { ok: false; code: string; message: string };

/** Worker side: runs the task, turning any error into an outcome (`fallback` for an error that carries no code). */
export async function settleTask<T>(fallback: ErrorCode, work: () => Promise<T>): Promise<TaskOutcome<T>> {
  try {
    return { ok: true, result: await work() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    // SQLite's own code (a damaged or read-only database) goes across as it is, for main to put in words.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('SQLITE_'))
      return { ok: false, code, message: (error as Error).message };
    return { ok: false, code: fallback, message: (error as Error).message };
  }
}

/**
 * Main side: the task's result, or its error rethrown as an AppError (an unknown code becomes `fallback`); SQLite's own
 * code is rethrown as SQLite threw it, so the route answers a damaged or read-only database as it does on this thread.
 */
export function taskResult<T>(outcome: TaskOutcome<T>, fallback: ErrorCode): T {
  if (outcome.ok) return outcome.result;
  if (outcome.code.startsWith('SQLITE_')) throw Object.assign(new Error(outcome.message), { code: outcome.code });
  const known = (ERROR_CODES as readonly string[]).includes(outcome.code);
  throw new AppError(known ? (outcome.code as ErrorCode) : fallback, outcome.message);
}

export interface WorkerEntry {
  /** "export", "analysis": names the worker in the error when its file is missing. */
  what: string;
  /** The file beside the calling module under tsx/vitest: a shim that loads the TypeScript source. */
  devShim: string;
  /** The name electron.vite.config.ts gives the worker entry, emitted beside the main bundle. */
  bundleName: string;
  /** The code of the error when the built worker is missing. */
  missingCode: ErrorCode;
}

/** The worker's file for the way the code runs: the dev shim beside a .ts module, else the built entry. */
export function workerFile(entry: WorkerEntry, here: string): string {
  const dir = dirname(here);
  if (here.endsWith('.ts')) return join(dir, entry.devShim);
  // This code may sit in the main bundle or in a shared chunk one folder below it.
  const candidates = [join(dir, entry.bundleName), join(dir, '..', entry.bundleName)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new AppError(
      entry.missingCode,
      `The ${entry.what} worker is missing (looked for ${candidates.join(', ')}); rebuild the app.`,
    );
  }
  return found;
}

/** A pool of one thread for a worker file; piscina is loaded here, so a command that never uses it does not pay. */
export async function startWorkerPool(
  file: string,
  options: { minThreads: number; idleTimeout: number },
): Promise<Piscina> {
  const { Piscina } = await import('piscina');
  return new Piscina({ filename: pathToFileURL(file).href, maxThreads: 1, ...options });
}
