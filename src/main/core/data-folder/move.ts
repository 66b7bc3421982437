/**
 * "Move data folder…": the database is copied with SQLite's online backup into an empty (or new) folder, with the
 * keys, exports and backups beside it; the copy is checked (integrity_check, the same row counts as the original),
 * and only then does the pointer in the home data folder name the new place. The old folder is never changed: the
 * researcher deletes it once the app opens the new one. A failed move removes only what it created.
 */
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { MoveResult } from '../../../shared/ipc/data';
import { AppError } from '../../../shared/errors';
import { copyDatabase, inspectDatabaseFile } from '../db/backup';
import { DATABASE_FILE } from '../db/open';
import { activeRunCount } from '../store/data-folder';
import { ensurePrivateDir, isWritable, MOVED_POINTER_FILE } from '../paths';

/** Files and folders of a data folder that move with the database (logs stay with the old folder). */
const FILES = ['secrets.json', 'secrets.enc.json', 'window-state.json'];
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
}

export async function moveDataFolder(deps: MoveDeps, destination: string): Promise<MoveResult> {
  const from = resolve(deps.dataDir);
  const to = resolve(destination);
  const inside = relative(from, to);
  if (to === from || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new AppError('VALIDATION', `${to} is the data folder or inside it: choose a folder elsewhere.`, { to });
  }
  const created = prepareDestination(to);
  const active = activeRunCount(deps.sqlite);
  if (active > 0) {
    if (created) rmSync(to, { recursive: true, force: true });
    throw new AppError(
      'VALIDATION',
      `${active} run${active === 1 ? ' is' : 's are'} queued or executing: pause ${active === 1 ? 'it' : 'them'} or ` +
        'let them finish, then move the data folder (nothing was copied).',
      { active },
    );
  }
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
    const pointer = deps.home === null ? null : pointTo(deps.home, to);
    return {
      from,
      to,
      counts: copy.counts,
      pointer,
      note:
        (pointer
          ? `Restart the app to open the data in ${to}. `
          : `--data-dir or VALUERANK_DATA_DIR chose this data folder: give ${to} there to use the new one. `) +
        `The old folder ${from} was not changed: delete it yourself once the app opens the new one.`,
    };
  } catch (error) {
    // Only what this move created goes: the destination was empty or new.
    if (created) rmSync(to, { recursive: true, force: true });
    else for (const name of readdirSync(to)) rmSync(join(to, name), { recursive: true, force: true });
    throw error;
  }
}

/** An empty or new folder this process can write; returns whether it was created here. */
function prepareDestination(to: string): boolean {
  if (existsSync(to)) {
    if (!statSync(to).isDirectory()) throw new AppError('VALIDATION', `${to} is a file: choose a folder.`, { to });
    if (readdirSync(to).length > 0) {
      throw new AppError(
        'VALIDATION',
        `${to} is not empty: choose an empty or new folder (nothing in it was touched, nothing was copied).`,
        { to },
      );
    }
    if (!isWritable(to)) {
      throw new AppError('PERMISSION_DENIED', `${to} cannot be written by you: choose another folder.`, { to });
    }
    return false;
  }
  try {
    ensurePrivateDir(to);
  } catch (error) {
    throw new AppError(
      'PERMISSION_DENIED',
      `Cannot create ${to} (${(error as Error).message}): choose another folder.`,
      {
        to,
      },
    );
  }
  return true;
}

/** Names the new folder in the home data folder's pointer (written whole, then renamed); moving home removes it. */
function pointTo(home: string, to: string): string {
  const pointer = join(home, MOVED_POINTER_FILE);
  if (resolve(home) === to) {
    rmSync(pointer, { force: true });
    return pointer;
  }
  ensurePrivateDir(home);
  writeFileSync(`${pointer}.partial`, JSON.stringify({ dataDir: to, movedAt: new Date().toISOString() }) + '\n', {
    mode: 0o600,
  });
  renameSync(`${pointer}.partial`, pointer);
  return pointer;
}
