/** Routes `data.*`: the data folder itself — copies of the database ("Back up data…") and the list of those kept. */
import { defineRoute, emptyInput } from './define-route';

/** One copy of the database in the data folder's `backups/`. */
export interface BackupInfo {
  path: string;
  /** Asked for ("Back up data…", CLI `backup`), or made before a migration or a restore. */
  kind: 'manual' | 'before-migration' | 'before-restore';
  bytes: number;
  createdAt: string;
}

export const dataRoutes = {
  /** A consistent copy of the database now (runs may be executing), checked, into `backups/`; the last 5 are kept. */
  'data.backup': defineRoute<BackupInfo>()(emptyInput),
  /** The copies kept, newest first, and the folder holding them. */
  'data.backups': defineRoute<{ folder: string; backups: BackupInfo[] }>()(emptyInput),
} as const;
