/** Handlers for the data folder: "Back up data…", the copies kept, "Move data folder…" and its folder chooser. */
import { isAbsolute } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc';
import type { DataFolderService } from '../data-folder/service';
import type { Logger } from '../util/logger';

/** A native folder chooser (the desktop app's dialog): the folder picked, or null when cancelled. */
export type ChooseFolder = (options: { title: string }) => Promise<string | null>;

export function dataHandlers(
  service: DataFolderService,
  logger: Logger,
  chooseFolder?: ChooseFolder,
): Pick<Handlers, 'data.backup' | 'data.backups' | 'data.move' | 'data.restore' | 'data.chooseFolder'> {
  return {
    'data.chooseFolder': async ({ title }) => {
      if (!chooseFolder) {
        throw new AppError('UNSUPPORTED', 'There is no folder chooser here: type the folder’s full path instead.');
      }
      const path = await chooseFolder({ title: title ?? 'Choose a folder' });
      // What the dialog answers is checked like any input: an absolute path without NUL bytes, or nothing.
      if (path !== null && (!isAbsolute(path) || path.includes('\0'))) {
        throw new AppError('VALIDATION', 'The folder chooser answered something that is not a full path.', { path });
      }
      return { path };
    },
    'data.backup': async () => {
      const made = await service.backup();
      logger.info('database backed up', { path: made.path, bytes: made.bytes });
      return made;
    },
    'data.backups': async () => service.backups(),
    'data.move': async ({ destination }) => {
      const moved = await service.move(destination);
      logger.info('data folder copied to a new place', { from: moved.from, to: moved.to, pointer: moved.pointer });
      return moved;
    },
    'data.restore': async ({ file }) => {
      const asked = await service.requestRestore(file);
      logger.info('restore staged for the next start', { from: asked.from, safetyBackup: asked.safetyBackup.path });
      return asked;
    },
  };
}
