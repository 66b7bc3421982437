/**
 * The scheduler: keeps up to `concurrency` jobs in flight (with per-provider limits), claims them from SQLite, runs
 * them through the Python pool, writes outcomes back, renews its leases and requeues what dead owners left behind.
 */
import { hostname } from 'node:os';
import type { ProviderId } from '../../../shared/domain';
import type { PythonPool } from '../python/pool';
import type { ProviderSettingsService } from '../providers/settings';
import type { Logger } from '../util/logger';
import { newId } from '../util/ids';
import { JobStore, type ClaimedJob, type JobError } from '../store/jobs';
import { cancelledRunIds, pauseRunsWithReason } from '../store/run-status';
import { immediate, type Sqlite } from '../store/sql';
import { CancelWatch } from './cancel-watch';
import { diskFullReason, isStorageFailure, StorageGuard } from './disk-full';
import { ProbeBuilder } from './probe-builder';
import { Recovery } from './recovery';
import { DEFAULT_CONCURRENCY, DEFAULT_PROVIDER_LIMITS, type ProviderLimits } from '../providers/limits';
import { Capacity } from './capacity';
import { settleWorkerCrash } from './worker-crash';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, toWorkerError, type RetryPolicy } from './retry-policy';

export interface SchedulerOptions {
  concurrency: number;
  /** Per-provider cap on jobs in flight; providers not listed use `remote` or `local` by kind. */
  providerLimits: ProviderLimits;
  leaseMs: number;
  jobTimeoutMs: number;
  pollMs: number;
  retry: RetryPolicy;
  /** How long a job still in flight in a cancelled run may take before it is abandoned. */
  cancelGraceMs: number;
  /**
   * When given, only jobs of these runs are claimed (the CLI's `wait RUN` fills it once it knows the run); the app and
   * browser mode leave it out and execute everything.
   */
  runIds?: ReadonlySet<string>;
  /** Most bytes read of a provider's answer (the worker's default when left out); beyond it the answer is truncated. */
  maxResponseBytes?: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  concurrency: DEFAULT_CONCURRENCY,
  providerLimits: DEFAULT_PROVIDER_LIMITS,
  leaseMs: 30_000,
  jobTimeoutMs: 300_000,
  pollMs: 500,
  retry: DEFAULT_RETRY_POLICY,
  cancelGraceMs: 15_000,
};

/** A job's outcome waiting for the next turn's transaction. */
interface Outcome {
  providerId: ProviderId;
  apply: () => void;
  done: () => void;
  fail: (error: unknown) => void;
  /** The turn's transaction hit a full disk: nothing was written; the job is handed back uncharged instead. */
  skip: () => void;
  runId: string;
  jobId: string;
}

/** What a turn's outcome resolves with when a full disk rolled the turn back and the job went back uncharged. */
const HANDED_BACK = Symbol('handed back');
const STOPPED = { code: 'INTERRUPTED', message: 'This process stopped while the job was running' };
const DISK_FULL = { code: 'INTERRUPTED', message: 'The disk was full when this job ended; it will run again' };

