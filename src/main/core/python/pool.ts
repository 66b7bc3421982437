/** The supervised pool of Python workers: start, route calls to the least busy process, restart with backoff. */
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import { ContactLog } from './contacts';
import { parseProbe } from './fast-parse';
import {
  CATALOG_CALL_SLACK_MS,
  checkProviderResultSchema,
  listModelsResultSchema,
  type CatalogParams,
  type CheckProviderResult,
  type ListModelsResult,
} from './catalog-protocol';
import { poolOfflineMessage, type PoolOfflineReason, type WorkerOutage } from '../../../shared/worker-errors';
import {
  extractDecisionsResultSchema,
  malformedResult,
  PoolStartError,
  WorkerCallError,
  type ExtractedDecision,
  type ProbeParams,
  type ProbeResult,
} from './protocol';

/** One extract_decisions call reads at most a few thousand replies: far below a second of the worker's time. */
const EXTRACT_TIMEOUT_MS = 60_000;
import { WorkerProcess } from './worker-process';

export interface PythonPoolOptions {
  command: string | readonly string[];
  pythonDir: string;
  size: number;
  threadsPerWorker: number;
  logger: Logger;
  readyTimeoutMs?: number;
  /** Crash budget: more than this many unexpected exits within `crashWindowMs` takes the pool offline. */
  maxCrashes?: number;
  crashWindowMs?: number;
}

export interface PoolStatus {
  status: 'online' | 'starting' | 'offline';
  python: string | null;
  processes: number;
  restarts: number;
  message: string | null;
  /** Why the pool is offline (null while online or starting); `message` says it in words, with the fix. */
  reason: PoolOfflineReason | null;
}

export const MIN_PYTHON = [3, 10] as const;

/** While the pool cannot run Python: why, since when, and when it tries again (null: it will not, it is closed). */
/** Why the Python worker is down and when the pool retries (the shared shape, named for this module). */
export type PoolOutage = WorkerOutage;

/** The restart delay after the n-th outage in a row: 0.5 s, 1 s, 2 s, … capped at 30 s. */
export function restartDelayMs(attempts: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));
}

/** An outage this long after the pool was last online counts as a new one: the backoff starts again. */
const STABLE_MS = 60_000;

export class PythonPool {
  /** The hosts its workers connected to since the pool was made (System Health lists them). */
  readonly contacts = new ContactLog();
  private workers: (WorkerProcess | null)[] = [];
  private state: PoolStatus['status'] = 'offline';
  private message: string | null = 'not started';
  private reason: PoolOfflineReason | null = 'NOT_STARTED';
  private failure = false;
  private restarts = 0;
  /** Every unexpected exit this pool has handled, ever (never reset, unlike the crash budget's window). */
  private crashesHandled = 0;
  private crashes: number[] = [];
  private closed = false;
  private starting: Promise<void> | null = null;
  private outageSince: number | null = null;
  private outageAttempts = 0;
  private nextRetryAt: number | null = null;
  private onlineSince: number | null = null;
  private commandInUse: string | readonly string[];
  /** Workers of an earlier interpreter, finishing the requests they were given before they exit. */
  private readonly retiring = new Set<WorkerProcess>();

  constructor(private readonly options: PythonPoolOptions) {
    this.commandInUse = options.command;
  }

  /** The interpreter command the workers are (or will be) started with. */
  get command(): string | readonly string[] {
    return this.commandInUse;
  }

