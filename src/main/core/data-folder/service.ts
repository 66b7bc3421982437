/**
 * The data folder as a whole, for the front doors: copies of the database made while the app runs, the list of those
 * kept, and a restore (done with the database closed: the CLI's `restore FILE`).
 */
import { rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { BackupInfo, MoveResult, RestoreRequest } from '../../../shared/ipc/data';
import { defaultDataDir, homeDataDir } from '../paths';
import { moveDataFolder } from './move';
import { AppError } from '../../../shared/errors';
import { appliedMigrations, backupDatabase, backupsDir, inspectDatabaseFile, listBackups } from '../db/backup';
import { bundledMigrations, DATABASE_FILE } from '../db/open';
import { checkRestorable, restoreDatabase, type RestoreResult } from '../db/restore';
import { stagePendingRestore } from '../db/restore-pending';

export interface DataFolderService {
  /** A copy of the database now, into `backups/`, checked before it is reported. */
  backup(): Promise<BackupInfo>;
  backups(): { folder: string; backups: BackupInfo[] };
  /** Copies the data folder to an empty or new folder, checks it, and points the app there (data-folder/move.ts). */
  move(destination: string): Promise<MoveResult>;
  /** Checks a listed backup, copies the data now (safety backup) and stages the backup for the next start. */
  requestRestore(file: string): Promise<RestoreRequest>;
}

export function createDataFolderService(deps: {
  sqlite: Database.Database;
  dataDir: string;
  nativeBinding?: string;
  /** The environment the data folder was chosen from (VALUERANK_DATA_DIR, XDG_CONFIG_HOME, APPDATA). */
  env: Record<string, string | undefined>;
  /** Free bytes on the disk holding a folder (statfs); tests give a small disk's answer. */
  freeBytes?: (dir: string) => number;
}): DataFolderService {
  // A pointer in the home folder is read only when no --data-dir or VALUERANK_DATA_DIR chose another folder.
  const chosenByDefault = resolve(deps.dataDir) === resolve(defaultDataDir(deps.env));
  return {
    async backup() {
      const made = await backupDatabase(deps.sqlite, deps.dataDir, 'manual');
      const { integrity } = inspectDatabaseFile(made.path, deps.nativeBinding);
      if (integrity !== 'ok') {
        throw new AppError('DATABASE_CORRUPT', `The copy at ${made.path} failed SQLite's check (${integrity}).`, {
          path: made.path,
        });
      }
      return made;
    },
    backups: () => ({ folder: backupsDir(deps.dataDir), backups: listBackups(deps.dataDir) }),
    move: (destination) =>
      moveDataFolder(
        {
          sqlite: deps.sqlite,
          dataDir: deps.dataDir,
          home: chosenByDefault ? homeDataDir(deps.env) : null,
          ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
          ...(deps.freeBytes ? { freeBytes: deps.freeBytes } : {}),
        },
        destination,
      ),
    async requestRestore(file) {
      // Only a file listed in backups/, named by its file name or its full path: no other path is ever read.
      const chosen = listBackups(deps.dataDir).find((entry) => entry.path === file || basename(entry.path) === file);
      if (!chosen) {
        throw new AppError('NOT_FOUND', `"${file}" is not one of the backups in ${backupsDir(deps.dataDir)}.`, {
          file,
        });
      }
      // The open database has every migration this build knows: a copy with another one is from a newer build.
      const { counts } = checkRestorable(chosen.path, appliedMigrations(deps.sqlite), deps.nativeBinding);
      // Staged before the safety backup, whose pruning of old before-restore copies could remove the chosen one.
      const staged = stagePendingRestore(deps.dataDir, chosen.path);
      let safetyBackup: BackupInfo;
      try {
        safetyBackup = await backupDatabase(deps.sqlite, deps.dataDir, 'before-restore');
      } catch (error) {
        rmSync(staged, { force: true });
        throw error;
      }
      return {
        from: chosen.path,
        counts,
        safetyBackup,
        restartRequired: true,
        note:
          `The data as it was is kept at ${safetyBackup.path}. The backup goes in place at the next start of ` +
          'ValueRank Desktop (the open database cannot be swapped while runs and workers use it).',
      };
    },
  };
}

/** Puts a copy back as the data folder's database (nothing may have it open); the current one is kept in backups/. */
export function restoreDataFolder(options: {
  dataDir: string;
  from: string;
  migrationsDir: string;
  nativeBinding?: string;
}): Promise<RestoreResult> {
  return restoreDatabase({
    dataDir: options.dataDir,
    path: join(options.dataDir, DATABASE_FILE),
    from: options.from,
    knownMigrations: bundledMigrations(options.migrationsDir).map((entry) => entry.when),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
}
