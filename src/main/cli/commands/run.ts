/**
 * `run` (queue a run, refused up front when its cost is not confirmed or a provider's last health check failed) and
 * the wait loop `run --wait`, `wait` and `retry --wait` share: execute the run here and report until it ends or pauses.
 */
import { isTerminalRunStatus, parseModelKey, runOptionsSchema, type RunDetail } from '../../../shared/domain';
import { isPreparingReason } from '../../../shared/run-preparation';
import { type Core, callRoute } from '../../core';
import { numberFlag, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../cli';
import { InterruptedError } from '../../front-door/signals';
import { assertWorkerCanComeBack } from '../wait-guard';
import { confirmCost, YES_FLAG } from './cost';
import { BATCH_RUN_SENTENCE } from '../../../shared/batch';
import { waitForBatchRun } from './batches';

/** Start even when a provider's last health check rejected its key or could not reach its server. */
export const IGNORE_HEALTH_FLAG = 'ignore-health';
/** Send the run as provider batches (half price, results within 24 h). */
export const BATCH_FLAG = 'batch';
export const RUN_VALUE_FLAGS = ['temperature', 'max-tokens', 'max-cost'] as const;

/** What commands get: the streams, and the set of runs this process's scheduler may execute. */
export type CommandIo = CliIo & { runFilter: Set<string> };

/** The run's options from its flags, each checked by the route's own schema (the bounds the start form shows). */
export function runOptionsFrom(args: ParsedArgs) {
  const shape = runOptionsSchema.shape;
  const sample = numberFlag(args, 'sample', shape.samplePercentage);
  const seed = numberFlag(args, 'seed', shape.sampleSeed);
  const samples = numberFlag(args, 'samples', shape.samples);
  const temperature = numberFlag(args, 'temperature', shape.temperature);
  const maxTokens = numberFlag(args, 'max-tokens', shape.maxTokens);
  const maxCost = numberFlag(args, 'max-cost', shape.maxCost);
  return {
    samplePercentage: sample ?? 100,
    sampleSeed: seed ?? null,
    samples: samples ?? 1,
    temperature: temperature ?? null,
    maxTokens: maxTokens ?? null,
    maxCost: maxCost ?? null,
  };
}

export async function runCommand(core: Core, definitionId: string, args: ParsedArgs, io: CommandIo): Promise<number> {
  const modelTexts = args.flags.get('model') ?? [];
  if (modelTexts.length === 0) throw new UsageError('run needs at least one --model PROVIDER:MODEL[@VERSION]');
  const models = modelTexts.map((text) => {
    try {
      return parseModelKey(text);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  const options = runOptionsFrom(args);
  const mode = args.booleans.has(BATCH_FLAG) ? ('batch' as const) : undefined;
  const refused = await confirmCost(
    core,
    { definitionId, models, options, yes: args.booleans.has(YES_FLAG), ...(mode ? { mode } : {}) },
    io,
  );
  if (refused !== null) return refused;
  // Refused up front, with the fix, when no Python can start: not queued to wait for a worker that never comes.
  if (args.booleans.has('wait')) await callRoute(core.dispatch, 'system.worker', { start: true });
  const ignoreHealth = args.booleans.has(IGNORE_HEALTH_FLAG);
  const run = await callRoute(core.dispatch, 'runs.create', {
    definitionId,
    models,
    options,
    ignoreHealth,
    costConfirmed: args.booleans.has(YES_FLAG),
    ...(mode ? { mode } : {}),
  });
  const times = run.options.samples > 1 ? `, ${run.options.samples} samples each` : '';
  io.err(
    `Queued run ${run.id}: ${run.progress.total} jobs (${models.length} model${models.length === 1 ? '' : 's'}${times})`,
  );
  if (mode === 'batch') {
    io.err(BATCH_RUN_SENTENCE);
    if (!args.booleans.has('wait')) {
      // Sent now (the outbox first); collected by whichever process runs next.
      const report = await callRoute(core.dispatch, 'batches.collect', { runId: run.id });
      for (const error of report.errors) io.err(`  ${error}`);
      io.err(`Sent ${report.submitted} batch${report.submitted === 1 ? '' : 'es'}`);
      io.out(run.id);
      return 0;
    }
  }
  if (!args.booleans.has('wait')) {
    io.out(run.id);
    return 0;
  }
  const final = mode === 'batch' ? await waitForBatchRun(core, run.id, io) : await waitForRun(core, run.id, io);
  io.out(run.id);
  return exitCodeFor(final);
}

/** 0 completed, 2 ended with failures or was cancelled, 3 paused (resume, then `wait`, to continue). */
export function exitCodeFor(run: RunDetail): number {
  if (run.status === 'completed') return 0;
  return run.status === 'paused' ? 3 : 2;
}

export async function waitForRun(core: Core, runId: string, io: CommandIo): Promise<RunDetail> {
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
      // Paused, and the jobs that were in flight have finished: nothing more will happen until a resume (a run still
      // being prepared is paused only until its jobs are queued).
      if (run.status === 'paused' && run.progress.running === 0 && !isPreparingReason(run.pauseReason)) {
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
