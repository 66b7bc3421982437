/**
 * Where "Move data folder…" may copy to, decided before anything is written: not the data folder itself nor a folder
 * inside it (compared by file identity, so a symlink, a trailing slash or another letter case on a case-insensitive
 * disk is seen through), an empty or new folder, one this user can write, on a disk with room for the data plus a
 * margin. The destination is then created, and what was created is remembered so a failed move removes only that.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';

/** Room kept free beyond the data's own size: a tenth of it, and never less than this. */
export const MOVE_MARGIN_BYTES = 64 * 1024 * 1024;

export interface TargetCheck {
  /** The data folder in use. */
  from: string;
  /** The folder asked for (resolved). */
  to: string;
  /** Bytes the move will copy (dataFolderBytes). */
  bytes: number;
  /** Free bytes on the disk holding a folder (util/disk.ts; tests give a small disk's answer). */
  freeBytes: (dir: string) => number;
}

/** Bytes a move copies: the listed files and folders of the data folder that exist (with a database's WAL). */
export function dataFolderBytes(from: string, names: readonly string[]): number {
  return names.reduce((sum, name) => sum + sizeOf(join(from, name)), 0);
}

function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** Refuses a destination the move must not use, with the sentence saying why; nothing is created. */
export function checkMoveTarget(check: TargetCheck): void {
  const { from, to } = check;
  const relation = relationTo(from, to);
  if (relation === 'same') {
    throw new AppError('VALIDATION', `${to} is the data folder in use: choose another folder (nothing was copied).`, {
      to,
    });
  }
  if (relation === 'inside') {
    throw new AppError(
      'VALIDATION',
      `${to} is inside the data folder in use (${from}): choose a folder elsewhere (nothing was copied).`,
      { to },
    );
  }
  if (existsSync(to)) {
    if (!statSync(to).isDirectory()) throw new AppError('VALIDATION', `${to} is a file: choose a folder.`, { to });
    if (readdirSync(to).length > 0) {
      throw new AppError(
        'VALIDATION',
        `${to} is not empty: choose an empty or new folder (nothing in it was touched, nothing was copied).`,
        { to },
      );
    }
  }
  const existing = nearestExisting(to);
  if (!canWriteIn(existing)) {
    throw new AppError(
      'PERMISSION_DENIED',
      existing === to
        ? `${to} cannot be written by you: choose another folder (nothing was copied).`
        : `${to} cannot be created: ${existing} cannot be written by you. Choose another folder (nothing was copied).`,
      { to },
    );
  }
  const needed = check.bytes + Math.max(MOVE_MARGIN_BYTES, Math.ceil(check.bytes / 10));
  const free = check.freeBytes(existing);
  if (free < needed) {
    throw new AppError(
      'DISK_FULL',
      `The disk holding ${to} has ${megabytes(free)} free; the data needs ${megabytes(needed)} ` +
        `(${megabytes(check.bytes)} plus room to spare). Free some space or choose another disk (nothing was copied).`,
      { to, free, needed },
    );
  }
}

/**
 * Creates the destination (private to this user); answers what to remove if the move fails: the top-most folder this
 * call created, or the destination's contents when it existed empty.
 */
export function createTarget(to: string): () => void {
  if (existsSync(to)) {
    return () => {
      for (const name of readdirSync(to)) rmSync(join(to, name), { recursive: true, force: true });
    };
  }
  let top: string | undefined;
  try {
    top = mkdirSync(to, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(to, 0o700);
  } catch (error) {
    if (top) rmSync(top, { recursive: true, force: true });
    throw new AppError(
      'PERMISSION_DENIED',
      `Cannot create ${to} (${(error as Error).message}): choose another folder.`,
      {
        to,
      },
    );
  }
  const created = top ?? to;
  return () => rmSync(created, { recursive: true, force: true });
}

/**
 * How `to` stands to the data folder `from`, by file identity (device and inode): the nearest existing folder of `to`
 * with its links resolved, then each of its parents, is compared with `from`.
 */
export function relationTo(from: string, to: string): 'same' | 'inside' | null {
  const home = statSync(from, { bigint: true });
  const existing = nearestExisting(to);
  let dir = realpathSync(existing);
  let first = existing === resolve(to);
  for (;;) {
    const here = statSync(dir, { bigint: true });
    if (here.dev === home.dev && here.ino === home.ino) return first ? 'same' : 'inside';
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
    first = false;
  }
}

function nearestExisting(path: string): string {
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Tries it: a probe file created and removed (permission bits say nothing of read-only disks or immutable folders). */
function canWriteIn(dir: string): boolean {
  const probe = join(dir, `.valuerank-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
    rmSync(probe, { force: true });
    return true;
  } catch {
    return false;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
