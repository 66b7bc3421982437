/** Fetches again whenever `version` changes after the first render (the first fetch is the read hook's own). */
import { useEffect, useRef } from 'react';

export function useRefreshOn(version: unknown, reload: () => Promise<void>): void {
  const first = useRef(version);
  useEffect(() => {
    if (Object.is(first.current, version)) return;
    first.current = version;
    void reload();
  }, [version, reload]);
}
