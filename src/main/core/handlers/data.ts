/** Handlers for the data folder: "Back up data…" and the copies kept. */
import type { Handlers } from '../../../shared/ipc';
import type { DataFolderService } from '../data-folder/service';
import type { Logger } from '../util/logger';

export function dataHandlers(
  service: DataFolderService,
  logger: Logger,
): Pick<Handlers, 'data.backup' | 'data.backups' | 'data.move' | 'data.restore'> {
  return {
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
