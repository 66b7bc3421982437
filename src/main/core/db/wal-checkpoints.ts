/**
 * Checkpoints off the main thread during long writes. By default the core's connection checkpoints the write-ahead log
 * itself, inside a commit, whenever the log passes 1,000 pages: copying those pages into the database file and two
 * fsyncs on the main thread. Ingesting a batch's result file commits page after page of rows, and those checkpoints
 * were the largest single cost of it (a profile: about a quarter of the writer's time). While a long write holds this
 * (`hold()`), the connection's own checkpoints are off and each commit hands one to a worker thread instead (at most one
 * in flight; the next commit starts the next), so the writer only appends to the log. A PASSIVE checkpoint alone never
 * lets the log start over while the writer keeps committing (SQLite restarts it only when a write transaction begins
 * with every frame already copied, and by then the next commit has added more): measured, the log grew by about 2 KB
 * per ingested row, 200 MB for 100,000. So once the log file is past `restartBytes` after a checkpoint, the thread runs a
 * TRUNCATE next (it copies the few frames written since and empties the log file) while the holders wait for it
 * before their next transaction (`ready()`, awaited: the event loop and the UI's reads go on). When the last holder
 * lets go, the in-flight checkpoint is awaited and SQLite's default comes back. If the thread cannot be started or
 * fails, the checkpoint is made here, as before: slower, never skipped (between this connection's own transactions it
 * copies every frame, so the log starts over at the next commit).
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import type Database from 'better-sqlite3';
import type { Logger } from '../util/logger';
import { startWorkerPool, taskResult, workerFile } from '../util/worker-task';
import type { CheckpointResult, CheckpointTask, CheckpointTaskOutcome } from './checkpoint-worker';

/** SQLite's default `wal_autocheckpoint`, put back when no long write holds the checkpoints. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/**
 * Least time between two checkpoints' starts: each copies the pages every commit since touches again (the counters,
 * the indexes' upper levels), so fewer, larger checkpoints copy less; a second's writes (about 50 MB of log at
 * 20,000 rows a second) is what the log grows to between them.
 */
export const MIN_INTERVAL_MS = 1000;

/** The log file's size past which, after a checkpoint, the thread empties it. */
export const RESTART_BYTES = 64 * 1024 * 1024;

/** How long a checkpoint on the thread may take before it is given up on (a huge log on a slow disk takes seconds). */
const THREAD_TIMEOUT_MS = 120_000;

/** The name electron.vite.config.ts gives the worker entry, emitted beside the main bundle. */
export const CHECKPOINT_WORKER_BUNDLE_NAME = 'checkpoint-worker.js';

export function checkpointWorkerFile(here: string = fileURLToPath(import.meta.url)): string {
  return workerFile(
    {
      what: 'checkpoint',
      devShim: 'checkpoint-worker-dev.mjs',
      bundleName: CHECKPOINT_WORKER_BUNDLE_NAME,
      missingCode: 'INTERNAL',
    },
    here,
  );
}

export interface WalCheckpointOptions {
  databasePath: string;
  nativeBinding?: string;
  /** Tests: a worker file that fails, to prove the fallback. */
  workerFile?: string;
  /** Tests: RESTART_BYTES and MIN_INTERVAL_MS. */
  restartBytes?: number;
  minIntervalMs?: number;
}

/**
 * What a holder does: await `ready()` before each transaction (it waits only while the log is being emptied), tell
 * after each commit, and let go (awaiting the checkpoint in flight) when done.
 */
export interface CheckpointHold {
  ready(): Promise<void>;
  committed(): void;
  release(): Promise<void>;
}

