/**
 * The CLI's two output streams, written so that a reader who went away (`cli runs | head -1`, `… 2>&1 | head`) ends
 * the process quietly: the first write error on either stream (EPIPE) closes both for good, so nothing — not even the
 * last-resort error guard — writes to a closed stream again, and the process is told once to stop as a Ctrl-C would.
 */

export interface OutputStream {
  write(chunk: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /** True once either stream failed: nothing is written any more. */
  readonly closed: boolean;
}

/** True for the errors a write to a pipe or terminal whose reader is gone raises. */
export function isClosedStreamError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

export function createCliOutput(
  streams: { stdout: OutputStream; stderr: OutputStream },
  onClosed: () => void,
): CliOutput {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    onClosed();
  };
  // Any error on an output stream means its reader is gone (or the stream is unusable): stop writing to both.
  streams.stdout.on('error', close);
  streams.stderr.on('error', close);
  const writer =
    (stream: OutputStream) =>
    (line: string): void => {
      if (closed) return;
      try {
        stream.write(line + '\n');
      } catch {
        close();
      }
    };
  return {
    out: writer(streams.stdout),
    err: writer(streams.stderr),
    get closed() {
      return closed;
    },
  };
}
