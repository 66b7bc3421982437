/**
 * The CLI over the same core and handler map as the app: import definitions, list scenarios, start and wait for runs,
 * export CSV. `runCli` takes argv and streams and returns an exit code, so it is tested in-process.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { isTerminalRunStatus, MAX_SAMPLES, parseModelKey, type RunDetail } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { createCore, type Core, type CoreOptions } from '../core/create-core';
import { callRoute } from '../core/ipc/dispatch';
import { decodeUtf8Strict } from '../core/util/utf8';
import { requestedConcurrency } from '../core/scheduler/limits';
import { defaultDataDir } from '../core/paths';
import { exitCodeForSignal, InterruptedError, type Interrupts } from './signals';
import { assertWorkerCanComeBack, type WorkerWaitLimits } from './wait-guard';
import { exitCodeForError, shouldOpenReadOnly } from './data-access';
import { numberFlag, parseArgs, single, UsageError, type ParsedArgs } from './args';
import type { LogLevel } from '../core/util/logger';
import { exportCommand, exportDestinationFor, INCLUDE_FAILURES_FLAG, RAW_CSV_FLAG } from './commands/export';
import { resultsCommand, runsCommand } from './commands/results';
import { healthCommand } from './commands/health';
import { modelsCommand } from './commands/models';
import { confirmCost, modelCostText, totalCostText, YES_FLAG } from './commands/cost';

export const USAGE = `Usage: npm run cli -- [--data-dir DIR] COMMAND
  definitions import FILE                 import a YAML or JSON definition; prints its id last
  definitions list                        one line per definition
  definitions scenarios DEF_ID            one JSON line per scenario: id, name, dimensions, prompt
  run DEF_ID --model PROVIDER:MODEL[@VERSION] [--model ...] [--wait] [--sample PCT --seed N] [--samples N]
      [--concurrency N] [--yes]           queue a run (and with --wait, execute it here); prints the run id last;
                                          --samples N (1-20) asks each model every scenario N times; prints the
                                          cost estimate and, over the threshold in Settings, exits 6 unless --yes
  status RUN_ID [--json]                  progress, tokens and cost so far per model
  pause|resume|cancel RUN_ID              control a run, also one another process is executing
  wait RUN_ID                             execute this run's remaining jobs here (recovering a crash) until it ends
                                          (other runs are left to their own process); exits 5 when the Python
                                          worker cannot start (or come back) in time
  retry RUN_ID [--wait]                   requeue the failed (not cancelled) jobs of a finished run with fresh
                                          attempts; prints the run's status (with --wait, executes them here)
  export RUN_ID --out FILE [--format csv|jsonl] [--include-failures] [--raw-csv]
                                          write the run's results (CSV, or JSON Lines with full transcripts)
                                          and FILE.manifest.json; --include-failures adds failed/cancelled jobs;
                                          CSV text starting with = + - @ gets a leading ' unless --raw-csv
  results RUN_ID [--json]                 per model: versions, counts, mean/median, distribution, refusals, failures
  results RUN_ID --by DIM [--by DIM2] [--json]
                                          per model: mean decision per level of DIM with 95 % intervals and the
                                          effect (highest − lowest level); two --by: the mean per pair of levels
  runs [--status S] [--json]              every run, newest first (the dashboard list)
  health [--json] [--provider P]          System Health: providers checked live (status, fix hint), worker, database;
                                          exits 1 when no run could start
  models [--provider P] [--refresh] [--json]  the model catalog with pinnable versions (--refresh asks the providers)`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  coreOptions?: Partial<CoreOptions>;
  /** Ctrl-C / SIGTERM while jobs execute here (main.ts installs it; in-process tests may not). */
  interrupt?: Interrupts;
  /** How long `wait` waits for a Python worker that cannot start (tests shorten it). */
  workerWaitLimits?: WorkerWaitLimits;
}

