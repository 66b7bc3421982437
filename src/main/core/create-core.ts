/**
 * The Electron-free composition root: opens the database, wires definitions, providers, the Python pool and the
 * scheduler, and returns the one handler map that Electron, browser mode and the CLI all use.
 */
import { join } from 'node:path';
import type { Handlers } from '../../shared/ipc';
import type { CoreContext } from './context';
import { openDatabase, type OpenedDatabase } from './db/open';
import { createDefinitionService, type DefinitionService } from './definitions/service';
import { definitionHandlers } from './handlers/definitions';
import { providerHandlers } from './handlers/providers';
import { exportHandlers } from './handlers/export';
import { resultHandlers } from './handlers/results';
import { runHandlers } from './handlers/runs';
import { systemHandlers } from './handlers/system';
import { createDispatch, type Dispatch } from './ipc/dispatch';
import { devResourcePaths, ensurePrivateDir, samplesDirOf, type ResourcePaths } from './paths';
import { ModelCatalogService } from './providers/catalog';
import { createProviderSettings, type ProviderSettingsService } from './providers/settings';
import { createFileSecretStore, type SecretStore } from './providers/secrets';
import { PythonPool } from './python/pool';
import { RunControls } from './runs/controls';
import { RunQueries } from './runs/query';
import { concurrencyFromEnv } from './scheduler/limits';
import {
  DEFAULT_SCHEDULER_OPTIONS,
  defaultProviderLimit,
  Scheduler,
  type SchedulerOptions,
} from './scheduler/scheduler';
import { createLogger, type Logger } from './util/logger';

export interface CoreOptions {
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** Defaults to $VALUERANK_PYTHON, else python3 (python on Windows); an argv array keeps a path with spaces whole. */
  pythonCommand?: string | readonly string[];
  workerCount?: number;
  resources?: ResourcePaths;
  nativeBinding?: string;
  /** System Health's hint when the Python worker cannot start: what to install on this OS. */
  pythonAdvice?: string;
  secrets?: SecretStore;
  /** Asks the person where to save a file (Electron's Save-As); without it exports go to <dataDir>/exports. */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
  scheduler?: Partial<SchedulerOptions>;
  /** false for CLI commands that only read or write rows (no Python, no job execution). */
  startScheduler?: boolean;
  /** Open the database read-only (reading commands on read-only data): nothing is created, migrated or written. */
  readonly?: boolean;
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
  if (!options.readonly) ensurePrivateDir(options.dataDir);
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json'));
  let providers: ProviderSettingsService | null = null;
  const logger = options.logger ?? createLogger({ secrets: () => providers?.secretValues() ?? [] });
  const database = openDatabase({
    dataDir: options.dataDir,
    migrationsDir: resources.migrationsDir,
    nativeBinding: options.nativeBinding,
    readonly: options.readonly,
  });
  const definitions = createDefinitionService(database.db);
  const schedulerOptions: SchedulerOptions = {
    ...DEFAULT_SCHEDULER_OPTIONS,
    ...concurrencyFromEnv(env, DEFAULT_SCHEDULER_OPTIONS),
    ...options.scheduler,
  };
  providers = createProviderSettings(database.db, secrets, env, (id) => defaultProviderLimit(schedulerOptions, id));
  const runs = new RunQueries(database.sqlite);
  const workerCount = options.workerCount ?? 2;
  const pool = new PythonPool({
    command: options.pythonCommand ?? env.VALUERANK_PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3'),
    pythonDir: resources.pythonDir,
    size: workerCount,
    threadsPerWorker: Math.ceil(schedulerOptions.concurrency / workerCount) + 2,
    logger: logger.child({ component: 'python' }),
  });
  const scheduler = new Scheduler(
    database.sqlite,
    pool,
    providers,
    logger.child({ component: 'scheduler' }),
    schedulerOptions,
  );
  const providerService = providers;
  const ctx: CoreContext = {
    dataDir: options.dataDir,
    env,
    database,
    definitions,
    providers: providerService,
    catalog: new ModelCatalogService({
      providers: providerService,
      pool,
      logger: logger.child({ component: 'catalog' }),
    }),
    secrets,
    runs,
    controls: new RunControls(database.sqlite),
    pool,
    scheduler,
    logger,
    maxAttempts: options.maxAttempts ?? 4,
    chooseSavePath: options.chooseSavePath,
    nativeBinding: options.nativeBinding,
    pythonAdvice: options.pythonAdvice,
  };
  // One module per area; the Handlers type makes a missing or extra route a compile error.
  const handlers: Handlers = {
    ...definitionHandlers(ctx, samplesDirOf(resources)),
    ...providerHandlers(ctx),
    ...runHandlers(ctx),
    ...exportHandlers(ctx),
    ...systemHandlers(ctx),
    ...resultHandlers(ctx),
  };

  if (options.startScheduler !== false && !options.readonly) scheduler.start();

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