export class Scheduler {
  readonly owner = `${hostname()}:${process.pid}:${newId()}`;
  private readonly store: JobStore;
  private readonly probes: ProbeBuilder;
  private readonly capacity: Capacity;
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private ticking = false;
  private again = false;
  private inFlight = new Set<Promise<void>>();
  private lastExpiryCheck = 0;
  private listeners = new Set<(runId: string) => void>();
  private outcomes: Outcome[] = [];
  private readonly cancelWatch: CancelWatch;
  private readonly storage: StorageGuard;
  private readonly recovery: Recovery;
  private budget: ((runIds: readonly string[]) => string[]) | null = null;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly pool: PythonPool,
    private readonly providers: ProviderSettingsService,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {
    this.store = new JobStore(sqlite);
    this.capacity = new Capacity(providers, options);
    this.recovery = new Recovery(this.store, this.owner, logger);
    this.probes = new ProbeBuilder(sqlite, providers, options.jobTimeoutMs, options.maxResponseBytes);
    this.cancelWatch = new CancelWatch((runIds) => cancelledRunIds(sqlite, runIds), options.cancelGraceMs);
    this.storage = new StorageGuard({
      pause: (runIds, reason) => {
        const paused = pauseRunsWithReason(sqlite, runIds, reason);
        this.logger.warn('runs paused: the disk is full', { runIds, paused });
        for (const id of runIds ?? []) this.notify(id);
      },
      handBack: (jobId) => void this.store.handBack(jobId, this.owner, DISK_FULL),
      reason: diskFullReason(sqlite.name),
      onError: (message, error) => this.logger.error(message, { error }),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  get activeJobs(): number {
    return this.capacity.activeJobs;
  }

  /** Run in each turn between its writes and its claims: pauses (and answers) the runs whose spending cap was reached. */
  setBudgetCheck(check: (runIds: readonly string[]) => string[]): void {
    this.budget = check;
  }

  /** Called after every job outcome with the job's run id (progress events). */
  onProgress(listener: (runId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells progress listeners that a run changed outside a job outcome (a control). */
  notify(runId: string): void {
    for (const listener of this.listeners) listener(runId);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.recovery.orphans();
    this.pool.start().then(
      () => this.kick(),
      () => undefined,
    );
    this.timers.push(setInterval(() => this.kick(), this.options.pollMs));
    this.timers.push(setInterval(() => this.renewLeases(), Math.max(50, this.options.leaseMs / 3)));
    for (const timer of this.timers) timer.unref();
    this.logger.info('scheduler started', { owner: this.owner, concurrency: this.options.concurrency });
    this.kick();
  }

  /**
   * Stops claiming, waits up to `drainMs` (or until `cutShort` resolves: a second Ctrl-C) for jobs in flight, and
   * hands back the leases of any still running.
   */
  async stop(drainMs = 5000, cutShort?: Promise<unknown>): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const drained = Promise.all([...this.inFlight]).then(() => true);
    const inTime = await Promise.race([
      drained,
      new Promise<boolean>((r) => setTimeout(() => r(false), drainMs)),
      ...(cutShort ? [cutShort.then(() => false)] : []),
    ]);
    if (!inTime) {
      // Not the provider's fault: each goes back to the queue with its attempt given back; a late answer is dropped.
      let released = 0;
      const handBack = (id: string): boolean => this.store.handBack(id, this.owner, STOPPED);
      for (const job of this.storage.attempt(null, () => this.store.leases.held(this.owner), []))
        if (this.storage.attempt(null, () => handBack(job.id), false)) released += 1;
      this.logger.warn('scheduler stopped with jobs in flight; they went back to the queue uncharged', { released });
    }
  }

  /** A failed renewal (a full disk) is logged and tried again on the next beat: the process stays up. */
  private renewLeases(): void {
    try {
      this.store.leases.renew(this.owner, Date.now() + this.options.leaseMs);
    } catch (error) {
      if (!isStorageFailure(error)) this.logger.error('lease renewal failed', { error });
    }
  }

  /** Asks for a claim pass soon; cheap to call often. */
  kick(): void {
    if (!this.running && this.outcomes.length === 0) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    setImmediate(() => {
      try {
        this.tick();
      } catch (error) {
        this.logger.error('scheduler tick failed', { error });
      } finally {
        this.ticking = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      }
    });
  }

  private tick(): void {
    const now = Date.now();
    this.storage.retry();
    if (this.storage.blocked) return;
    if (this.running && now - this.lastExpiryCheck >= 1000) {
      this.lastExpiryCheck = now;
      // This process is plainly alive: its own leases are renewed first, so a stalled event loop (a loaded machine, a
      // long pause) never expires and re-sends a request it still has in flight.
      this.renewLeases();
      this.storage.attempt(null, () => this.recovery.expired(now, this.cancelWatch), undefined);
    }
    const writes = this.outcomes.splice(0);
    // The slots the written outcomes free are refilled in the same turn.
    const slots = this.running && this.poolReady(now) ? this.capacity.free(writes) : null;
    if (writes.length === 0 && !slots) return;
    // A CLI waiting on one run executes that run only (an empty set: nothing yet).
    const only = this.options.runIds ? [...this.options.runIds] : null;
    // One transaction per turn: every outcome that arrived since the last turn, then the claims that refill the slots.
    const runIds = [...new Set(writes.map((outcome) => outcome.runId))];
    let claimed: ClaimedJob[];
    let overBudget: string[] = [];
    try {
      const claim = slots && !(only && only.length === 0) ? slots : null;
      claimed = immediate(this.sqlite, () =>
        this.store.turn(
          () => {
            for (const outcome of writes) outcome.apply();
          },
          () => {
            if (this.budget && runIds.length > 0) overBudget = this.budget(runIds);
            return claim
              ? this.store.claimBatch(this.owner, Date.now(), this.options.leaseMs, claim.perProvider, claim.free, only)
              : [];
          },
        ),
      );
    } catch (error) {
      // A full disk rolled the whole turn back: its runs pause with the reason and its jobs go back uncharged.
      const jobIds = writes.map((outcome) => outcome.jobId);
      if (this.storage.failed(error, writes.length > 0 ? runIds : null, jobIds)) {
        for (const outcome of writes) outcome.skip();
        return;
      }
      for (const outcome of writes) outcome.fail(error);
      throw error;
    }
    for (const outcome of writes) outcome.done();
    if (overBudget.length > 0) this.logger.info('runs paused: spending cap reached', { runIds: overBudget });
    for (const runId of overBudget) this.notify(runId);
    for (const job of claimed) this.launch(job);
  }

  private launch(job: ClaimedJob): void {
    this.capacity.take(job.providerId);
    const task = this.execute(job).finally(() => {
      this.capacity.give(job.providerId);
      this.inFlight.delete(task);
      this.kick();
    });
    this.inFlight.add(task);
  }

  /**
   * Hands a job's outcome to the next turn, which writes it in the same transaction as the next claims; resolves with
   * what `write` returned once committed. A job whose outcome is not yet written is still leased to this owner: a
   * crash before the commit leaves it to recovery, never completed twice nor lost.
   */
  private settle<T>(job: ClaimedJob, write: () => T): Promise<T | typeof HANDED_BACK> {
    return new Promise<T | typeof HANDED_BACK>((resolve, reject) => {
      let result: T;
      this.outcomes.push({
        providerId: job.providerId,
        runId: job.runId,
        jobId: job.id,
        apply: () => {
          result = write();
        },
        done: () => resolve(result),
        fail: reject,
        skip: () => resolve(HANDED_BACK),
      });
      this.kick();
    });
  }

  /** Jobs are claimed only while Python is up; a failed start or crash storm is retried with the pool's backoff. */
  private poolReady(now: number): boolean {
    const { status, processes } = this.pool.status();
    // While a crashed worker restarts there may be none alive: claiming then would burn attempts for nothing.
    if (status === 'online') return processes > 0;
    // An offline pool comes back on its own backoff (0.5 s doubling to 30 s); System Health shows the next try.
    if (status === 'offline') this.pool.retryIfDue(now, () => this.kick());
    return false;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const abandoned = this.cancelWatch.watch(job.id, job.runId);
    try {
      const params = this.probes.params(job);
      // The probe is not interrupted when the job is abandoned; its late outcome is simply never looked at.
      const probe = this.pool.probe(params).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      const outcome = await Promise.race([probe, abandoned]);
      if (outcome === 'abandoned') {
        this.logger.info('abandoned a job still in flight in a cancelled run', { jobId: job.id, runId: job.runId });
      } else if ('error' in outcome) {
        throw outcome.error;
      } else {
        const written = await this.settle(job, () =>
          this.store.complete(job, this.owner, this.probes.canonicalResult(job, outcome.result)),
        );
        if (written === HANDED_BACK)
          this.logger.warn('answer not stored (disk full): the job runs again', { jobId: job.id });
        else if (!written) this.logger.warn('result dropped: the job was taken over while it ran', { jobId: job.id });
      }
    } catch (error) {
      const shape = toWorkerError(error);
      if (!this.running && (shape.code === 'WORKER_CRASHED' || shape.code === 'WORKER_UNAVAILABLE')) {
        // The pool is closing under a stop: the job was interrupted, not failed.
        const back = this.storage.attempt([job.runId], () => this.store.handBack(job.id, this.owner, STOPPED), false);
        if (back) this.logger.info('job handed back uncharged while stopping', { jobId: job.id, code: shape.code });
        return this.notify(job.runId);
      }
      if (shape.code === 'WORKER_CRASHED') {
        const settle = () => settleWorkerCrash(this.sqlite, this.store, this.owner, job, shape.message, shape.inFlight);
        const outcome = this.storage.attempt([job.runId], settle, 'not-held');
        this.logger.warn('job in flight when its worker died', { jobId: job.id, outcome });
        return this.notify(job.runId);
      }
      const at = nextAttemptAt(shape, job.attempts, job.maxAttempts, Date.now(), this.options.retry);
      const record: JobError = { ...shape, at: new Date().toISOString(), attempt: job.attempts };
      this.logger.info('job attempt failed', { jobId: job.id, code: shape.code, attempt: job.attempts, retryAt: at });
      await this.settle(job, () => this.store.release(job.id, this.owner, record, at)).catch((failure: unknown) =>
        this.logger.error('could not record a failed attempt; the lease check will requeue it', {
          jobId: job.id,
          error: failure,
        }),
      );
    } finally {
      this.cancelWatch.forget(job.id);
    }
    this.notify(job.runId);
  }
}
