/**
 * The scheduler: keeps up to `concurrency` jobs in flight (with per-provider limits), claims them from SQLite, runs
 * them through the Python pool, writes outcomes back, renews its leases and requeues what dead owners left behind.
 */
import { hostname } from 'node:os';
import { definitionContentSchema, PROVIDER_IDS, type DefinitionContent, type ProviderId } from '../../../shared/domain';
import { resolveScale } from '../definitions/expand';
import type { PythonPool } from '../python/pool';
import type { ProbeParams } from '../python/protocol';
import type { ProviderSettingsService } from '../providers/settings';
import type { Logger } from '../util/logger';
import { newId } from '../util/ids';
import { JobStore, type ClaimedJob, type HeldJob, type JobError } from '../store/jobs';
import { parseRunConfig } from '../store/run-config';
import { snapshotJson } from '../store/runs';
import { cancelledRunIds, pauseRunsWithReason } from '../store/run-status';
import type { Sqlite } from '../store/sql';
import { CancelWatch } from './cancel-watch';
import { diskFullReason, isStorageFailure, StorageGuard } from './disk-full';
import { DEFAULT_CONCURRENCY, DEFAULT_PROVIDER_LIMITS, defaultProviderLimit } from './limits';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, toWorkerError, type RetryPolicy } from './retry-policy';

export interface SchedulerOptions {
  concurrency: number;
  /** Per-provider cap on jobs in flight; providers not listed use `remote` or `local` by kind. */
  providerLimits: { remote: number; local: number; overrides?: Partial<Record<ProviderId, number>> };
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

const STOPPED = { code: 'INTERRUPTED', message: 'This process stopped while the job was running' };
const DISK_FULL = { code: 'INTERRUPTED', message: 'The disk was full when this job ended; it will run again' };

export class Scheduler {
  readonly owner = `${hostname()}:${process.pid}:${newId()}`;
  private readonly store: JobStore;
  private active = 0;
  private perProvider = new Map<ProviderId, number>();
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  private ticking = false;
  private again = false;
  private inFlight = new Set<Promise<void>>();
  private snapshots = new Map<string, { content: DefinitionContent; scale: { code: number; label: string }[] }>();
  private lastExpiryCheck = 0;
  private listeners = new Set<(runId: string) => void>();
  private unusable: { at: number; ids: string[] } | null = null;
  private readonly cancelWatch: CancelWatch;
  private readonly storage: StorageGuard;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly pool: PythonPool,
    private readonly providers: ProviderSettingsService,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {
    this.store = new JobStore(sqlite);
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
    return this.active;
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
    this.recoverOrphans();
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
      for (const job of this.storage.attempt(null, () => this.store.held(this.owner), []))
        if (this.storage.attempt(null, () => handBack(job.id), false)) released += 1;
      this.logger.warn('scheduler stopped with jobs in flight; they went back to the queue uncharged', { released });
    }
  }

  /** A failed renewal (a full disk) is logged and tried again on the next beat: the process stays up. */
  private renewLeases(): void {
    try {
      this.store.renewLeases(this.owner, Date.now() + this.options.leaseMs);
    } catch (error) {
      if (!isStorageFailure(error)) this.logger.error('lease renewal failed', { error });
    }
  }

  /** Asks for a claim pass soon; cheap to call often. */
  kick(): void {
    if (!this.running) return;
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
    if (now - this.lastExpiryCheck >= 1000) {
      this.lastExpiryCheck = now;
      this.storage.attempt(null, () => this.recoverExpired(now), undefined);
    }
    if (!this.poolReady(now)) return;
    while (this.running && this.active < this.options.concurrency) {
      const only = this.options.runIds ? [...this.options.runIds] : null;
      if (only && only.length === 0) break;
      const job = this.storage.attempt(
        only,
        () =>
          this.store.claim(
            this.owner,
            Date.now(),
            this.options.leaseMs,
            [...this.saturatedProviders(), ...this.unusableProviders()],
            only,
          ),
        null,
      );
      if (!job) break;
      this.active += 1;
      this.perProvider.set(job.providerId, (this.perProvider.get(job.providerId) ?? 0) + 1);
      const task = this.execute(job).finally(() => {
        this.active -= 1;
        this.perProvider.set(job.providerId, (this.perProvider.get(job.providerId) ?? 1) - 1);
        this.inFlight.delete(task);
        this.kick();
      });
      this.inFlight.add(task);
    }
  }