  /**
   * Switches to another interpreter (Settings changed it): new calls go to workers started with `command`, while the
   * old workers finish the requests they already have and are stopped once idle, so nothing in flight is lost. A pool that was never started stays unstarted; one that was is started again at once.
   */
  async restart(command: string | readonly string[], drainMs = 60_000): Promise<void> {
    if (this.closed) return;
    await this.starting?.catch(() => undefined);
    const wasStarted = this.state !== 'offline' || this.failure;
    const old = this.workers;
    this.commandInUse = command;
    this.workers = [];
    this.state = 'offline';
    this.reason = 'NOT_STARTED';
    this.message = 'not started';
    this.failure = false;
    this.crashes = [];
    this.outageSince = null;
    this.outageAttempts = 0;
    this.nextRetryAt = null;
    // The worker abandons requests in flight when its stdin closes: each old worker is stopped only once it has
    // answered what it was given (or after drainMs), so no paid request is lost and sent again.
    const retire = async (worker: WorkerProcess): Promise<void> => {
      this.retiring.add(worker);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([worker.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      await worker.stop();
      this.retiring.delete(worker);
    };
    for (const worker of old) if (worker) void retire(worker);
    this.options.logger.info('python pool switches interpreter', { command: [command].flat().join(' ') });
    if (wasStarted) await this.start().catch(() => undefined);
  }

  /** True when Python was tried and could not be started or keeps crashing: runs must be refused, with the reason. */
  get unavailable(): boolean {
    return this.state === 'offline' && this.failure && !this.closed;
  }

  status(): PoolStatus {
    const alive = this.workers.filter((w) => w?.alive);
    const outage = this.outage();
    const retry =
      outage?.nextRetryAt != null
        ? ` Trying again in ${Math.max(1, Math.ceil((outage.nextRetryAt - Date.now()) / 1000))} s ` +
          `(attempt ${outage.attempts + 1}).`
        : '';
    return {
      status: this.state,
      python: alive[0]?.python ?? null,
      processes: alive.length,
      restarts: this.restarts,
      message: this.message === null ? null : `${this.message}${retry}`,
      reason: this.state === 'offline' ? this.reason : null,
    };
  }

  /** Null while Python is running (or was never asked to); otherwise what is wrong and when the pool retries. */
  outage(): PoolOutage | null {
    if (this.closed || this.state === 'online' || this.outageSince === null) return null;
    return {
      reason: this.message ?? 'The Python worker is offline',
      since: this.outageSince,
      everOnline: this.onlineSince !== null,
      attempts: this.outageAttempts,
      nextRetryAt: this.nextRetryAt,
    };
  }

  /**
   * Restarts an offline pool once its backoff has passed; the scheduler calls this on every tick while it runs, so a
   * pool that failed to start or crashed too often keeps coming back while there is work to do.
   */
  retryIfDue(now = Date.now(), onReady?: () => void): void {
    if (!this.unavailable || this.starting || this.nextRetryAt === null || now < this.nextRetryAt) return;
    this.options.logger.info('restarting the python pool', { attempt: this.outageAttempts + 1 });
    this.start().then(onReady, () => undefined);
  }

  /** Starts every worker; resolves when all are ready, rejects (and goes offline) when Python cannot be started. */
  start(): Promise<void> {
    if (this.state === 'online' || this.closed) return Promise.resolve();
    this.starting ??= this.doStart().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Records one more outage in a row (a failed start or a crash storm) and when to try again. */
  private wentOffline(now = Date.now()): void {
    if (this.onlineSince !== null && now - this.onlineSince >= STABLE_MS) this.outageAttempts = 0;
    this.outageSince ??= now;
    this.outageAttempts += 1;
    this.nextRetryAt = this.closed ? null : now + restartDelayMs(this.outageAttempts);
  }

  private async doStart(): Promise<void> {
    this.state = 'starting';
    this.message = null;
    try {
      if (!existsSync(join(this.options.pythonDir, 'valuerank_worker'))) {
        throw new PoolStartError('PACKAGE_MISSING', `The worker package is missing from ${this.options.pythonDir}`);
      }
      const spawned = await Promise.allSettled(
        Array.from({ length: this.options.size }, (_, slot) => this.spawn(slot)),
      );
      this.workers = spawned.map((result) => (result.status === 'fulfilled' ? result.value : null));
      const failed = spawned.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      const version = this.workers[0]?.python ?? '';
      const [major = 0, minor = 0] = version.split('.').map(Number);
      if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
        throw new PoolStartError(
          'PYTHON_TOO_OLD',
          `Python ${version} found; ValueRank needs Python ${MIN_PYTHON.join('.')} or newer`,
        );
      }
      this.state = 'online';
      this.failure = false;
      this.message = null;
      this.outageSince = null;
      this.nextRetryAt = null;
      this.onlineSince = Date.now();
    } catch (error) {
      this.state = 'offline';
      this.failure = true;
      this.wentOffline();
      this.reason = error instanceof PoolStartError ? error.reason : 'START_FAILED';
      this.message = poolOfflineMessage(
        this.reason,
        `${(error as Error).message}. The worker runs "${[this.commandInUse].flat().join(' ')} -m valuerank_worker"`,
      );
      this.options.logger.error('python pool failed to start', { message: this.message });
      await Promise.all(this.workers.map((w) => w?.stop(200)));
      throw new WorkerCallError({ code: 'WORKER_UNAVAILABLE', message: this.message, retryable: false });
    }
  }

  private async spawn(slot: number): Promise<WorkerProcess> {
    const worker: WorkerProcess = new WorkerProcess({
      command: this.commandInUse,
      pythonDir: this.options.pythonDir,
      threads: this.options.threadsPerWorker,
      logger: this.options.logger,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 15_000,
      onContact: (message) => this.contacts.offer(message),
      onExit: ({ code, signal, expected }) => {
        if (expected || this.closed || this.state !== 'online') return;
        this.options.logger.warn('python worker exited unexpectedly', { slot, code, signal });
        this.onCrash(slot, worker);
      },
    });
    await worker.start();
    this.options.logger.info('python worker ready', { slot, pid: worker.pid, python: worker.python });
    return worker;
  }

  private onCrash(slot: number, dead: WorkerProcess): void {
    if (this.workers[slot] !== dead) return;
    this.workers[slot] = null;
    this.crashesHandled += 1;
    const now = Date.now();
    const window = this.options.crashWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((t) => now - t < window), now];
    if (this.crashes.length > (this.options.maxCrashes ?? 5)) {
      this.state = 'offline';
      this.failure = true;
      this.reason = 'WORKER_CRASHED';
      this.message = poolOfflineMessage(
        this.reason,
        `The Python worker crashed ${this.crashes.length} times within ${Math.round(window / 1000)} s`,
      );
      this.options.logger.error('python pool over its crash budget', { crashes: this.crashes.length });
      this.crashes = [];
      this.wentOffline(now);
      // Stop what is left so the next start begins from a clean pool; the scheduler restarts it after the backoff.
      const survivors = this.workers;
      this.workers = [];
      void Promise.all(survivors.map((w) => w?.stop(200)));
      return;
    }
    const delay = Math.min(10_000, 250 * 2 ** (this.crashes.length - 1));
    setTimeout(() => {
      if (this.closed || this.state !== 'online') return;
      this.spawn(slot)
        .then((worker) => {
          if (this.closed) return void worker.stop(200);
          this.workers[slot] = worker;
          this.restarts += 1;
        })
        .catch((error: unknown) => {
          this.options.logger.error('python worker restart failed', { slot, error });
          this.workers[slot] = dead;
          this.onCrash(slot, dead);
        });
    }, delay).unref();
  }

  private pick(): WorkerProcess {
    const alive = this.workers.filter((w): w is WorkerProcess => w !== null && w.alive);
    if (alive.length === 0) {
      throw new WorkerCallError({
        code: 'WORKER_UNAVAILABLE',
        message: this.message ?? 'No Python worker is running',
        retryable: this.state === 'online',
      });
    }
    return alive.reduce((best, w) => (w.inFlight < best.inFlight ? w : best));
  }

  async call(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.state !== 'online') await this.start();
    return this.pick().call(method, params, timeoutMs);
  }

