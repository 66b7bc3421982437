/**
 * Whether the database was closed cleanly last time: each process that opens it for writing leaves a marker
 * (`valuerank.sqlite.open-<pid>`) that its clean close removes. A marker whose process is gone means a crash, a kill or
 * a power loss; only then is the database given SQLite's quick_check (cheap, and never on an ordinary start), so pages
 * damaged in the middle of the file are reported with the path and the way back instead of being read as if nothing
 * were wrong.
 */
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { processAlive } from '../util/process-owner';

const markerPrefix = (path: string): string => `${basename(path)}.open-`;

/** Markers left by processes that are gone (an unclean close), as file paths. */
export function staleMarkers(path: string, isAlive: (pid: number) => boolean = processAlive): string[] {
  const prefix = markerPrefix(path);
  return readdirSync(dirname(path))
    .filter((name) => name.startsWith(prefix))
    .filter((name) => {
      const pid = Number(name.slice(prefix.length));
      return !Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && !isAlive(pid));
    })
    .map((name) => join(dirname(path), name));
}

/** Markers of other processes that have the database open right now, as file paths. */
export function liveMarkers(path: string, isAlive: (pid: number) => boolean = processAlive): string[] {
  const prefix = markerPrefix(path);
  return readdirSync(dirname(path))
    .filter((name) => name.startsWith(prefix))
    .filter((name) => {
      const pid = Number(name.slice(prefix.length));
      return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid);
    })
    .map((name) => join(dirname(path), name));
}

/** Leaves this process's marker; the function returned removes it (the clean close). */
export function markOpen(path: string): () => void {
  const marker = `${path}.open-${process.pid}`;
  closeSync(openSync(marker, 'a', 0o600));
  return () => rmSync(marker, { force: true });
}

/** Throws DATABASE_CORRUPT, naming the file and the way back, unless SQLite's quick_check answers "ok". */
export function quickCheck(sqlite: Database.Database, path: string): void {
  let problems: string[];
  try {
    const rows = sqlite.pragma('quick_check(5)') as { quick_check: string }[];
    problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  } catch (error) {
    // Damage bad enough stops the check itself ("database disk image is malformed").
    if (!String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CORRUPT')) throw error;
    problems = [(error as Error).message];
  }
  if (problems.length === 0) return;
  throw new AppError(
    'DATABASE_CORRUPT',
    `The database at ${path} is damaged (the last close was not clean, and SQLite's check found: ` +
      `${problems.slice(0, 3).join('; ')}). Nothing was changed and nothing will be exported from it. Close the app, ` +
      'move the file aside (keep it: "sqlite3 valuerank.sqlite .recover" can often save most of it) and restore a ' +
      'backup copy of the data folder, or start again with a fresh one.',
    { path, problems },
  );
}
