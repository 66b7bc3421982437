/**
 * The Electron-free composition root: opens the database, wires definitions, providers, the Python pool and the
 * scheduler, and returns the one handler map that Electron, browser mode and the CLI all use.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { openDatabase, type OpenedDatabase } from './db/open';
import { createDefinitionService, type DefinitionService } from './definitions/service';
import { csvFileName, exportRunCsvToFile } from './export/csv';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import { devResourcePaths, type ResourcePaths } from './paths';
import { createProviderSettings, type ProviderSettingsService } from './providers/settings';
import { createFileSecretStore, type SecretStore } from './providers/secrets';
import { PythonPool } from './python/pool';
import { RunControls, type RunControl } from './runs/controls';
import { createRun } from './runs/create';
import { RunQueries } from './runs/query';
import { DEFAULT_SCHEDULER_OPTIONS, Scheduler, type SchedulerOptions } from './scheduler/scheduler';
import { createLogger, type Logger } from './util/logger';

export interface CoreOptions {
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** Defaults to $VALUERANK_PYTHON, else python3 (python on Windows). */
  pythonCommand?: string;
  workerCount?: number;
  resources?: ResourcePaths;
  nativeBinding?: string;
  secrets?: SecretStore;
  /** Asks the person where to save a file (Electron's Save-As); without it exports go to <dataDir>/exports. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  scheduler?: Partial<SchedulerOptions>;
  /** false for CLI commands that only read or write rows (no Python, no job execution). */
  startScheduler?: boolean;
  maxAttempts?: number;
  logger?: Logger;
}

export interface Core {
  handlers: Handlers;
  dispatch: Dispatch;
  database: OpenedDatabase;
  definitions: DefinitionService;
  providers: ProviderSettingsService;
  runs: RunQueries;
  pool: PythonPool;
  scheduler: Scheduler;
  logger: Logger;
  dataDir: string;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env;
  const resources = options.resources ?? devResourcePaths();
  mkdirSync(options.dataDir, { recursive: true });
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json'));
  let providers: ProviderSettingsService | null = null;
  const logger = options.logger ?? createLogger({ secrets: () => providers?.secretValues() ?? [] });
  const database = openDatabase({ dataDir: options.dataDir, migrationsDir: resources.migrationsDir, nativeBinding: options.nativeBinding });
  const definitions = createDefinitionService(database.db);
  providers = createProviderSettings(database.db, secrets, env);
  const runs = new RunQueries(database.sqlite);
  const schedulerOptions: SchedulerOptions = { ...DEFAULT_SCHEDULER_OPTIONS, ...options.scheduler };
  const workerCount = options.workerCount ?? 2;
  const pool = new PythonPool({
    command: options.pythonCommand ?? env.VALUERANK_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3'),
    pythonDir: resources.pythonDir,
    size: workerCount,
    threadsPerWorker: Math.ceil(schedulerOptions.concurrency / workerCount) + 2,
    logger: logger.child({ component: 'python' }),
  });
  const scheduler = new Scheduler(database.sqlite, pool, providers, logger.child({ component: 'scheduler' }), schedulerOptions);
  const providerService = providers;
  const controls = new RunControls(database.sqlite);
  const control = async (id: string, action: RunControl) => {
    const status = controls.apply(id, action);
    logger.info('run control applied', { runId: id, action, status });
    if (action === 'resume') scheduler.kick();
    scheduler.notify(id);
    return runs.get(id, false);
  };

  const handlers: Handlers = {
    'definitions.list': async () => definitions.list(),
    'definitions.get': async ({ id }) => definitions.get(id),
    'definitions.import': async ({ fileName, text }) => definitions.importText(fileName, text),
    'definitions.scenarios': async ({ definitionId, offset, limit }) => definitions.scenarios(definitionId, offset, limit),
    'providers.list': async () => providerService.list(),
    'providers.save': async (input) => providerService.save(input),
    'runs.create': async (input) => {
      const runId = createRun(
        {
          db: database.db,
          definitions,
          providers: providerService,
          maxAttempts: options.maxAttempts ?? 4,
          assertWorkerAvailable: () => {
            const status = pool.status();
            if (status.status === 'offline' && status.message !== 'not started' && scheduler.isRunning) {
              throw new AppError('WORKER_UNAVAILABLE', `The Python worker is offline: ${status.message}`);
            }
          },
        },
        input,
      );
      scheduler.kick();
      return runs.get(runId, false);
    },
    'runs.list': async ({ status }) => runs.list(status),
    'runs.get': async ({ id }) => runs.get(id),
    'runs.pause': async ({ id }) => control(id, 'pause'),
    'runs.resume': async ({ id }) => control(id, 'resume'),
    'runs.cancel': async ({ id }) => control(id, 'cancel'),
    'runs.transcripts': async ({ runId, offset, limit }) => runs.transcripts(runId, offset, limit),
    'transcripts.get': async ({ id }) => runs.transcript(id),
    'export.csv': async ({ runId }) => {
      runs.get(runId, false);
      const name = csvFileName(runId);
      let path: string | null;
      if (options.chooseSavePath) {
        path = await options.chooseSavePath(name);
      } else {
        mkdirSync(join(options.dataDir, 'exports'), { recursive: true });
        path = join(options.dataDir, 'exports', name);
      }
      if (!path) return { status: 'cancelled', path: null, rows: 0, partial: false };
      const result = await exportRunCsvToFile(database.sqlite, runId, path);
      return { status: 'saved', path, ...result };
    },
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

  if (options.startScheduler !== false) scheduler.start();

  return {
    handlers,
    dispatch: createDispatch(handlers, logger),
    database,
    definitions,
    providers: providerService,
    runs,
    pool,
    scheduler,
    logger,
    dataDir: options.dataDir,
    async close() {
      await scheduler.stop();
      await pool.close();
      database.close();
    },
  };
}
