/**
 * "Move data folder…": the destination is checked first (data-folder/target.ts: not the folder itself or inside it,
 * empty or new, writable, with room), then the database is copied with SQLite's online backup, with the keys, exports
 * and backups beside it; the copy is checked (integrity_check, the same row counts as the original), and only then
 * does the pointer in the home data folder name the new place (written atomically: data-folder/pointer.ts). The old
 * folder's files are never changed: the researcher deletes it when ready. A failed move removes only what it created.
 * Switching to the new folder is the front door's (front-door/switchable-core.ts in browser mode, a relaunch in the
 * desktop app); the note says which happened.
 */
import { chmodSync, copyFileSync, cpSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { MoveResult } from '../../../shared/ipc/data';
import { AppError } from '../../../shared/errors';
import { copyDatabase, inspectDatabaseFile } from '../db/backup';
import { DATABASE_FILE } from '../db/open';
import { activeRunCount } from '../store/data-folder';
import { freeBytesAt } from '../util/disk';
import { writeDataFolderPointer } from './pointer';
import { checkMoveTarget, createTarget, dataFolderBytes } from './target';

/**
 * Files and folders of a data folder that move with the database (logs stay with the old folder). The browser-mode
 * session file moves too, so its address (and bookmarks) stay valid.
 */
const FILES = ['secrets.json', 'secrets.enc.json', 'window-state.json', 'browser-session.json'];
const FOLDERS = ['exports', 'backups'];

export interface MoveDeps {
  sqlite: Database.Database;
  dataDir: string;
  /**
   * The home data folder, where the pointer to a moved folder is kept; null when this folder was chosen by
   * --data-dir or VALUERANK_DATA_DIR (a pointer would not be read: that choice must name the new folder).
   */
  home: string | null;
  nativeBinding?: string;
  /** Free bytes on the disk holding a folder (statfs); tests give a small disk's answer. */
  freeBytes?: (dir: string) => number;
}

export async function moveDataFolder(deps: MoveDeps, destination: string): Promise<MoveResult> {
  const from = resolve(deps.dataDir);
  const to = resolve(destination);
  const bytes = dataFolderBytes(from, [DATABASE_FILE, `${DATABASE_FILE}-wal`, ...FILES, ...FOLDERS]);
  checkMoveTarget({ from, to, bytes, freeBytes: deps.freeBytes ?? freeBytesAt });
  const active = activeRunCount(deps.sqlite);
  if (active > 0) {
    throw new AppError(
      'VALIDATION',
      `${active} run${active === 1 ? ' is' : 's are'} queued or executing: pause ${active === 1 ? 'it' : 'them'} or ` +
        'let them finish, then move the data folder (nothing was copied).',
      { active },
    );
  }
  const undo = createTarget(to);
  try {
    await copyDatabase(deps.sqlite, join(to, DATABASE_FILE));
    for (const name of FILES) {
      if (!existsSync(join(from, name))) continue;
      copyFileSync(join(from, name), join(to, name));
      if (process.platform !== 'win32') chmodSync(join(to, name), 0o600);
    }
    for (const name of FOLDERS) {
      if (existsSync(join(from, name))) cpSync(join(from, name), join(to, name), { recursive: true });
    }
    const original = inspectDatabaseFile(join(from, DATABASE_FILE), deps.nativeBinding);
    const copy = inspectDatabaseFile(join(to, DATABASE_FILE), deps.nativeBinding);
    if (copy.integrity !== 'ok' || JSON.stringify(copy.counts) !== JSON.stringify(original.counts)) {
      throw new AppError(
        'EXPORT_FAILED',
        `The copy in ${to} did not check out (integrity: ${copy.integrity}; rows ${JSON.stringify(copy.counts)} ` +
          `against ${JSON.stringify(original.counts)}).`,
        { to },
      );
    }
    // Only now, with the copy whole and checked, does the pointer name it: a crash before this keeps the old folder.
    const pointer = deps.home === null ? null : writeDataFolderPointer(deps.home, to);
    return switchedNote({ from, to, counts: copy.counts, pointer, switched: 'next-start', note: '' }, 'next-start');
  } catch (error) {
    // Only what this move created goes: the destination was empty or new.
    try {
      undo();
    } catch (cleanup) {
      throw new AppError(
        'INTERNAL',
        `${(error as Error).message} Removing the partial copy in ${to} also failed (${(cleanup as Error).message}): ` +
          'delete that folder yourself; the data folder in use was not changed.',
        { to },
      );
    }
    throw error;
  }
}

/**
 * The result as a front door delivers it: the app already uses the new folder ('now', browser mode), restarts on it
 * ('relaunch', the desktop app), opens it at the next start ('next-start', the CLI), or --data-dir /
 * VALUERANK_DATA_DIR chose the folder and must name the new one ('manual', whatever was asked).
 */
export function switchedNote(moved: MoveResult, how: MoveResult['switched']): MoveResult {
  const switched = moved.pointer === null ? 'manual' : how;
  const next = {
    now: `ValueRank Desktop now uses ${moved.to}. `,
    relaunch: `ValueRank Desktop restarts in a moment and opens ${moved.to}. `,
    'next-start': `The app opens ${moved.to} from its next start. `,
    manual: `--data-dir or VALUERANK_DATA_DIR chose this data folder: give ${moved.to} there to use the new one. `,
  }[switched];
  return {
    ...moved,
    switched,
    note: `${next}The old folder ${moved.from} was not changed: its data stays there until you delete it yourself.`,
  };
}
