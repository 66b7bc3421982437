/** The data folder's backups as pages read them: the copies kept, and "Back up data…" (a copy now). */
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

export function useBackups(): RouteResult<'data.backups'> {
  return useRoute('data.backups', {});
}

/** Makes a checked copy of the database now; the list of copies is read again. */
export function useBackUpData(): Mutation<'data.backup'> {
  return useMutation('data.backup', { refreshes: ['data.backups'] });
}

/** Copies the data folder to an empty or new folder, checks the copy, and points the app at it from its next start. */
export function useMoveDataFolder(): Mutation<'data.move'> {
  return useMutation('data.move', { refreshes: [] });
}

/** Restores a listed backup: a safety copy now, the backup put in place at the next start (the desktop app restarts). */
export function useRestoreBackup(): Mutation<'data.restore'> {
  return useMutation('data.restore', { refreshes: ['data.backups'] });
}
