/** Routes `data.*`: the data folder itself — copies of the database ("Back up data…") and the list of those kept. */
import { z } from 'zod';
import { defineRoute, emptyInput } from './define-route';

/** One copy of the database in the data folder's `backups/`. */
export interface BackupInfo {
  path: string;
  /** Asked for ("Back up data…", CLI `backup`), or made before a migration or a restore. */
  kind: 'manual' | 'before-migration' | 'before-restore';
  bytes: number;
  createdAt: string;
}

/** Where "Move data folder…" copied the data, what it holds, and what to do next. */
export interface MoveResult {
  from: string;
  to: string;
  counts: { definitions: number; runs: number; jobs: number; transcripts: number };
  /** The pointer file now naming `to` (null when VALUERANK_DATA_DIR chooses the folder instead). */
  pointer: string | null;
  note: string;
}

export const dataRoutes = {
  /** A consistent copy of the database now (runs may be executing), checked, into `backups/`; the last 5 are kept. */
  'data.backup': defineRoute<BackupInfo>()(emptyInput),
  /** The copies kept, newest first, and the folder holding them. */
  'data.backups': defineRoute<{ folder: string; backups: BackupInfo[] }>()(emptyInput),
  /** Copies the data folder into an empty or new folder, checks the copy, and points the app at it (restart). */
  'data.move': defineRoute<MoveResult>()(() => z.object({ destination: z.string().trim().min(1) }).strict()),
} as const;
