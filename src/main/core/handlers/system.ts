/** Handlers for System Health: database, Python worker, scheduler and key storage status. */
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';

export function systemHandlers(ctx: CoreContext): Pick<Handlers, 'system.health'> {
  const { database, pool, scheduler, secrets } = ctx;
  return {
    'system.health': async () => {
      let dbOk = true;
      let dbMessage: string | null = null;
      try {
        database.sqlite.prepare('SELECT 1').get();
      } catch (error) {
        dbOk = false;
        dbMessage = (error as Error).message;
      }
      return {
        database: { ok: dbOk, path: database.path, message: dbMessage },
        pythonWorker: pool.status(),
        scheduler: { status: scheduler.isRunning ? 'online' : 'offline', activeJobs: scheduler.activeJobs },
        secrets: { kind: secrets.kind, persistent: secrets.persistent, warning: secrets.warning },
      };
    },
  };
}
