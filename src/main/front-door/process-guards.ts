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
  options: {
    err: (line: string) => void;
    exit: (code: number) => void;
    name: string;
    /** A write to a closed output stream (EPIPE) surfaced as an exception: stop quietly instead of reporting it. */
    streamClosed?: () => void;
    isClosedStreamError?: (error: unknown) => boolean;
  },
): void {
  let stopping = false;
  target.on('unhandledRejection', (reason) => {
    options.err(`${options.name}: unhandled rejection (the process carries on): ${describe(reason)}`);
  });
  target.on('uncaughtException', (error) => {
    if (options.streamClosed && options.isClosedStreamError?.(error)) {
      options.streamClosed();
      return;
    }
    // Already on the way out: a second failure (say, while reporting the first) must not start another round.
    if (stopping) return;
    if (isStorageFailure(error)) {
      options.err(`${options.name}: a write failed for lack of room (the process carries on): ${describe(error)}`);
      return;
    }
    stopping = true;
    options.err(`${options.name}: uncaught exception, stopping: ${describe(error)}`);
    options.exit(1);
  });
}
