/**
 * How the CLI opens the data folder and what its exit code says when it cannot: reading commands open read-only when
 * the folder or the database file is not writable, and each kind of unusable data folder has its own exit code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { DATABASE_FILE, isWritable } from '../core';
import { DEFINITION_READ_SUBCOMMANDS } from './commands/definitions-edit';

/** Commands that never write a row: they work on read-only data. */
export const READ_ONLY_COMMANDS = new Set(['runs', 'status', 'results', 'compare', 'export']);
/** Subcommands of `runs` that write (bare `runs` lists). */
export const RUNS_WRITE_SUBCOMMANDS = new Set(['rename', 'notes', 'archive', 'unarchive', 'delete']);
/** Subcommands of `definitions` that only read. */
const READ_ONLY_DEFINITIONS = new Set(['list', 'scenarios', ...DEFINITION_READ_SUBCOMMANDS]);

/** Exit codes beyond 0 (done), 1 (error), 2 (run ended with failures), 3 (paused) and 64 (usage). */
export const EXIT = {
  /** The data folder cannot be used: written by a newer version, damaged, or read-only for a writing command. */
  DATA_UNUSABLE: 4,
  /** The Python worker cannot start (or keeps crashing) and did not come back in time. */
  WORKER_UNAVAILABLE: 5,
  /** `run` refused: the estimated cost is over the threshold set in Settings and --yes was not given. */
  COST_NOT_CONFIRMED: 6,
  /** `run` refused: a provider's last health check rejected its key or could not reach it; --ignore-health overrides. */
  PROVIDER_UNHEALTHY: 7,
  /** `runs delete` refused: it shows what would go and deletes only with --yes. */
  DELETE_NOT_CONFIRMED: 8,
} as const;

/** True when `command` only reads and the data folder (or its database file) cannot be written by this process. */
export function shouldOpenReadOnly(command: string, dataDir: string, sub?: string): boolean {
  const reads =
    (READ_ONLY_COMMANDS.has(command) && !(command === 'runs' && RUNS_WRITE_SUBCOMMANDS.has(sub ?? ''))) ||
    (command === 'definitions' && READ_ONLY_DEFINITIONS.has(sub ?? '')) ||
    (command === 'transcripts' && sub !== undefined && sub !== 'override');
  if (!reads || !existsSync(dataDir)) return false;
  const file = join(dataDir, DATABASE_FILE);
  return !isWritable(dataDir) || (existsSync(file) && !isWritable(file));
}

export function exitCodeForError(error: unknown): number {
  if (!(error instanceof AppError)) return 1;
  switch (error.code) {
    case 'DATABASE_TOO_NEW':
    case 'DATABASE_CORRUPT':
    case 'DATABASE_READ_ONLY':
    case 'DATA_FOLDER_MISSING':
      return EXIT.DATA_UNUSABLE;
    case 'WORKER_UNAVAILABLE':
      return EXIT.WORKER_UNAVAILABLE;
    case 'PROVIDER_UNHEALTHY':
      return EXIT.PROVIDER_UNHEALTHY;
    case 'COST_NOT_CONFIRMED':
      return EXIT.COST_NOT_CONFIRMED;
    default:
      return 1;
  }
}
