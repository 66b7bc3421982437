/** Handlers for System Health: database, Python worker, scheduler, key storage and real provider checks. */
import type { Handlers } from '../../../shared/ipc';
import { PROVIDER_IDS, type SystemHealth } from '../../../shared/domain';
import type { HealthReport, WorkerHealth } from '../../../shared/providers';
import { POOL_OFFLINE_HINTS } from '../../../shared/worker-errors';
import type { ModelCatalogService } from '../providers/catalog';
import { checkProviders } from '../providers/health';
import type { ProviderHealthLog } from '../providers/health-log';
import type { SecretStore } from '../providers/secrets';
import type { ProviderSettingsService } from '../providers/settings';
import type { PythonPool } from '../python/pool';
import type { PythonSetting } from '../python/python-setting';
import { WorkerCallError } from '../python/protocol';
import type { Scheduler } from '../scheduler/scheduler';

/** How long the worker gets to answer a ping before System Health calls it unresponsive. */
const PING_TIMEOUT_MS = 3_000;

export interface SystemHandlerDeps {
  database: { path: string; ping(): void };
  /** The data folder and where exports land when nobody is asked (for the Help page). */
  paths: { dataDir: string; exports: string };
  pool: PythonPool;
  scheduler: Pick<Scheduler, 'isRunning' | 'activeJobs'>;
  secrets: SecretStore;
  providers: ProviderSettingsService;
  catalog: ModelCatalogService;
  /** Remembers each check's result, so run creation refuses a provider known to fail (optional in unit tests). */
  healthLog?: Pick<ProviderHealthLog, 'record'>;
  python: Pick<PythonSetting, 'choice' | 'describe'>;
  /** What to install when no usable Python was found (the Electron shell's discovery says it per OS). */
  pythonAdvice?: string;
}

export function systemHandlers(
  deps: SystemHandlerDeps,
): Pick<Handlers, 'health.check' | 'system.worker' | 'system.python' | 'system.paths'> {
  const { database, pool, scheduler, secrets } = deps;

  const snapshot = (): SystemHealth => {
    let dbOk = true;
    let dbMessage: string | null = null;
    try {
      database.ping();
    } catch (error) {
      dbOk = false;
      dbMessage = `${(error as Error).message}. Runs cannot be created until the database opens again: restart the app.`;
    }
    return {
      database: { ok: dbOk, path: database.path, message: dbMessage },
      pythonWorker: pool.status(),
      scheduler: { status: scheduler.isRunning ? 'online' : 'offline', activeJobs: scheduler.activeJobs },
      secrets: { kind: secrets.kind, persistent: secrets.persistent, warning: secrets.warning },
    };
  };

  /** FR-000f: the worker is started if it is not yet, and must answer a ping, before it counts as online. */
  const workerHealth = async (): Promise<WorkerHealth> => {
    let pingError: string | null = null;
    try {
      await pool.start();
      await pool.call('ping', {}, PING_TIMEOUT_MS);
    } catch (error) {
      pingError = (error as Error).message;
    }
    const status = pool.status();
    const { argv, source, settingsProblem } = deps.python.choice();
    const interpreter = { command: argv.join(' '), source, settingsProblem };
    if (status.status === 'online' && pingError === null) return { ...status, hint: null, interpreter };
    return {
      ...status,
      interpreter,
      status: status.status === 'online' ? 'offline' : status.status,
      message: status.message ?? pingError,
      hint:
        (status.reason === 'PYTHON_NOT_FOUND' || status.reason === 'PYTHON_TOO_OLD') && deps.pythonAdvice
          ? deps.pythonAdvice
          : POOL_OFFLINE_HINTS[status.reason ?? 'PYTHON_NOT_FOUND'],
    };
  };

  return {
    'system.worker': async ({ start }) => {
      // A pool that failed keeps its backoff (the scheduler retries it); only a never-started one is started here.
      if (start && !pool.unavailable) await pool.start().catch(() => undefined);
      return { outage: pool.outage() };
    },
    'system.python': () => deps.python.describe(),
    'system.paths': async () => ({ ...deps.paths, database: database.path }),
    'health.check': async ({ providerIds, timeoutMs }): Promise<HealthReport> => {
      const pythonWorker = await workerHealth();
      // Checks run in the worker: when it is down, say so once per provider instead of retrying to spawn it each time.
      const checker =
        pythonWorker.status === 'online' ? pool : { checkProvider: () => Promise.reject(workerDown(pythonWorker)) };
      const providers = await checkProviders(
        {
          providers: deps.providers,
          pool: checker,
          catalog: deps.catalog,
          secretValues: () => deps.providers.secretValues(),
        },
        providerIds ?? PROVIDER_IDS,
        timeoutMs,
      );
      // A check that could not run (the worker is down) says nothing about the provider: only real verdicts are kept.
      deps.healthLog?.record(providers.filter((p) => p.error?.code !== 'WORKER_UNAVAILABLE'));
      const { database: db, scheduler: sched, secrets: sec } = snapshot();
      return {
        checkedAt: new Date().toISOString(),
        providers,
        pythonWorker,
        database: db,
        scheduler: sched,
        secrets: sec,
        readyToRun: db.ok && pythonWorker.status === 'online' && providers.some((p) => p.status === 'connected'),
        contactedHosts: pool.contacts.list(),
      };
    },
  };
}

function workerDown(worker: WorkerHealth): WorkerCallError {
  return new WorkerCallError({
    code: 'WORKER_UNAVAILABLE',
    message: `Not checked: the Python worker is offline (${worker.message ?? 'not running'})`,
    retryable: false,
  });
}
