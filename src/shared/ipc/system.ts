/** Routes `system.*`: the core's own machinery, without provider calls (the Python worker's outage, for waiting). */
import type { PythonInUse } from '../preferences';
import type { WorkerOutage } from '../worker-errors';
import { z } from 'zod';
import { defineRoute, emptyInput } from './define-route';

/** Where this app keeps its data (shown on the Help page). */
export interface DataPaths {
  /** The data folder: the database, keys, exports (browser mode) and, in the desktop app, its logs. */
  dataDir: string;
  database: string;
  exports: string;
}

export const systemRoutes = {
  /** The data folder and what is in it, as this process opened it. */
  'system.paths': defineRoute<DataPaths>()(emptyInput),
  /**
   * Null while the worker runs; else why it is down, since when, and when the pool retries. `start` first starts a
   * pool that was never started (a CLI checks Python before queueing a run it will execute); it never skips a backoff.
   */
  'system.worker': defineRoute<{ outage: WorkerOutage | null }>()(() =>
    z.object({ start: z.boolean().default(false) }),
  ),
  /** The Python interpreter the worker uses, where it came from (Settings, PATH…) and its version, checked now. */
  'system.python': defineRoute<PythonInUse>()(emptyInput),
} as const;
