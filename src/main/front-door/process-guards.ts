/**
 * The last line of defence for the CLI and browser mode: an unhandled rejection or uncaught exception is always
 * logged (never swallowed), and the process stays up where that is safe — a rejected promise nobody awaited, or a
 * write SQLite refused for lack of room (its transaction rolled back, nothing is half-done). Anything else exits 1.
 */
import { isStorageFailure } from '../core';

export interface ProcessLike {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

export function installProcessGuards(
  target: ProcessLike,
  options: { err: (line: string) => void; exit: (code: number) => void; name: string },
): void {
  target.on('unhandledRejection', (reason) => {
    options.err(`${options.name}: unhandled rejection (the process carries on): ${describe(reason)}`);
  });
  target.on('uncaughtException', (error) => {
    if (isStorageFailure(error)) {
      options.err(`${options.name}: a write failed for lack of room (the process carries on): ${describe(error)}`);
      return;
    }
    options.err(`${options.name}: uncaught exception, stopping: ${describe(error)}`);
    options.exit(1);
  });
}
