/**
 * A core that can change data folders without restarting the process (browser mode's server): "Move data folder…"
 * goes through it, and once the copy is checked and the pointer names it, the old core is closed (workers, database)
 * and a new one opened on the new folder; requests keep their one address throughout.
 *
 * Safe by construction: the move itself refuses while a run is queued or executing, and while it copies, every route
 * that writes is refused with a sentence (a write then would be missing from the copy); reads go on. For the switch,
 * new requests wait, requests in flight finish, then the cores are exchanged. If the new folder cannot be opened, the
 * pointer names the old folder again and the old folder is opened again: the app never ends up on no folder.
 */
import { dirname } from 'node:path';
import type { Envelope } from '../../shared/errors';
import { ROUTE_EFFECTS } from '../../shared/ipc';
import type { MoveResult } from '../../shared/ipc/data';
import { switchedNote, writeDataFolderPointer, type Core, type CoreEvents, type Logger } from '../core';

export interface SwitchableCoreOptions {
  first: Core;
  dataDir: string;
  /** Opens a core on a data folder (the front door's own createCore call). */
  open(dataDir: string): Promise<Core>;
  logger: Logger;
}

export interface SwitchableCore extends Core {
  /** The data folder in use now. */
  dataDir(): string;
}

/** What a change asked for while the data folder is copied is answered (here and in the desktop shell). */
export const MOVE_COPYING_REFUSAL =
  'The data folder is being copied to its new place: nothing can be changed until the copy is checked. ' +
  'Try again in a moment.';
/** What a second move asked for during a move is answered. */
export const MOVE_UNDER_WAY_REFUSAL = 'The data folder is already being moved: wait for that move to finish.';

export function switchableCore(options: SwitchableCoreOptions): SwitchableCore {
  let current = options.first;
  let dataDir = options.dataDir;
  let moving = false;
  let switching: Promise<void> | null = null;
  const inFlight = new Set<Promise<unknown>>();
  interface Subscription {
    subscribe: (core: Core) => () => void;
    unsubscribe: () => void;
  }
  const subscriptions = new Set<Subscription>();
  const logger = options.logger.child({ component: 'data-folder' });

  async function forward(route: string, input: unknown): Promise<Envelope<unknown>> {
    while (switching) await switching;
    const call = current.dispatch(route, input);
    inFlight.add(call);
    try {
      return await call;
    } finally {
      inFlight.delete(call);
    }
  }

  async function exchange(to: string): Promise<void> {
    await Promise.allSettled([...inFlight]);
    await current.close({ graceMs: 1000 });
    current = await options.open(to);
    dataDir = to;
    for (const subscription of subscriptions) subscription.unsubscribe = subscription.subscribe(current);
  }

  async function move(input: unknown): Promise<Envelope<unknown>> {
    if (moving) return refusal(MOVE_UNDER_WAY_REFUSAL);
    moving = true;
    try {
      const result = await forward('data.move', input);
      if (!result.ok) return result;
      const moved = result.value as MoveResult;
      // --data-dir or VALUERANK_DATA_DIR chose this folder: the next start would not open the new one, so neither does this.
      if (moved.pointer === null) return { ok: true, value: switchedNote(moved, 'next-start') };
      const from = dataDir;
      const pointer = moved.pointer;
      let failure: Error | null = null;
      switching = exchange(moved.to).catch(async (error: unknown) => {
        failure = error as Error;
        logger.error('the moved data folder could not be opened: going back to the old one', { to: moved.to, error });
        writeDataFolderPointer(dirname(pointer), from);
        current = await options.open(from);
        dataDir = from;
        for (const subscription of subscriptions) subscription.unsubscribe = subscription.subscribe(current);
      });
      try {
        await switching;
      } finally {
        switching = null;
      }
      if (failure) {
        return refusal(
          `The copy in ${moved.to} was checked, but could not be opened (${(failure as Error).message}): ` +
            `the app goes on using ${from}, which was not changed. The copy is left as it is: delete it if you ` +
            'do not need it.',
          'INTERNAL',
        );
      }
      logger.info('now using the moved data folder', { from, to: moved.to });
      return { ok: true, value: switchedNote(moved, 'now') };
    } finally {
      moving = false;
    }
  }

  const events: CoreEvents = {
    on(event, listener) {
      const subscription: Subscription = {
        subscribe: (core: Core) => core.events.on(event, listener),
        unsubscribe: () => undefined,
      };
      subscription.unsubscribe = subscription.subscribe(current);
      subscriptions.add(subscription);
      return () => {
        subscription.unsubscribe();
        subscriptions.delete(subscription);
      };
    },
  };

  return {
    dataDir: () => dataDir,
    dispatch: (route, input) => {
      if (route === 'data.move') return move(input);
      if (moving && !switching && ROUTE_EFFECTS[route as keyof typeof ROUTE_EFFECTS] === 'write') {
        return Promise.resolve(refusal(MOVE_COPYING_REFUSAL));
      }
      return forward(route, input);
    },
    events,
    get internals() {
      return current.internals;
    },
    wake: () => current.wake(),
    async close(closeOptions) {
      while (switching) await switching;
      await current.close(closeOptions);
    },
  };
}

function refusal(message: string, code: 'VALIDATION' | 'INTERNAL' = 'VALIDATION'): Envelope<unknown> {
  return { ok: false, error: { code, message } };
}
