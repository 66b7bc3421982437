/**
 * The Electron-free composition root: opens the database, builds every service once (definitions, providers, the
 * Python pool, the scheduler, runs, results, exports), hands each handler module only the services it uses, and
 * returns the one dispatch that Electron, browser mode and the CLI all call.
 */
import { join } from 'node:path';
import type { EventName, Events } from '../../shared/ipc';
import { openDatabase, type OpenedDatabase } from './db/open';
import { WalCheckpoints } from './db/wal-checkpoints';
import { createDefinitionService } from './definitions/service';
import { exportDestination, exportsDir, type ChooseSavePath } from './export/destination';
import { removeStalePartials } from './export/write-file';
import { ExportService } from './export/service';
import { BatchService } from './batches/service';
import type { BatchReconcileReport } from '../../shared/batch';
import { batchOptionsFromEnv, DEFAULT_BATCH_OPTIONS, type BatchOptions } from './batches/context';
import { batchHandlers } from './handlers/batches';
import { definitionHandlers } from './handlers/definitions';
import { definitionPreviewHandlers } from './handlers/definition-preview';
import { createDefinitionPreview } from './definitions/preview';
import { estimateRun } from './runs/cost';
import { exportHandlers, type StartDrag } from './handlers/export';
import { fileExportHandlers } from './handlers/export-files';
import { preferenceHandlers } from './handlers/preferences';
import { createPreferencesService } from './preferences/service';
import { providerHandlers } from './handlers/providers';
import { resultHandlers } from './handlers/results';
import { studyHandlers } from './handlers/studies';
import { runHandlers } from './handlers/runs';
import { systemHandlers } from './handlers/system';
import { createDispatch, exactHandlers, type Dispatch } from './ipc/dispatch';
import { devResourcePaths, ensurePrivateDir, samplesDirOf, type ResourcePaths } from './paths';
import { ModelCatalogService } from './providers/catalog';
import { createProviderHealthLog } from './providers/health-log';
import { createPriceService, isLoopbackUrl } from './providers/prices';
import { PROVIDERS } from './providers/registry';
import { priceHandlers } from './handlers/prices';
import { createProviderSettings, type ProviderSettingsService } from './providers/settings';
import { createFileSecretStore, type SecretStore } from './providers/secrets';
import { PythonPool } from './python/pool';
import { fallbackPython, PythonSetting } from './python/python-setting';
import { readPreferences } from './store/preferences';
import { createResultsService } from './results/service';
import { createStudyService } from './studies/service';
import { ChunkedRunWork } from './runs/chunked';
import { createDataFolderService } from './data-folder/service';
import { dataHandlers, type ChooseFolder } from './handlers/data';
import { freeBytesAt, RunControls } from './runs/controls';
import { RunBookkeeping } from './runs/manage';
import { applyOverride } from './runs/overrides';
import { createBudgetCheck } from './runs/budget';
import { reextractDecisions } from './runs/reextract';
import { createRun, previewRun } from './runs/create';
import { RunQueries } from './runs/query';
import { concurrencyFromEnv, defaultProviderLimit } from './providers/limits';
import { DEFAULT_SCHEDULER_OPTIONS, Scheduler, type SchedulerOptions } from './scheduler/scheduler';
import { modelListingRows, saveModelListing } from './store/model-listings';
import { runStatusOf } from './store/runs';
import { ping } from './store/sql';
import { AppError } from '../../shared/errors';
import { createEventHub } from './util/event-hub';
import { createLogger, type Logger, type LogLevel } from './util/logger';

