/** The data folder as pages use it: the copies kept, "Back up data…", restore, and "Move data folder…". */
import type { RouteName } from '@shared/ipc';
import { ROUTE_EFFECTS } from '@shared/ipc/effects';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useResourceStore } from '../hooks/useResourceStore';
import { useChecking } from '../stores/checking';
import { useNotices } from '../stores/notices';
import { isDesktop } from './export';
import { useRoute, type RouteResult } from '../hooks/useRoute';

export function useBackups(): RouteResult<'data.backups'> {
  return useRoute('data.backups', {});
}

/** Makes a checked copy of the database now; the list of copies is read again. */
export function useBackUpData(): Mutation<'data.backup'> {
  return useMutation('data.backup', { refreshes: ['data.backups'] });
}

/** Every route: after a switch of data folder, no answer the page holds is the new folder's. */
const EVERY_ROUTE = Object.keys(ROUTE_EFFECTS) as RouteName[];

/**
 * Copies the data folder to an empty or new folder, checks the copy, and points the app at it. When the app already
 * uses it (browser mode switches in place), everything is read again and the client state of the old folder goes.
 */
export function useMoveDataFolder(): Mutation<'data.move'> {
  const store = useResourceStore();
  return useMutation('data.move', {
    put(moved) {
      if (moved.switched !== 'now') return;
      useNotices.getState().dismissImport();
      useChecking.setState({ checking: [] });
      void store.getState().refresh(EVERY_ROUTE);
    },
  });
}

/** The desktop app's folder chooser ("Choose…"); browser mode has none and the folder is typed. */
export function useFolderChooser(): Mutation<'data.chooseFolder'> & { available: boolean } {
  return { ...useMutation('data.chooseFolder'), available: isDesktop };
}

/** Restores a listed backup: a safety copy now, the backup put in place at the next start (the desktop app restarts). */
export function useRestoreBackup(): Mutation<'data.restore'> {
  return useMutation('data.restore', { refreshes: ['data.backups'] });
}