const BOOLEANS = ['wait', 'json', 'help', 'quiet', 'refresh', INCLUDE_FAILURES_FLAG, RAW_CSV_FLAG, YES_FLAG] as const;
const VALUE_FLAGS = [
  'data-dir',
  'model',
  'sample',
  'samples',
  'seed',
  'concurrency',
  'out',
  'format',
  'status',
  'provider',
  'by',
] as const;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let core: Core | null = null;
  try {
    const args = parseArgs(argv, BOOLEANS, VALUE_FLAGS);
    const [command, ...rest] = args.positionals;
    if (!command || args.booleans.has('help')) {
      io.out(USAGE);
      return command ? 0 : 64;
    }
    // `npm run cli` runs in the package folder; paths a person types are relative to where they typed them.
    const cwd = io.env.INIT_CWD ?? process.cwd();
    const dataDir = resolve(cwd, single(args, 'data-dir') ?? defaultDataDir(io.env));
    const executes =
      (command === 'run' && args.booleans.has('wait')) ||
      command === 'wait' ||
      (command === 'retry' && args.booleans.has('wait'));
    // `wait RUN` executes that run only: the scheduler claims nothing until the run is known, then only its jobs.
    const runFilter = new Set<string>();
    const concurrency = numberFlag(args, 'concurrency', 1, 256);
    // The CLI resolves an export's destination itself (--out), as Electron does with Save-As.
    const out = single(args, 'out');
    core = await createCore({
      dataDir,
      env: io.env,
      startScheduler: executes,
      readonly: shouldOpenReadOnly(command, dataDir, rest[0]),
      logLevel: (io.env.VALUERANK_LOG_LEVEL as LogLevel | undefined) ?? 'warn',
      ...(command === 'export' && out ? { chooseSavePath: exportDestinationFor(resolve(cwd, out)) } : {}),
      ...io.coreOptions,
      scheduler: {
        runIds: runFilter,
        ...(concurrency ? requestedConcurrency(concurrency) : {}),
        ...io.coreOptions?.scheduler,
      },
    });
    return await dispatchCommand(core, command, rest, args, { ...io, runFilter });
  } catch (error) {
    if (error instanceof InterruptedError) return exitCodeForSignal(error.signal);
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${USAGE}`);
      return 64;
    }
    const message = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
    io.err(`error: ${message}`);
    return exitCodeForError(error);
  } finally {
    // Interrupted: requests in flight get the grace period (or until a second Ctrl-C), the rest go back to the queue.
    await core?.close(
      io.interrupt?.requested ? { graceMs: io.interrupt.graceMs, cutShort: io.interrupt.immediate } : undefined,
    );
  }
}

/** What commands get: the streams, and the set of runs this process's scheduler may execute. */
type CommandIo = CliIo & { runFilter: Set<string> };

async function dispatchCommand(
  core: Core,
  command: string,
  rest: string[],
  args: ParsedArgs,
  io: CommandIo,
): Promise<number> {
  const need = (what: string): string => {
    const value = rest[command === 'definitions' ? 1 : 0];
    if (!value) throw new UsageError(`missing ${what}`);
    return value;
  };
  switch (command) {
    case 'definitions': {
      const sub = rest[0];
      if (sub === 'import') {
        const file = need('FILE');
        const bytes = await readFile(resolve(io.env.INIT_CWD ?? process.cwd(), file)).catch((e: Error) => {
          throw new AppError('NOT_FOUND', `Cannot read ${file}: ${e.message}`);
        });
        // Decoded whole and strictly: bytes that are not UTF-8, or a NUL, are refused with their line and byte.
        const text = decodeUtf8Strict(bytes, file);
        const result = await callRoute(core.dispatch, 'definitions.import', { fileName: basename(file), text });
        const d = result.definition;
        io.err(
          `${result.alreadyImported ? 'Already imported' : 'Imported'} "${d.name}": ${d.scenarioCount} scenario${d.scenarioCount === 1 ? '' : 's'}`,
        );
        for (const warning of d.warnings) io.err(`warning: ${warning}`);
        io.out(d.id);
        return 0;
      }
      if (sub === 'list') {
        for (const d of await callRoute(core.dispatch, 'definitions.list', {}))
          io.out(`${d.id}\t${d.scenarioCount} scenarios\t${d.name}`);
        return 0;
      }
      if (sub === 'scenarios') {
        const definitionId = need('DEF_ID');
        for (let offset = 0; ; offset += 1000) {
          const page = await callRoute(core.dispatch, 'definitions.scenarios', { definitionId, offset, limit: 1000 });
          for (const s of page)
            io.out(JSON.stringify({ id: s.id, name: s.name, dimensions: s.dimensions, prompt: s.prompt }));
          if (page.length < 1000) return 0;
        }
      }
      throw new UsageError(`unknown definitions command "${sub ?? ''}"`);
    }
    case 'run':
      return runCommand(core, need('DEF_ID'), args, io);
    case 'status': {
      const run = await callRoute(core.dispatch, 'runs.get', { id: need('RUN_ID') });
      if (args.booleans.has('json')) io.out(JSON.stringify(run));
      else printStatus(run, io);
      return 0;
    }
    case 'pause':
    case 'resume':
    case 'cancel': {
      const run = await callRoute(core.dispatch, `runs.${command}`, { id: need('RUN_ID') });
      io.err(`Run ${run.id} is now ${run.status.replace(/_/g, ' ')}`);
      io.out(run.status);
      return 0;
    }
    case 'retry': {
      const id = need('RUN_ID');
      if (args.booleans.has('wait')) await callRoute(core.dispatch, 'system.worker', { start: true });
      const run = await callRoute(core.dispatch, 'runs.retryFailed', { id });
      io.err(`Run ${run.id} is now ${run.status.replace(/_/g, ' ')}: ${run.progress.pending} jobs queued again`);
      if (!args.booleans.has('wait')) {
        io.out(run.status);
        return 0;
      }
      const final = await waitForRun(core, run.id, io);
      io.out(final.status);
      return exitCodeFor(final);
    }
    case 'wait': {
      const run = await waitForRun(core, (await callRoute(core.dispatch, 'runs.get', { id: need('RUN_ID') })).id, io);
      io.out(run.status);
      return exitCodeFor(run);
    }
    case 'export':
      return exportCommand(core, need('RUN_ID'), args, io);
    case 'results':
      return resultsCommand(core, need('RUN_ID'), args, io);
    case 'runs':
      return runsCommand(core, args, io);
    case 'health':
      return healthCommand(core, args, io);
    case 'models':
      return modelsCommand(core, args, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function runCommand(core: Core, definitionId: string, args: ParsedArgs, io: CommandIo): Promise<number> {
  const modelTexts = args.flags.get('model') ?? [];
  if (modelTexts.length === 0) throw new UsageError('run needs at least one --model PROVIDER:MODEL[@VERSION]');
  const models = modelTexts.map((text) => {
    try {
      return parseModelKey(text);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  const sample = numberFlag(args, 'sample', 0.01, 100);
  const seed = numberFlag(args, 'seed', -2147483648, 2147483647);
  const samples = numberFlag(args, 'samples', 1, MAX_SAMPLES);
  if (samples !== undefined && !Number.isInteger(samples))
    throw new UsageError(`--samples must be a whole number from 1 to ${MAX_SAMPLES}, got "${samples}"`);
  const options = {
    samplePercentage: sample ?? 100,
    sampleSeed: seed ?? null,
    samples: samples ?? 1,
    temperature: null,
    maxTokens: null,
  };
  const refused = await confirmCost(core, { definitionId, models, options, yes: args.booleans.has(YES_FLAG) }, io);
  if (refused !== null) return refused;
  // Refused up front, with the fix, when no Python can start: not queued to wait for a worker that never comes.
  if (args.booleans.has('wait')) await callRoute(core.dispatch, 'system.worker', { start: true });
  const run = await callRoute(core.dispatch, 'runs.create', {
    definitionId,
    models,
    options,
    costConfirmed: args.booleans.has(YES_FLAG),
  });
  const times = run.options.samples > 1 ? `, ${run.options.samples} samples each` : '';
  io.err(
    `Queued run ${run.id}: ${run.progress.total} jobs (${models.length} model${models.length === 1 ? '' : 's'}${times})`,
  );
  if (!args.booleans.has('wait')) {
    io.out(run.id);
    return 0;
  }
  const final = await waitForRun(core, run.id, io);
  io.out(run.id);
  return exitCodeFor(final);
}

/** 0 completed, 2 ended with failures or was cancelled, 3 paused (resume, then `wait`, to continue). */
function exitCodeFor(run: RunDetail): number {
  if (run.status === 'completed') return 0;
  return run.status === 'paused' ? 3 : 2;
}

async function waitForRun(core: Core, runId: string, io: CommandIo): Promise<RunDetail> {
  let last = '';
  let printedAt = 0;
  io.runFilter.add(runId);
  io.interrupt?.arm();
  // Once nothing is queued, every job outcome of the run is checked at once (at most the jobs in flight), so the
  // command ends when the run does rather than on the next 200 ms beat.
  let eager = false;
  let wake: (() => void) | null = null;
  const off = core.events.on('run.progress', (event) => {
    if (eager && event.runId === runId) wake?.();
  });
  try {
    for (;;) {
      if (io.interrupt?.requested) throw new InterruptedError(io.interrupt.requested);
      const run = await callRoute(core.dispatch, 'runs.get', { id: runId });
      const line = `${run.status}: ${run.progress.completed}/${run.progress.total} done, ${run.progress.failed} failed`;
      const terminal = isTerminalRunStatus(run.status);
      if (line !== last && (terminal || Date.now() - printedAt >= 200)) {
        io.err(line);
        last = line;
        printedAt = Date.now();
      }
      if (terminal) {
        for (const e of run.errorSummary) io.err(`  ${e.count} × ${e.code} (${e.modelKey}): ${e.example}`);
        return run;
      }
      const { outage } = await callRoute(core.dispatch, 'system.worker', {});
      assertWorkerCanComeBack(outage, Date.now(), io.workerWaitLimits);
      // Paused, and the jobs that were in flight have finished: nothing more will happen until a resume.
      if (run.status === 'paused' && run.progress.running === 0) {
        if (run.pauseReason) io.err(`Run ${runId} paused itself: ${run.pauseReason}`);
        io.err(`Run ${runId} is paused. Continue with: npm run cli -- resume ${runId} && npm run cli -- wait ${runId}`);
        return run;
      }
      eager = run.progress.pending === 0;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          wake = null;
          resolve();
        };
        const timer = setTimeout(done, 200);
        wake = done;
      });
    }
  } finally {
    off();
  }
}

function printStatus(run: RunDetail, io: CliIo): void {
  const p = run.progress;
  const cancelled = (n: number): string => (n > 0 ? `, ${n} cancelled` : '');
  io.out(
    `${run.id}  ${run.definitionName}  ${run.status}  ${p.completed}/${p.total} completed, ${p.failed} failed${cancelled(p.cancelled)}${totalCostText(run)}`,
  );
  if (run.pauseReason) io.out(`  paused by itself: ${run.pauseReason}`);
  for (const m of run.perModel) {
    io.out(
      `  ${m.modelKey}: ${m.completed}/${m.total} completed, ${m.failed} failed${cancelled(m.cancelled)}, ${m.pending + m.running} remaining${modelCostText(run, m.modelKey)}`,
    );
  }
}
