/**
 * The desktop app's part of "Move data folder…": the native folder chooser (it can create the folder, as the move
 * wants an empty or new one) and what the shell does once a move or a restore has answered. The userData folder is
 * also Chromium's profile and the single-instance lock's scope, neither of which can change under a running app, so a
 * move the pointer records ends in a relaunch, like a restore; the old folder stays as it was. Pure apart from the
 * dialog, which is injected, so all of it is tested in Node.
 */
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { MoveResult } from '../../shared/ipc/data';
import type { Envelope } from '../../shared/errors';
import { ROUTE_EFFECTS } from '../../shared/ipc';
import { assertMovedDataPresent, movedDataDir, switchedNote, type ChooseFolder, type Dispatch } from '../core';
import { MOVE_COPYING_REFUSAL, MOVE_UNDER_WAY_REFUSAL } from '../front-door/switchable-core';

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

/** The folder chooser the core's data.chooseFolder route calls: a new folder can be made in it; cancel is null. */
export function folderChooser(show: ShowOpenDialog, defaultPath: string): ChooseFolder {
  return async ({ title }) => {
    const picked = await show({
      title,
      defaultPath,
      buttonLabel: 'Choose',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };
}

/** Seconds the answer stays on screen before the app restarts on the moved or restored data. */
export const RELAUNCH_DELAY_MS = 3000;

/**
 * After a route answers: a staged restore, or a move the pointer records, relaunches the app (through the ordinary
 * quit, which asks while runs execute); the move's note says so. Anything else passes unchanged.
 */
export function afterRoute(route: string, result: Envelope<unknown>): { result: Envelope<unknown>; relaunch: boolean } {
  if (!result.ok) return { result, relaunch: false };
  if (route === 'data.restore') return { result, relaunch: true };
  if (route !== 'data.move') return { result, relaunch: false };
  const moved = result.value as MoveResult;
  if (moved.pointer === null) return { result, relaunch: false };
  return { result: { ok: true, value: switchedNote(moved, 'relaunch') }, relaunch: true };
}

const RELAUNCHING =
  'ValueRank Desktop is restarting to open the moved data folder: nothing can be changed until it has.';

/**
 * The window's requests around a move: while the copy is made, and from a recorded move until the relaunch, a change
 * would go to the old folder and be missing from the new one, so every route that writes is refused with a sentence
 * (reads go on), and a second move waits for nothing: it is refused too.
 */
export class MoveGate {
  private phase: 'idle' | 'copying' | 'relaunching' = 'idle';

  /** The answer that refuses `route` now, or null to let it through. */
  refusal(route: string): Envelope<unknown> | null {
    if (this.phase === 'idle') return null;
    if (route === 'data.move') return refuse(MOVE_UNDER_WAY_REFUSAL);
    if (ROUTE_EFFECTS[route as keyof typeof ROUTE_EFFECTS] !== 'write') return null;
    return refuse(this.phase === 'copying' ? MOVE_COPYING_REFUSAL : RELAUNCHING);
  }

  /**
   * The same refusals around another caller of the core (the menu's Import and Export): a change made while the copy
   * is made would stay behind in the old folder.
   */
  gate(dispatch: Dispatch): Dispatch {
    return async (route, input) => this.refusal(route) ?? dispatch(route, input);
  }

  /** Calls the route (refused as above) and says whether the app now relaunches (afterRoute). */
  async call(
    route: string,
    dispatch: () => Promise<Envelope<unknown>>,
  ): Promise<{ result: Envelope<unknown>; relaunch: boolean }> {
    const refused = this.refusal(route);
    if (refused) return { result: refused, relaunch: false };
    if (route === 'data.move') this.phase = 'copying';
    try {
      const answered = afterRoute(route, await dispatch());
      if (route === 'data.move' && answered.relaunch) this.phase = 'relaunching';
      return answered;
    } finally {
      if (this.phase === 'copying') this.phase = 'idle';
    }
  }
}

function refuse(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'VALIDATION', message } };
}

/**
 * The folder the desktop app opens: the home data folder (Electron's userData), or where "Move data folder…" put the
 * data. A moved folder that holds no data now (an unplugged drive) is not opened: `missing` says why, and the shell
 * shows it and quits instead of starting empty.
 */
export function desktopDataDir(home: string): { dir: string; missing: Error | null } {
  const moved = movedDataDir(home);
  if (!moved) return { dir: home, missing: null };
  try {
    assertMovedDataPresent(home, moved);
    return { dir: moved, missing: null };
  } catch (error) {
    return { dir: home, missing: error as Error };
  }
}
