/**
 * The pointer in the home data folder naming where "Move data folder…" put the data (read by paths.ts movedDataDir at
 * every start). It is written whole to a temporary file, flushed to disk, then renamed over the old one: a crash at
 * any moment leaves either the old pointer or the new one, never a torn file, so the app opens one whole folder.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensurePrivateDir, MOVED_POINTER_FILE } from '../paths';

/** Points the home data folder at `to` (moving back home removes the pointer); returns the pointer's path. */
export function writeDataFolderPointer(home: string, to: string): string {
  const pointer = join(home, MOVED_POINTER_FILE);
  if (resolve(home) === resolve(to)) {
    rmSync(pointer, { force: true });
    return pointer;
  }
  ensurePrivateDir(home);
  const partial = `${pointer}.${process.pid}.partial`;
  try {
    const fd = openSync(partial, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ dataDir: resolve(to), movedAt: new Date().toISOString() }) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, pointer);
  } finally {
    rmSync(partial, { force: true });
  }
  syncFolder(home);
  return pointer;
}

/** Makes the rename itself durable where the platform allows a folder to be flushed (not Windows). */
function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
