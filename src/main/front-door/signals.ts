/**
 * Ctrl-C and SIGTERM for the processes that execute jobs (CLI `wait`/`run --wait`, browser mode): the first signal
 * stops claiming and gives requests in flight a grace period, the second stops at once; what is still running then is
 * handed back to the queue. Also the end of the process: output is flushed before it exits, so a pipe gets every line.
 */

/** How long requests in flight may finish after the first Ctrl-C. */
export const INTERRUPT_GRACE_MS = 10_000;

export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`Interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** 130 after SIGINT, 143 after SIGTERM, 141 after a closed output pipe: the shell's "ended by this signal". */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  if (signal === 'SIGPIPE') return 141;
  return signal === 'SIGTERM' ? 143 : 130;
}

export class Interrupts {
  /** The first signal received, once there was one. */
  requested: NodeJS.Signals | null = null;
  /** Resolves on the second signal: stop waiting for requests in flight. */
  readonly immediate: Promise<void>;
  private cutShort: () => void = () => undefined;
  private armed = false;
  private readonly listener = (signal: NodeJS.Signals): void => this.receive(signal);

  constructor(
    private readonly source: SignalSource,
    private readonly options: {
      err: (line: string) => void;
      /** Called on a signal while nothing is executing: leave now, the default behaviour of Ctrl-C. */
      exitNow: (code: number) => void;
      graceMs?: number;
    },
  ) {
    this.immediate = new Promise<void>((resolve) => (this.cutShort = resolve));
    source.on('SIGINT', this.listener);
    source.on('SIGTERM', this.listener);
  }

  get graceMs(): number {
    return this.options.graceMs ?? INTERRUPT_GRACE_MS;
  }

  /** From now on a signal asks for a graceful stop (jobs are executing here) instead of leaving at once. */
  arm(): void {
    this.armed = true;
  }

  dispose(): void {
    this.source.off('SIGINT', this.listener);
    this.source.off('SIGTERM', this.listener);
  }

  /**
   * The output's reader went away (EPIPE): stop as a Ctrl-C pressed twice would, without a word (there is no one to
   * read it): leave now when nothing executes here, else hand the jobs in flight back to the queue at once.
   */
  streamClosed(): void {
    if (!this.armed) {
      this.options.exitNow(exitCodeForSignal('SIGPIPE'));
      return;
    }
    this.requested ??= 'SIGPIPE';
    this.cutShort();
  }

  private receive(signal: NodeJS.Signals): void {
    if (!this.armed) {
      this.options.exitNow(exitCodeForSignal(signal));
      return;
    }
    if (this.requested === null) {
      this.requested = signal;
      this.options.err(
        `Stopping: no new jobs; requests in flight get up to ${Math.round(this.graceMs / 1000)} s to finish ` +
          '(press Ctrl-C again to stop at once). Unfinished jobs go back to the queue; continue later with "wait".',
      );
      return;
    }
    this.options.err('Stopping now: unfinished jobs go back to the queue.');
    this.cutShort();
  }
}

/** Resolves once everything written so far to `stream` has been handed to the OS (the pipe, file or terminal). */
export function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    // A stream whose reader went away takes nothing more: there is nothing to wait for.
    if (!stream.writable || ('destroyed' in stream && stream.destroyed === true)) return resolve();
    stream.write('', () => resolve());
  });
}
