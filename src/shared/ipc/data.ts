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
  /**
   * How the app reaches `to`: it already uses it ('now', browser mode), restarts on it ('relaunch', the desktop app),
   * opens it at the next start ('next-start', the CLI), or only once --data-dir / VALUERANK_DATA_DIR name it ('manual').
   */
  switched: 'now' | 'relaunch' | 'next-start' | 'manual';
  note: string;
}

/** A restore asked for from Settings: checked and staged now, put in place when the app next starts. */
export interface RestoreRequest {
  /** The backup chosen (its path in `backups/`). */
  from: string;
  counts: { definitions: number; runs: number; jobs: number; transcripts: number };
  /** The copy of the data as it was when the restore was asked for. */
  safetyBackup: BackupInfo;
  /** Always true: the open database is replaced at the next start, before migrations. */
  restartRequired: true;
  note: string;
}

export const dataRoutes = {
  /** A consistent copy of the database now (runs may be executing), checked, into `backups/`; the last 5 are kept. */
  'data.backup': defineRoute<BackupInfo>()(emptyInput),
  /** The copies kept, newest first, and the folder holding them. */
  'data.backups': defineRoute<{ folder: string; backups: BackupInfo[] }>()(emptyInput),
  /** Copies the data folder into an empty or new folder, checks the copy, and points the app at it (see `switched`). */
  'data.move': defineRoute<MoveResult>()(() => z.object({ destination: z.string().trim().min(1) }).strict()),
  /** The desktop app's folder chooser (a native dialog that can create a folder); browser mode answers UNSUPPORTED. */
  'data.chooseFolder': defineRoute<{ path: string | null }>()(() =>
    z.object({ title: z.string().trim().min(1).max(200).optional() }).strict(),
  ),
  /** Restores one of the listed backups (by its file name or path): safety backup now, swap at the next start. */
  'data.restore': defineRoute<RestoreRequest>()(() => z.object({ file: z.string().trim().min(1) }).strict()),
} as const;
