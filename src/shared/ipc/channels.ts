/**
 * The IPC channel names, push events and the bridge the preload exposes. Free of zod and of every other value import
 * (type imports are erased), so the sandboxed preload can bundle it without pulling in the route schemas.
 */
import type { Preferences } from '../preferences';

/** ipcRenderer.invoke(INVOKE_CHANNEL, route, input) → the dispatch envelope. */
export const INVOKE_CHANNEL = 'valuerank:invoke';
/** webContents.send(EVENT_CHANNEL, eventName, payload) for push events. */
export const EVENT_CHANNEL = 'valuerank:event';

/** Events main pushes to listeners (Electron webContents; browser mode via polling only). */
export interface Events {
  'run.progress': { runId: string };
  /** Settings were saved: every preference as it now stands (the Electron shell applies the sleep blocker, Python path). */
  'preferences.changed': Preferences;
}
export type EventName = keyof Events;

/** The API the preload exposes on `window.valuerank` in Electron. */
export interface Bridge {
  invoke(route: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