  async probe(params: ProbeParams): Promise<ProbeResult> {
    const raw = await this.call('probe_scenario', params, params.timeoutMs + 5_000);
    const parsed = parseProbe(raw);
    if (!parsed.success) throw malformedResult(parsed.error);
    return parsed.data;
  }

  /** The provider's model list (what the key may use, what a local server has installed). */
  async listModels(params: CatalogParams): Promise<ListModelsResult> {
    return parseResult(
      listModelsResultSchema,
      await this.call('list_models', params, params.timeoutMs + CATALOG_CALL_SLACK_MS),
    );
  }

  /** System Health's connectivity check: one cheap authenticated call, timed. Failures reject with WorkerCallError. */
  async checkProvider(params: CatalogParams): Promise<CheckProviderResult> {
    return parseResult(
      checkProviderResultSchema,
      await this.call('check_provider', params, params.timeoutMs + CATALOG_CALL_SLACK_MS),
    );
  }

  /** How many unexpected worker exits the pool has handled since it was created: a count that only grows. */
  crashCount(): number {
    return this.crashesHandled;
  }

  /** Stored replies read again by the worker's reader (never a provider call): one decision per reply, in order. */
  async extractDecisions(
    scale: readonly { code: number; label: string }[],
    replies: string[],
  ): Promise<ExtractedDecision[]> {
    const { decisions } = parseResult(
      extractDecisionsResultSchema,
      await this.call('extract_decisions', { scale, replies }, EXTRACT_TIMEOUT_MS),
    );
    if (decisions.length !== replies.length) {
      throw new WorkerCallError({
        code: 'MALFORMED_WORKER_RESULT',
        message: `The worker returned ${decisions.length} decisions for ${replies.length} replies`,
        retryable: false,
      });
    }
    return decisions;
  }

  /** The process ids of the live workers (what an operator, or a crash test, would signal). */
  workerPids(): number[] {
    return this.workers.flatMap((w) => (w?.alive && w.pid !== undefined ? [w.pid] : []));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.nextRetryAt = null;
    this.state = 'offline';
    this.reason = 'STOPPED';
    this.message = 'stopped';
    await Promise.all([...this.workers, ...this.retiring].map((w) => w?.stop()));
    this.workers = [];
  }
}

function parseResult<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw malformedResult(parsed.error);
  return parsed.data;
}
