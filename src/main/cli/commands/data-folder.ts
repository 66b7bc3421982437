/** `backup` (a copy of the database now, into the data folder's backups/) and `restore FILE` (put a copy back). */
import { resolve } from 'node:path';
import { callRoute, devResourcePaths, restoreDataFolder, type Core, type CoreOptions } from '../../core';
import { UsageError } from '../args';
import type { CliIo } from '../cli';

export async function backupCommand(core: Core, io: CliIo): Promise<number> {
  const made = await callRoute(core.dispatch, 'data.backup', {});
  io.err(`Backed up the database (${(made.bytes / 1024 / 1024).toFixed(1)} MB, checked) to:`);
  io.out(made.path);
  return 0;
}

/** `data-folder move DEST`: copies, checks, points the default data folder there; the old one is kept. */
export async function dataFolderCommand(core: Core, rest: string[], io: CliIo): Promise<number> {
  if (rest[0] !== 'move') throw new UsageError(`unknown data-folder command "${rest[0] ?? ''}"`);
  if (!rest[1]) throw new UsageError('missing DEST');
  const destination = resolve(io.env.INIT_CWD ?? process.cwd(), rest[1]);
  const moved = await callRoute(core.dispatch, 'data.move', { destination });
  const c = moved.counts;
  io.err(
    `Copied and checked: ${c.definitions} definitions, ${c.runs} runs, ${c.jobs} jobs, ${c.transcripts} transcripts.`,
  );
  io.err(moved.note);
  io.out(moved.to);
  return 0;
}

/** Runs with the database closed: no core is opened, and another process holding it open is refused. */
export async function restoreCommand(dataDir: string, file: string | undefined, io: CliIo): Promise<number> {
  if (!file) throw new UsageError('missing FILE');
  const resources: CoreOptions['resources'] = io.coreOptions?.resources ?? devResourcePaths();
  const from = resolve(io.env.INIT_CWD ?? process.cwd(), file);
  const result = await restoreDataFolder({
    dataDir,
    from,
    migrationsDir: resources.migrationsDir,
    ...(io.coreOptions?.nativeBinding ? { nativeBinding: io.coreOptions.nativeBinding } : {}),
  });
  const c = result.counts;
  io.err(
    `Restored ${from}: ${c.definitions} definitions, ${c.runs} runs, ${c.jobs} jobs, ${c.transcripts} transcripts.`,
  );
  if (result.previous) io.err(`The database it replaced is kept at ${result.previous.path}`);
  io.out(dataDir);
  return 0;
}