export interface CoreOptions {
  dataDir: string;
  env?: Record<string, string | undefined>;
  /**
   * The interpreter when Settings names none (Electron's discovery); defaults to $VALUERANK_PYTHON, else python3
   * (python on Windows). An argv array keeps a path with spaces whole. A Python path saved in Settings comes first.
   */
  pythonCommand?: string | readonly string[];
  /** Where pythonCommand came from, as System Health says it ("PATH", "Homebrew (Apple silicon)"…). */
  pythonSource?: string;
  workerCount?: number;
  resources?: ResourcePaths;
  nativeBinding?: string;
  /** System Health's hint when the Python worker cannot start: what to install on this OS. */
  pythonAdvice?: string;
  secrets?: SecretStore;
  /**
   * Where an export goes, resolved by the front door: Electron's Save-As, the CLI's --out. Without it exports go to
   * <dataDir>/exports (browser mode downloads them from there).
   */
  chooseSavePath?: ChooseSavePath;
  /** The desktop app's folder chooser (Move data folder…); without it data.chooseFolder answers UNSUPPORTED. */
  chooseFolder?: ChooseFolder;
  /** Drags a saved export out of the window (Electron); without it the export.drag route answers UNSUPPORTED. */
  startDrag?: StartDrag;
  scheduler?: Partial<SchedulerOptions>;
  /** Batch mode's chunk limits, polling and clean-up (tests shrink them). */
  batches?: Partial<BatchOptions>;
  /** false for CLI commands that only read or write rows (no Python, no job execution). */
  startScheduler?: boolean;
  /** Open the database read-only (reading commands on read-only data): nothing is created, migrated or written. */
  readonly?: boolean;
  maxAttempts?: number;
  /** Free bytes on the data folder's disk (statfs); tests give a full disk's answer. */
  freeBytes?: (dir: string) => number;
  /** Jobs a large run's creation or cancel writes per transaction (runs/chunked.ts); tests lower it. */
  chunkJobs?: number;
  /** Transcripts (over the runs involved) from which an analysis runs in a worker thread; tests lower it. */
  analysisWorkerThreshold?: number;
  /** Defaults to JSON lines on stderr at `logLevel`, with every known key redacted. */
  logger?: Logger;
  logLevel?: LogLevel;
}

