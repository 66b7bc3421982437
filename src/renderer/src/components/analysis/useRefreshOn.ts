/** Calls `reload` whenever `key` changes after the first render (the first fetch is useRoute's own). */
import { useEffect, useRef } from 'react';

export function useRefreshOn(key: number, reload: () => Promise<void>): void {
  const first = useRef(key);
  useEffect(() => {
    if (first.current === key) return;
    first.current = key;
    void reload();
  }, [key, reload]);
}
