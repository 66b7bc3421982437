/** Handlers for runs: create (validated before anything is queued), read, transcripts, and the controls. */
import type { Handlers } from '../../../shared/ipc';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { RunControl } from '../runs/controls';
import { createRun, previewRun } from '../runs/create';

type RunRoutes =
  | 'runs.create'
  | 'runs.preview'
  | 'runs.list'
  | 'runs.get'
  | 'runs.pause'
  | 'runs.resume'
  | 'runs.cancel'
  | 'runs.transcripts'
  | 'transcripts.get';

export function runHandlers(ctx: CoreContext): Pick<Handlers, RunRoutes> {
  const { runs, scheduler, pool, logger } = ctx;
  const control = async (id: string, action: RunControl) => {
    const status = ctx.controls.apply(id, action);
    logger.info('run control applied', { runId: id, action, status });
    if (action === 'resume') scheduler.kick();
    scheduler.notify(id);
    return runs.get(id, false);
  };
  return {
    'runs.create': async (input) => {
      const runId = createRun(
        {
          db: ctx.database.db,
          definitions: ctx.definitions,
          providers: ctx.providers,
          maxAttempts: ctx.maxAttempts,
          assertWorkerAvailable: () => {
            if (pool.unavailable)
              throw new AppError('WORKER_UNAVAILABLE', `The Python worker is offline: ${pool.status().message}`);
          },
        },
        input,
      );
      scheduler.kick();
      return runs.get(runId, false);
    },
    'runs.preview': async (input) => previewRun(ctx.database.db, ctx.definitions, input),
    'runs.list': async ({ status }) => runs.list(status),
    'runs.get': async ({ id }) => runs.get(id),
    'runs.pause': async ({ id }) => control(id, 'pause'),
    'runs.resume': async ({ id }) => control(id, 'resume'),
    'runs.cancel': async ({ id }) => control(id, 'cancel'),
    'runs.transcripts': async ({ runId, offset, limit }) => runs.transcripts(runId, offset, limit),
    'transcripts.get': async ({ id }) => runs.transcript(id),
  };
}