/** What the core pushes to its front doors; `on` returns the unsubscribe. */
export interface CoreEvents {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * Test and benchmark only (and the Electron shell's log redaction, which needs the saved keys): the parts integration tests and benches reach into (the raw connection to arrange or
 * inspect rows, the scheduler and pool to stop, restart or kill them). No front door uses these.
 */
export interface CoreInternals {
  database: OpenedDatabase;
  runs: RunQueries;
  scheduler: Scheduler;
  pool: PythonPool;
  providers: ProviderSettingsService;
  batches: BatchService;
  chunked: ChunkedRunWork;
}

export interface CloseOptions {
  graceMs?: number;
  cutShort?: Promise<unknown>;
}

export interface Core {
  dispatch: Dispatch;
  events: CoreEvents;
  /**
   * Stops claiming, gives jobs in flight and exports being written `graceMs` (default 5 s; `cutShort` ends the wait
   * early, e.g. a second Ctrl-C), hands back what is still running, stops unfinished exports (removing their temporary
   * files), then stops Python and closes the database.
   */
  close(options?: CloseOptions): Promise<void>;
  /**
   * The computer woke from sleep (the Electron shell's powerMonitor 'resume'): every open batch is polled now,
   * whatever its backoff says, and what ended meanwhile is collected. Null when this core does not reconcile
   * (read-only, or started without the scheduler); a failed pass is logged, never thrown.
   */
  wake(): Promise<BatchReconcileReport | null>;
  /** Test and benchmark only (see CoreInternals). */
  internals: CoreInternals;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const env = options.env ?? process.env;
  const resources = options.resources ?? devResourcePaths();
  if (!options.readonly) ensurePrivateDir(options.dataDir);
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets.json'));
  let providers: ProviderSettingsService | null = null;
  // The providers' secret values are cached (refreshed when a key is saved), so redaction costs no decryption per line.
  const logger =
    options.logger ??
    createLogger({
      secrets: () => providers?.secretValues() ?? [],
      ...(options.logLevel ? { level: options.logLevel } : {}),
    });
  const database = await openDatabase({
    dataDir: options.dataDir,
    migrationsDir: resources.migrationsDir,
    nativeBinding: options.nativeBinding,
    readonly: options.readonly,
  });
  const { sqlite } = database;
  const fromEnv = concurrencyFromEnv(env, DEFAULT_SCHEDULER_OPTIONS);
  const schedulerOptions: SchedulerOptions = {
    ...DEFAULT_SCHEDULER_OPTIONS,
    ...fromEnv,
    ...options.scheduler,
    // A caller's defaults (e.g. --concurrency) never drop a limit the environment set for one provider.
    providerLimits: {
      ...fromEnv.providerLimits,
      ...options.scheduler?.providerLimits,
      overrides: { ...fromEnv.providerLimits.overrides, ...options.scheduler?.providerLimits?.overrides },
    },
  };
  providers = createProviderSettings(sqlite, secrets, env, (id) => defaultProviderLimit(schedulerOptions, id));
  const providerService = providers;
  const definitions = createDefinitionService(sqlite);
  const prices = createPriceService({
    sqlite,
    isLocal: (id) => PROVIDERS[id].local || (id === 'compat' && isLoopbackUrl(providerService.resolve(id).baseUrl)),
  });
  const runs = new RunQueries(sqlite, (model) => prices.basisFor(model));
  const workerCount = options.workerCount ?? 2;
  // A Python path saved in Settings comes first, for every front door; one that stopped working falls back (and says so).
  const fallback = fallbackPython(options.pythonCommand, options.pythonSource, env);
  const python = await PythonSetting.initial(options.readonly ? null : readPreferences(sqlite).pythonPath, fallback);
  const pool = new PythonPool({
    command: python.argv,
    pythonDir: resources.pythonDir,
    size: workerCount,
    threadsPerWorker: Math.ceil(schedulerOptions.concurrency / workerCount) + 2,
    logger: logger.child({ component: 'python' }),
  });
  const scheduler = new Scheduler(
    sqlite,
    pool,
    providerService,
    logger.child({ component: 'scheduler' }),
    schedulerOptions,
  );
  const catalog = new ModelCatalogService({
    providers: providerService,
    pool,
    logger: logger.child({ component: 'catalog' }),
    store: { load: () => modelListingRows(sqlite), save: (row) => saveModelListing(sqlite, row) },
  });
  const healthLog = createProviderHealthLog(sqlite, providerService, logger.child({ component: 'health' }));
  const results = createResultsService(sqlite, (id) => runs.summary(id), {
    databasePath: database.openPath,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.analysisWorkerThreshold !== undefined ? { workerThreshold: options.analysisWorkerThreshold } : {}),
  });
  const exports = new ExportService({
    sqlite,
    databasePath: database.openPath,
    logger: logger.child({ component: 'export' }),
    effects: (runId) => results.effects(runId),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const pythonSetting = new PythonSetting(python, {
    fallback,
    restart: (argv) => pool.restart(argv),
    logger: logger.child({ component: 'python' }),
  });
  scheduler.setBudgetCheck(createBudgetCheck(sqlite, (model) => prices.basisFor(model)));
  const maxAttempts = options.maxAttempts ?? 4;
  const hub = createEventHub<Events>();
  scheduler.onProgress((runId) => hub.emit('run.progress', { runId }));
  const checkpoints = new WalCheckpoints(
    sqlite,
    { databasePath: database.openPath, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) },
    logger.child({ component: 'checkpoints' }),
  );
  const batches = new BatchService(
    {
      sqlite,
      checkpoints,
      pool,
      providers: providerService,
      dataDir: options.dataDir,
      logger: logger.child({ component: 'batches' }),
      options: {
        ...DEFAULT_BATCH_OPTIONS,
        ...batchOptionsFromEnv(env),
        ...options.batches,
      },
    },
    (runId) => hub.emit('run.progress', { runId }),
  );
  const chunked = new ChunkedRunWork(
    sqlite,
    logger.child({ component: 'runs' }),
    (runId) => scheduler.notify(runId),
    () => scheduler.kick(),
    options.chunkJobs,
  );
  if (!options.readonly) chunked.recover();

  const studies = createStudyService(sqlite, {
    runSummary: (id) => runs.summary(id),
    definitionSummaries: () => definitions.list(),
    values: (input) => results.values(input),
  });
  // One module per area, each given only what it uses; the Handlers type makes a missing or extra route a compile error.
  const handlers = exactHandlers({
    ...definitionHandlers(definitions, samplesDirOf(resources)),
    ...definitionPreviewHandlers(
      createDefinitionPreview(sqlite, (estimate) => estimateRun({ ...estimate, basisFor: (m) => prices.basisFor(m) })),
    ),
    ...providerHandlers({ providers: providerService, catalog }),
    ...runHandlers({
      runs,
      controls: new RunControls(sqlite, chunked, {
        dir: options.dataDir,
        freeBytes: options.freeBytes ?? freeBytesAt,
      }),
      manage: new RunBookkeeping(sqlite),
      override: (input) => applyOverride(sqlite, input),
      scheduler,
      logger,
      create: (input) =>
        createRun(
          {
            sqlite,
            definitions,
            providers: providerService,
            maxAttempts,
            chunked,
            basisFor: (model) => prices.basisFor(model),
            isLocal: (id) => PROVIDERS[id].local,
            assertProvidersUsable: (ids) => healthLog.assertUsable(ids),
            assertWorkerAvailable: () => {
              if (pool.unavailable)
                throw new AppError('WORKER_UNAVAILABLE', `The Python worker is offline: ${pool.status().message}`);
            },
          },
          input,
        ),
      preview: (input) => previewRun(sqlite, definitions, input, (model) => prices.basisFor(model)),
      reextract: (runId) =>
        reextractDecisions({ sqlite, extract: (scale, replies) => pool.extractDecisions(scale, replies) }, runId),
    }),
    ...exportHandlers({
      exports,
      runStatus: (runId) => runStatusOf(sqlite, runId),
      destination: exportDestination(options.dataDir, options.chooseSavePath),
      ...(options.startDrag ? { startDrag: options.startDrag } : {}),
    }),
    ...fileExportHandlers({
      destination: exportDestination(options.dataDir, options.chooseSavePath),
      compareEffects: (runA, runB) => results.compareEffects({ runA, runB }),
      studyRanking: (id) => studies.ranking({ id }),
      studyRuns: async (id) => studies.get(id).runs.map((r) => r.id),
      interaction: async (runId, dimensionA, dimensionB) => results.interaction({ runId, dimensionA, dimensionB }),
      agreement: async (runId) => results.agreement({ runId, limit: 50 }),
    }),
    ...systemHandlers({
      database: { path: database.path, ping: () => ping(sqlite) },
      paths: { dataDir: options.dataDir, exports: exportsDir(options.dataDir) },
      pool,
      scheduler,
      secrets,
      providers: providerService,
      catalog,
      healthLog,
      python: pythonSetting,
      ...(options.pythonAdvice ? { pythonAdvice: options.pythonAdvice } : {}),
    }),
    ...resultHandlers(results),
    ...studyHandlers(studies, results),
    ...priceHandlers(prices),
    ...batchHandlers(batches, scheduler),
    ...dataHandlers(createDataFolderService({ sqlite, ...options, env }), logger, options.chooseFolder),
    ...preferenceHandlers(
      createPreferencesService({
        sqlite,
        python: pythonSetting,
        changed: (preferences) => hub.emit('preferences.changed', preferences),
      }),
    ),
  });

  const reconciling = options.startScheduler !== false && !options.readonly;
  if (reconciling) {
    scheduler.start();
    // Batches submitted by an earlier session (or another process) are reconciled at start-up and while running.
    batches.start();
  }
  // Temporary files an earlier session left mid-export (killed, crashed) in the app's own exports folder.
  const cleaned = options.readonly
    ? Promise.resolve()
    : removeStalePartials(exportsDir(options.dataDir)).then(
        (removed) => {
          if (removed.length > 0) logger.info('removed unfinished exports left by an earlier session', { removed });
        },
        (error: unknown) => logger.warn('could not remove unfinished exports', { error }),
      );

  return {
    dispatch: createDispatch(handlers, logger, database.path),
    events: { on: (event, listener) => hub.on(event, listener) },
    internals: { database, runs, scheduler, pool, providers: providerService, batches, chunked },
    async wake() {
      if (!reconciling) return null;
      logger.info('woke from sleep: polling open batches now');
      return batches.reconcile({ force: true }).catch((error: unknown) => {
        logger.warn('batch reconciliation on wake failed', { error });
        return null;
      });
    },
    async close(options = {}) {
      // Jobs in flight and exports being written share the grace; an export still unfinished then is stopped and
      // its temporary file removed, so quitting never leaves a .partial behind.
      await Promise.all([
        chunked.close(options.cutShort),
        scheduler.stop(options.graceMs, options.cutShort),
        exports.close(options.graceMs, options.cutShort),
        cleaned,
        batches.close(),
      ]);
      await Promise.all([pool.close(), results.close(), checkpoints.close()]);
      database.close();
    },
  };
}
