/** One Python worker process: spawn, ready handshake, request ids with timeouts, and a graceful-then-forceful stop. */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import type { Logger } from '../util/logger';
import type { WorkerCallCode } from '../../../shared/worker-errors';
import { parseResponse } from './fast-parse';
import { PoolStartError, PROTOCOL_VERSION, readyMessageSchema, WorkerCallError } from './protocol';

export interface WorkerProcessOptions {
  /** An argv prefix (a path with spaces stays whole), or one string split on spaces unless it names a file. */
  command: string | readonly string[];
  pythonDir: string;
  threads: number;
  logger: Logger;
  readyTimeoutMs: number;
  onExit: (info: { code: number | null; signal: string | null; expected: boolean }) => void;
  /** A connection the worker is about to open (`{type: 'contact', host, port, scheme}` on its protocol channel). */
  onContact?: (message: unknown) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: WorkerCallError) => void;
  timer: NodeJS.Timeout;
}

export class WorkerProcess {
  python: string | null = null;
  inFlight = 0;
  private child: ResultPromise<{ buffer: false; reject: false }> | null = null;
  private pending = new Map<string, Pending>();
  private nextId = 1;
  private stopping = false;
  private exited = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkerProcessOptions) {}

  /** Spawns the process and resolves once it has said it is ready. */
  async start(): Promise<void> {
    const { command, pythonDir, threads, logger } = this.options;
    const [file, ...args] =
      typeof command !== 'string' ? command : existsSync(command) ? [command] : command.split(' ').filter(Boolean);
    const child = execa(file ?? 'python3', [...args, '-u', '-m', 'valuerank_worker', '--threads', String(threads)], {
      cwd: pythonDir,
      env: { PYTHONPATH: pythonDir, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      extendEnv: true,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      cleanup: true,
    });
    this.child = child;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new PoolStartError('START_TIMEOUT', `no ready message within ${this.options.readyTimeoutMs} ms`)),
        this.options.readyTimeoutMs,
      );
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        if (this.python === null) {
          const parsed = safeJson(line);
          const ready = readyMessageSchema.safeParse(parsed);
          if (ready.success) {
            clearTimeout(timer);
            // The worker says which protocol it speaks: one from another app version is refused, not half-understood.
            if (ready.data.protocol !== PROTOCOL_VERSION) {
              this.stopping = true;
              child.kill();
              reject(
                new PoolStartError(
                  'PROTOCOL_MISMATCH',
                  `The Python worker in ${pythonDir} speaks protocol version ${ready.data.protocol}; ` +
                    `this app speaks version ${PROTOCOL_VERSION}`,
                ),
              );
              return;
            }
            this.python = ready.data.python;
            resolve();
            return;
          }
        }
        this.onLine(line);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new PoolStartError(error.code === 'ENOENT' ? 'PYTHON_NOT_FOUND' : 'START_FAILED', error.message));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.exited = true;
        const how = `exited with code ${code ?? 'null'}${signal ? ` (${signal})` : ''}`;
        reject(new PoolStartError('START_FAILED', `${how} before it was ready`));
        this.failAll(
          'WORKER_CRASHED',
          `The Python worker exited (code ${code ?? 'null'}${signal ? `, ${signal}` : ''})`,
        );
        this.options.onExit({ code, signal, expected: this.stopping });
      });
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      const parsed = safeJson(line);
      if (parsed && typeof parsed === 'object')
        logger.debug('python', { worker: child.pid, ...(parsed as Record<string, unknown>) });
      else logger.warn('python stderr', { worker: child.pid, line: line.slice(0, 2000) });
    });
    await ready;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== null && !this.exited && this.python !== null;
  }

  call(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    const child = this.child;
    if (!child || !this.alive || this.stopping) {
      return Promise.reject(
        new WorkerCallError({
          code: 'WORKER_UNAVAILABLE',
          message: 'The Python worker is not running',
          retryable: true,
        }),
      );
    }
    const id = `r${this.nextId++}`;
    this.inFlight += 1;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(
          id,
          new WorkerCallError({
            code: 'TIMEOUT',
            message: `No answer from the worker within ${timeoutMs} ms`,
            retryable: true,
          }),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      // Requests sent in one tick (a scheduler turn's claims) leave in one pipe write.
      if (!child.stdin.writableCorked) {
        child.stdin.cork();
        process.nextTick(() => child.stdin?.uncork());
      }
      child.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
  }

  private onLine(line: string): void {
    const json = safeJson(line);
    if (isContact(json)) {
      this.options.onContact?.(json);
      return;
    }
    const response = parseResponse(json);
    if (!response.success) {
      this.options.logger.warn('unexpected line from the Python worker', { line: line.slice(0, 500) });
      return;
    }
    const message = response.data;
    if (message.id === null) {
      this.options.logger.warn('worker rejected a request', { error: message.ok ? null : message.error });
      return;
    }
    this.settle(message.id, message.ok ? { value: message.result } : new WorkerCallError(message.error));
  }

  private settle(id: string, outcome: { value: unknown } | WorkerCallError): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    this.inFlight -= 1;
    clearTimeout(entry.timer);
    if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    if (outcome instanceof WorkerCallError) entry.reject(outcome);
    else entry.resolve(outcome.value);
  }

  private failAll(code: WorkerCallCode, message: string): void {
    const inFlight = this.pending.size;
    for (const id of [...this.pending.keys()])
      this.settle(id, new WorkerCallError({ code, message, retryable: true, inFlight }));
  }

  /**
   * Resolves once no request is in flight (each has its own timeout, so this always comes). The worker abandons what
   * is in flight when its stdin closes, so a graceful switch waits for this before stop().
   */
  idle(): Promise<void> {
    if (this.inFlight === 0 || this.exited) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drain (close stdin, wait), then SIGTERM, then SIGKILL. */
  async stop(graceMs = 2000): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const within = (ms: number): Promise<boolean> =>
      Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    child.stdin.end();
    if (await within(graceMs)) return;
    child.kill('SIGTERM');
    if (await within(1000)) return;
    child.kill('SIGKILL');
    await within(1000);
  }

  /** For crash tests and the health page's "restart": kill without draining. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

function isContact(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'contact';
}
