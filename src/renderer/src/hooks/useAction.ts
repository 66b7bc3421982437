/** The busy / error / message trio every button that calls the core needs, written once. */
import { useCallback, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../api/errors';

export interface Action {
  busy: boolean;
  error: ApiError | null;
  message: string | null;
  /** Runs `work` unless one is already running; on success shows `done` (if given), on failure keeps the error. */
  run<T>(work: () => Promise<T>, done?: string | ((value: T) => string)): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(async <T>(work: () => Promise<T>, done?: string | ((value: T) => string)) => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const value = await work();
      if (done !== undefined) setMessage(typeof done === 'function' ? done(value) : done);
      return value;
    } catch (thrown) {
      setError(toApiError(thrown));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  const clear = useCallback(() => {
    setError(null);
    setMessage(null);
  }, []);

  return { busy, error, message, run, clear };
}
