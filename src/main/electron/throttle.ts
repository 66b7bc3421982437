/**
 * Per-key throttling for events pushed to the renderer: a fast run finishes hundreds of jobs a second, and one IPC
 * message per job would flood the renderer for nothing (it refreshes at most once a second). The first event for a
 * key goes out at once, later ones within `ms` collapse into one trailing event, so the last state is never lost.
 */
export function throttleByKey(send: (key: string) => void, ms: number): (key: string) => void {
  const last = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();
  return (key) => {
    if (pending.has(key)) return;
    const wait = (last.get(key) ?? -Infinity) + ms - Date.now();
    if (wait <= 0) {
      last.set(key, Date.now());
      send(key);
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(key);
      last.set(key, Date.now());
      send(key);
    }, wait);
    timer.unref?.();
    pending.set(key, timer);
  };
}