export class WalCheckpoints {
  private pool: Promise<Piscina> | null = null;
  private inFlight: Promise<void> | null = null;
  /** Set while the thread empties the log: holders start no transaction until it is done. */
  private emptying: Promise<void> | null = null;
  private holders = 0;
  private lastStart = 0;
  /** The thread failed once: every later checkpoint is made here (logged once). */
  private threadFailed = false;
  /** Checkpoints made by the thread and here (the fallback): for tests and the log. */
  readonly made = { thread: 0, here: 0, emptied: 0 };

  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: WalCheckpointOptions,
    private readonly logger: Logger,
  ) {}

  hold(): CheckpointHold {
    if (this.holders === 0) this.sqlite.pragma('wal_autocheckpoint = 0');
    this.holders += 1;
    let released = false;
    return {
      ready: async () => {
        await this.emptying;
      },
      committed: () => {
        if (!released) this.start();
      },
      release: async () => {
        if (released) return;
        released = true;
        this.holders -= 1;
        if (this.holders > 0) return;
        await this.inFlight;
        // A connection closed meanwhile (the core shut down) has nothing to set.
        if (this.sqlite.open && this.holders === 0)
          this.sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      },
    };
  }

  /** Awaits the checkpoint in flight and lets the thread go. */
  async close(): Promise<void> {
    await this.inFlight;
    const pool = this.pool;
    this.pool = null;
    await (await pool)?.destroy();
  }

  private start(): void {
    if (this.inFlight) return;
    if (Date.now() - this.lastStart < (this.options.minIntervalMs ?? MIN_INTERVAL_MS)) return;
    this.lastStart = Date.now();
    this.inFlight = this.checkpoint()
      .catch((error: unknown) => this.logger.warn('checkpoint failed', { error: (error as Error).message }))
      .finally(() => {
        this.inFlight = null;
      });
  }

  private async checkpoint(): Promise<void> {
    const onThread = this.threadFailed
      ? null
      : await this.onThread('PASSIVE').catch((error: unknown) => this.failed(error));
    const result = onThread ?? this.here();
    if (result) this.logger.debug('checkpoint', { ...result });
    // The log as it is now (the checkpoint took a while, and commits went on), not as the checkpoint found it.
    if (onThread && this.logBytes() >= (this.options.restartBytes ?? RESTART_BYTES)) await this.empty();
  }

  private logBytes(): number {
    try {
      return statSync(`${this.options.databasePath}-wal`).size;
    } catch {
      return 0;
    }
  }

  /**
   * The log emptied by the thread (a reader holding it past the thread's busy timeout leaves it for the next time). A
   * PASSIVE pass first copies what was committed during the checkpoint that found the log long, while writes go on; the
   * TRUNCATE the writer waits for then has only what came in during that pass left to copy.
   */
  private async empty(): Promise<void> {
    if (!(await this.onThread('PASSIVE').catch((error: unknown) => this.failed(error)))) return;
    const truncating = this.onThread('TRUNCATE').catch((error: unknown) => this.failed(error));
    this.emptying = truncating.then(() => undefined);
    const result = await truncating.finally(() => {
      this.emptying = null;
    });
    if (!result) return;
    if (result.busy === 0) this.made.emptied += 1;
    this.logger.debug('checkpoint (log emptied)', { ...result });
  }

  private failed(error: unknown): null {
    this.threadFailed = true;
    this.logger.warn('the checkpoint thread failed; checkpointing on the main thread from now on', {
      error: (error as Error).message,
    });
    return null;
  }

  /** The fallback: the checkpoint on this connection (none once it has closed). */
  private here(): CheckpointResult | null {
    if (!this.sqlite.open) return null;
    const [result] = this.sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    this.made.here += 1;
    return result ?? null;
  }

  private async onThread(mode: 'PASSIVE' | 'TRUNCATE'): Promise<CheckpointResult> {
    const file = this.options.workerFile ?? checkpointWorkerFile();
    // piscina waits forever on a worker whose file cannot be loaded: look first.
    if (!existsSync(file)) throw new Error(`The checkpoint worker is missing (${file})`);
    // Kept while writes go on, let go a few seconds after the last one.
    this.pool ??= startWorkerPool(file, { minThreads: 0, idleTimeout: 5_000 });
    const pool = await this.pool;
    const task: CheckpointTask = {
      databasePath: this.options.databasePath,
      mode,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    };
    // A thread that never answers (it could not start) is given up on: the checkpoint is then made here.
    const outcome = (await pool.run(task, { signal: AbortSignal.timeout(THREAD_TIMEOUT_MS) })) as CheckpointTaskOutcome;
    const result = taskResult(outcome, 'INTERNAL');
    this.made.thread += 1;
    return result;
  }
}