  /** Requeues what dead or hung owners left in flight, and abandons hung jobs of cancelled runs. */
  private recoverExpired(now: number): void {
    for (const job of this.store.expired(now)) {
      // A dead process on this machine was interrupted, not failed; a hung one or one elsewhere is charged.
      if (job.owner !== null && this.deadLocalOwner(job.owner)) this.handBackOrphan(job);
      else this.requeue(job, 'LEASE_EXPIRED', 'The process running this job stopped answering');
    }
    this.cancelWatch.check(now, (jobId, runId) => this.store.abandon(jobId, this.owner, runId));
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

  private limitFor(providerId: ProviderId): number {
    return this.providers.concurrency(providerId) ?? defaultProviderLimit(this.options, providerId);
  }

  /**
   * Providers this process has no key for. Several processes may share the database (the app, `run --wait` in a
   * terminal with its own environment): a job is left for a process that can run it rather than failed here. Run
   * creation already refuses a provider without a key, so this only matters across processes.
   */
  private unusableProviders(): string[] {
    const now = Date.now();
    if (!this.unusable || now - this.unusable.at > 2000) {
      const ids = PROVIDER_IDS.filter((id) => {
        try {
          this.providers.resolve(id);
          return false;
        } catch {
          return true;
        }
      });
      this.unusable = { at: now, ids };
    }
    return this.unusable.ids;
  }

  private saturatedProviders(): ProviderId[] {
    return [...this.perProvider.entries()].filter(([id, n]) => n >= this.limitFor(id)).map(([id]) => id);
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const abandoned = this.cancelWatch.watch(job.id, job.runId);
    try {
      const params = this.probeParams(job);
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
        const { result } = outcome;
        const done = this.storage.attempt(
          [job.runId],
          () => this.store.complete(job, this.owner, result),
          null,
          job.id,
        );
        if (done === false) this.logger.warn('result dropped: the job was taken over while it ran', { jobId: job.id });
      }
    } catch (error) {
      const shape = toWorkerError(error);
      if (!this.running && (shape.code === 'WORKER_CRASHED' || shape.code === 'WORKER_UNAVAILABLE')) {
        // The pool is closing under a stop: the job was interrupted, not failed.
        const back = this.storage.attempt([job.runId], () => this.store.handBack(job.id, this.owner, STOPPED), false);
        if (back) this.logger.info('job handed back uncharged while stopping', { jobId: job.id, code: shape.code });
        return this.notify(job.runId);
      }
      const at = nextAttemptAt(shape, job.attempts, job.maxAttempts, Date.now(), this.options.retry);
      const record: JobError = { ...shape, at: new Date().toISOString(), attempt: job.attempts };
      this.logger.info('job attempt failed', { jobId: job.id, code: shape.code, attempt: job.attempts, retryAt: at });
      this.storage.attempt([job.runId], () => this.store.release(job.id, this.owner, record, at), null, job.id);
    } finally {
      this.cancelWatch.forget(job.id);
    }
    this.notify(job.runId);
  }

  private probeParams(job: ClaimedJob): ProbeParams {
    const provider = this.providers.resolve(job.providerId);
    const snapshot = this.snapshot(job.snapshotHash);
    const config = parseRunConfig(job.configJson);
    const messages: ProbeParams['messages'] = [];
    if (snapshot.content.preamble.trim()) messages.push({ role: 'system', content: snapshot.content.preamble.trim() });
    messages.push({ role: 'user', content: job.prompt });
    return {
      provider: { id: provider.id, kind: provider.kind, baseUrl: provider.baseUrl, apiKey: provider.apiKey },
      model: { id: job.modelId, version: job.modelVersion },
      messages,
      params: { temperature: config.options.temperature, maxTokens: config.options.maxTokens },
      timeoutMs: this.options.jobTimeoutMs,
      scale: snapshot.scale,
      ...(this.options.maxResponseBytes ? { maxResponseBytes: this.options.maxResponseBytes } : {}),
    };
  }

  private snapshot(hash: string): { content: DefinitionContent; scale: { code: number; label: string }[] } {
    let entry = this.snapshots.get(hash);
    if (!entry) {
      const content = definitionContentSchema.parse(JSON.parse(snapshotJson(this.sqlite, hash) ?? 'null'));
      entry = { content, scale: resolveScale(content) };
      if (this.snapshots.size > 100) this.snapshots.clear();
      this.snapshots.set(hash, entry);
    }
    return entry;
  }

  private requeue(job: HeldJob, code: string, message: string): void {
    const error: JobError = { code, message, retryable: true, at: new Date().toISOString(), attempt: job.attempts };
    const retryAt = job.attempts < job.maxAttempts ? Date.now() : null;
    if (this.store.release(job.id, job.owner, error, retryAt)) {
      this.logger.warn('requeued a job left in flight', { jobId: job.id, previousOwner: job.owner, code });
    }
  }

  /** Boot recovery: jobs held by a dead process on this machine are requeued now, not when their lease runs out. */
  private recoverOrphans(): void {
    const orphans = this.store.orphaned((owner) => this.deadLocalOwner(owner));
    for (const job of orphans) this.handBackOrphan(job);
    if (orphans.length > 0) this.logger.info('recovered interrupted jobs', { count: orphans.length });
  }

  /** An owner on this machine whose process is gone (or an earlier scheduler of this very process). */
  private deadLocalOwner(owner: string): boolean {
    const [ownerHost, pid] = owner.split(':');
    if (owner === this.owner || ownerHost !== hostname()) return false;
    return Number(pid) === process.pid || !processAlive(Number(pid));
  }

  /** A crash, kill or power loss is not the provider's fault: the job goes back uncharged, noted in its history. */
  private handBackOrphan(job: HeldJob): void {
    const note = { code: 'INTERRUPTED', message: 'The app stopped while this job was running' };
    if (this.store.handBack(job.id, job.owner, note))
      this.logger.warn('requeued a job left in flight', { jobId: job.id, previousOwner: job.owner });
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
