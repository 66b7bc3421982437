/**
 * The IPC channel names, push events and the bridge the preload exposes. Free of zod and of every other import, so
 * the sandboxed preload can bundle it without pulling in the route schemas.
 */

/** ipcRenderer.invoke(INVOKE_CHANNEL, route, input) → the dispatch envelope. */
export const INVOKE_CHANNEL = 'valuerank:invoke';
/** webContents.send(EVENT_CHANNEL, eventName, payload) for push events. */
export const EVENT_CHANNEL = 'valuerank:event';

/** Events main pushes to listeners (Electron webContents; browser mode via polling only). */
export interface Events {
  'run.progress': { runId: string };
}
export type EventName = keyof Events;

/** The API the preload exposes on `window.valuerank` in Electron. */
export interface Bridge {
  invoke(route: string, input: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
