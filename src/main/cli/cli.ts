/**
 * The CLI over the same core and handler map as the app: import definitions, list scenarios, start and wait for runs,
 * export CSV. `runCli` takes argv and streams and returns an exit code, so it is tested in-process.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parallelRequestsSchema, type RunDetail } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import {
  createCore,
  type Core,
  type CoreOptions,
  callRoute,
  requestedConcurrency,
  decodeUtf8Strict,
  startupDataDir,
  type LogLevel,
} from '../core';
import { exitCodeForSignal, InterruptedError, type Interrupts } from '../front-door/signals';
import type { WorkerWaitLimits } from './wait-guard';
import { exitCodeForError, RUNS_WRITE_SUBCOMMANDS, shouldOpenReadOnly } from './data-access';
import { numberFlag, parseArgs, single, UsageError, type ParsedArgs } from './args';
import {
  BATCH_FLAG,
  exitCodeFor,
  IGNORE_HEALTH_FLAG,
  RUN_VALUE_FLAGS,
  runCommand,
  waitForRun,
  type CommandIo,
} from './commands/run';
import { exportCommand, exportDestinationFor, INCLUDE_FAILURES_FLAG, RAW_CSV_FLAG } from './commands/export';
import { compareCommand } from './commands/compare';
import { resultsCommand, runsCommand, unreadLine } from './commands/results';
import { healthCommand } from './commands/health';
import { modelsCommand } from './commands/models';
import { pricesCommand } from './commands/prices';
import { backupCommand, dataFolderCommand, restoreCommand } from './commands/data-folder';
import { manageRunsCommand } from './commands/runs-manage';
import { transcriptsCommand } from './commands/transcripts';
import { studyCommand, valuesCommand } from './commands/study';
import { modelCostText, totalCostText, YES_FLAG } from './commands/cost';
import { DEFINITION_EDIT_SUBCOMMANDS, definitionsEditCommand } from './commands/definitions-edit';
import { batchesCommand } from './commands/batches';
import { USAGE } from './usage';

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

const BOOLEANS = [
  'wait',
  'json',
  'help',
  'quiet',
  'refresh',
  INCLUDE_FAILURES_FLAG,
  RAW_CSV_FLAG,
  YES_FLAG,
  IGNORE_HEALTH_FLAG,
  BATCH_FLAG,
  'watch',
  'archived',
  'all',
  'refusal',
  'clear',
  'values',
  'agreement',
] as const;
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
  'baseline',
  'search',
  'score',
  'note',
  'file',
  'name',
  'notes',
  'run',
  'decision',
  'outcome',
  'source',
  'grep',
  'level',
  'scenario',
  'input',
  'output',
  'batch-input',
  'batch-output',
  ...RUN_VALUE_FLAGS,
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
    const dataDir = resolve(cwd, single(args, 'data-dir') ?? startupDataDir(io.env));
    // Restoring replaces the database file: it runs with no core, so nothing here has the database open.
    if (command === 'restore') return await restoreCommand(dataDir, rest[0], io);
    const executes =
      (command === 'run' && args.booleans.has('wait')) ||
      command === 'wait' ||
      (command === 'retry' && args.booleans.has('wait'));
    // `wait RUN` executes that run only: the scheduler claims nothing until the run is known, then only its jobs.
    const runFilter = new Set<string>();
    const concurrency = numberFlag(args, 'concurrency', parallelRequestsSchema);
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
      if (DEFINITION_EDIT_SUBCOMMANDS.has(sub ?? '')) return definitionsEditCommand(core, rest, args, io);
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
        io.err(`answer scale: ${d.scaleSummary}`);
        for (const warning of d.warnings) io.err(`warning: ${warning}`);
        io.out(d.id);
        return 0;
      }
      if (sub === 'list') {
        const includeArchived = args.booleans.has('all');
        for (const d of await callRoute(core.dispatch, 'definitions.list', { includeArchived }))
          io.out(`${d.id}\tv${d.version}\t${d.scenarioCount} scenarios\t${d.name}${d.archived ? '\t(archived)' : ''}`);
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
    case 'reextract': {
      const id = need('RUN_ID');
      await callRoute(core.dispatch, 'system.worker', { start: true });
      const d = await callRoute(core.dispatch, 'runs.reextract', { id });
      io.err(
        `Read ${d.examined} stored replies on ${d.scaleSummary}: ${d.changed} decisions changed; ` +
          `unparseable ${d.unparseableBefore} before, ${d.unparseableAfter} after`,
      );
      io.out(String(d.changed));
      return 0;
    }
    case 'wait': {
      const run = await waitForRun(core, (await callRoute(core.dispatch, 'runs.get', { id: need('RUN_ID') })).id, io);
      io.out(run.status);
      return exitCodeFor(run);
    }
    case 'export':
      return exportCommand(core, need('RUN_ID'), args, io);
    case 'results':
      return args.booleans.has('values')
        ? valuesCommand(core, rest, args, io)
        : resultsCommand(core, need('RUN_ID'), args, io);
    case 'study':
      return studyCommand(core, rest, args, io);
    case 'compare':
      return compareCommand(core, rest, args, io);
    case 'transcripts':
      return transcriptsCommand(core, rest, args, io);
    case 'runs':
      return RUNS_WRITE_SUBCOMMANDS.has(rest[0] ?? '')
        ? manageRunsCommand(core, rest, args, io)
        : runsCommand(core, args, io);
    case 'health':
      return healthCommand(core, args, io);
    case 'models':
      return modelsCommand(core, args, io);
    case 'prices':
      return pricesCommand(core, rest, args, io);
    case 'batches':
      return batchesCommand(core, rest, args, io);
    case 'backup':
      return backupCommand(core, io);
    case 'data-folder':
      return dataFolderCommand(core, rest, io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function printStatus(run: RunDetail, io: CliIo): void {
  const p = run.progress;
  const cancelled = (n: number): string => (n > 0 ? `, ${n} cancelled` : '');
  io.out(
    `${run.id}  ${run.definitionName}  ${run.status}  ${p.completed}/${p.total} completed, ${p.failed} failed${cancelled(p.cancelled)}${totalCostText(run)}`,
  );
  if (run.mode === 'batch')
    io.out(
      `  sent as provider batches${run.finishRealtimeAt ? `, remainder in real time since ${run.finishRealtimeAt}` : ''}`,
    );
  if (run.pauseReason) io.out(`  paused by itself: ${run.pauseReason}`);
  for (const u of run.unread) io.out(`  WARNING unread answers: ${unreadLine(u)}`);
  for (const e of run.history)
    io.out(
      `  ${e.at} decisions re-extracted on ${e.detail.scaleSummary}: ${e.detail.changed} of ${e.detail.examined} changed`,
    );
  for (const m of run.perModel) {
    io.out(
      `  ${m.modelKey}: ${m.completed}/${m.total} completed, ${m.failed} failed${cancelled(m.cancelled)}, ${m.pending + m.running} remaining${modelCostText(run, m.modelKey)}`,
    );
  }
}
