/** One shape for every piece of data fetched from the core — data, error, loading, stale — and one way to fetch it, so pages treat loading and failure the same everywhere. */
import { toApiError, type ApiError } from '../api/errors';

export interface Loadable<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** True when the last refresh failed but older data is still on screen. */
  stale: boolean;
  /** When data last arrived (ms since epoch), or null if it never has. */
  fetchedAt: number | null;
}

export function idle<T>(): Loadable<T> {
  return { data: null, error: null, loading: false, stale: false, fetchedAt: null };
}

const latestRequest = new Map<string, number>();
let requestCounter = 0;

/**
 * Fetches into a Loadable slot. Responses that arrive after a newer request for the same key are dropped, so a slow
 * poll can never overwrite fresher data. Returns the data, or null when the fetch failed or was superseded.
 */
export async function loadInto<T>(
  key: string,
  read: () => Loadable<T> | undefined,
  write: (next: Loadable<T>) => void,
  fetcher: () => Promise<T>,
): Promise<T | null> {
  const ticket = ++requestCounter;
  latestRequest.set(key, ticket);
  write({ ...(read() ?? idle<T>()), loading: true });
  try {
    const data = await fetcher();
    if (latestRequest.get(key) !== ticket) return null;
    write({ data, error: null, loading: false, stale: false, fetchedAt: Date.now() });
    return data;
  } catch (thrown) {
    if (latestRequest.get(key) !== ticket) return null;
    const previous = read() ?? idle<T>();
    write({ ...previous, error: toApiError(thrown), loading: false, stale: previous.data !== null });
    return null;
  }
}
