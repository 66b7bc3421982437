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
  defaultDataDir,
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
import { backupCommand, dataFolderCommand, restoreCommand } from './commands/data-folder';
import { manageRunsCommand } from './commands/runs-manage';
import { transcriptsCommand } from './commands/transcripts';
import { studyCommand, valuesCommand } from './commands/study';
import { modelCostText, totalCostText, YES_FLAG } from './commands/cost';
import { DEFINITION_EDIT_SUBCOMMANDS, definitionsEditCommand } from './commands/definitions-edit';
import { batchesCommand } from './commands/batches';

export const USAGE = `Usage: npm run cli -- [--data-dir DIR] COMMAND
  definitions import FILE                 import a YAML or JSON definition; prints its id last
  definitions list [--all]                one line per definition (its latest version); --all adds archived ones
  definitions scenarios DEF_ID            one JSON line per scenario: id, name, dimensions, prompt
  definitions new FILE                    a new definition (version 1) from a YAML or JSON file; prints its id
  definitions edit DEF_ID --file FILE     save FILE as the next version of DEF_ID's definition; refused (nothing
                                          saved) when DEF_ID is no longer the latest version; prints the new id
  definitions duplicate DEF_ID [--name NAME]   a copy as a new definition (default name "<name> (copy)")
  definitions archive|unarchive DEF_ID    hide the definition (all versions) from lists; its runs stay
  definitions delete DEF_ID               delete it with every version, only when no run uses any of them
  definitions versions DEF_ID             one line per version, newest first: id, version, scenarios, runs
  definitions diff FROM_ID TO_ID          changed lines of the text, then which scenarios change wording
  definitions validate FILE               check a file without importing it: FILE:LINE:COLUMN: problem lines,
                                          exit 1 when it is not valid
  definitions export DEF_ID [--out FILE]  the exact text as written (YAML starts with a yaml-language-server
                                          $schema line for editor help; edit removes that line again)
  definitions schema                      the JSON Schema of a definition file (docs/definition.schema.json)
  run DEF_ID --model PROVIDER:MODEL[@VERSION] [--model ...] [--wait] [--sample PCT --seed N] [--samples N]
      [--temperature T] [--max-tokens N] [--max-cost USD] [--concurrency N] [--yes] [--ignore-health] [--batch]
                                          queue a run (and with --wait, execute it here); prints the run id last;
                                          --samples N (1-20) asks each model every scenario N times; --temperature
                                          (0-2) and --max-tokens (1-32000) as the start form's; --max-cost: the
                                          run pauses itself once its cost so far reaches it; prints the cost
                                          estimate and, over the threshold in Settings, exits 6 unless --yes;
                                          exits 7 when a provider's last health check rejected its key or could
                                          not reach its server, unless --ignore-health; --batch sends it as
                                          provider batches (OpenAI, Anthropic: half price, results within 24 h),
                                          collected by whichever process runs next (--wait: this one)
  batches list [--json]                   every provider batch: state, counts, age, time left, cost
  batches status RUN_ID [--json]          the batches of one run
  batches collect [RUN_ID] [--watch]      send what is not sent, poll every open batch now, store what ended;
                                          --watch repeats (backing off) until none is open; prints the open count
  status RUN_ID [--json]                  progress, tokens and cost so far per model
  pause|resume|cancel RUN_ID              control a run, also one another process is executing
  wait RUN_ID                             execute this run's remaining jobs here (recovering a crash) until it ends
                                          (other runs are left to their own process); exits 5 when the Python
                                          worker cannot start (or come back) in time
  retry RUN_ID [--wait]                   requeue the failed (not cancelled) jobs of a finished run with fresh
                                          attempts; prints the run's status (with --wait, executes them here)
  reextract RUN_ID                        read a finished run's stored replies again (after fixing its scale):
                                          rewrites the decisions, never asks a provider; kept in the run's history
  export RUN_ID --out FILE [--format csv|jsonl] [--include-failures] [--raw-csv]
                                          write the run's results (CSV, or JSON Lines with full transcripts)
                                          and FILE.manifest.json; --include-failures adds failed/cancelled jobs;
                                          CSV text starting with = + - @ gets a leading ' unless --raw-csv
  results RUN_ID [--json]                 per model: versions, counts, mean/median, distribution, refusals, failures
  results RUN_ID --by DIM [--by DIM2] [--baseline DIM=SCORE] [--json]
                                          per model: mean decision per level of DIM with 95 % t intervals
                                          (n = scenarios), each level's AMCE against the baseline level (default
                                          the first) and highest − lowest; two --by: the mean per pair of levels
  results RUN_ID [RUN_ID ...] --values [--json] [--out FILE]
                                          value priorities over the runs (definitions with values: high/low):
                                          per model each value's utility (Bradley–Terry, 95 % interval from
                                          resampling scenarios) and win rate, held-out accuracy, intransitive
                                          triads, position bias; two models compared (Kendall τ, Holm);
                                          --out writes FILE (one row per model and value), FILE.pairs.csv and
                                          FILE.manifest.json (method, seed, runs)
  study list [--json]                     every study: name, runs, definitions
  study create NAME [--notes TEXT] [--run RUN_ID ...]
                                          a study of runs; prints its id last
  study show STUDY_ID [--json]            the study's runs and its value ranking
  study add|remove STUDY_ID RUN_ID ...    change the study's runs
  study export STUDY_ID --out FILE        the study's value ranking as tidy CSV (as results --values --out)
  study delete STUDY_ID                   delete the study (its runs and definitions stay)
  compare RUN_A RUN_B [--json] [--out FILE [--raw-csv]]
                                          two runs of one definition, paired by scenario: changed decisions against
                                          each run's self-disagreement (McNemar exact), the change of the mean and of
                                          each effect with 95 % intervals and Holm-adjusted p-values (BH q beside);
                                          --out also writes them as a tidy CSV (one row per estimate)
  runs [--status S] [--archived|--all] [--search TEXT] [--json]
                                          every run, newest first (the Runs list); archived runs only with
                                          --archived (only them) or --all; --search matches name, notes,
                                          definition, id and models
  runs rename RUN_ID NAME                 name the run ("" clears the name)
  runs notes RUN_ID TEXT                  set the run's notes ("" clears them)
  runs archive|unarchive RUN_ID           hide the run from the Runs list (it stays openable), or bring it back
  runs delete RUN_ID [--yes]              delete an ended run with its jobs and transcripts (exports are files and
                                          stay); without --yes prints what would go and exits 8
  transcripts RUN_ID [--model M] [--decision LABEL|SCORE] [--outcome answer|refusal|unparseable]
      [--source extracted|override] [--grep TEXT] [--json]
                                          the run's transcripts that match, one line each (scenario, model, sample,
                                          score, decision, source, id; --json: one JSON line each); --grep: words of
                                          the answer, all of them, any case ("a phrase", prefix*)
  transcripts override TRANSCRIPT_ID --score N|--refusal|--clear [--note TEXT]
                                          code a decision by hand (results, analyses and exports use it; the
                                          reader's decision is kept, --clear brings it back; re-extract never
                                          replaces it)
  health [--json] [--provider P]          System Health: providers checked live (status, fix hint), worker, database;
                                          exits 1 when no run could start
  models [--provider P] [--refresh] [--json]  the model catalog with pinnable versions (--refresh asks the providers)
  backup                                  copy the database now (also while a run executes) into the data folder's
                                          backups/ (the last 5 kept; a copy is also made before every upgrade);
                                          prints the copy's path
  restore FILE                            put a copy back as the database (quit the app first): the copy is checked
                                          and the database it replaces is kept in backups/
  data-folder move DEST                   copy the data folder into DEST (empty or new; no run queued or executing),
                                          check the copy, and make DEST the data folder from the next start; the
                                          old folder is kept untouched`;

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
    const dataDir = resolve(cwd, single(args, 'data-dir') ?? defaultDataDir(io.env));
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
