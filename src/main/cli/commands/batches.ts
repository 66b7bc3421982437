/**
 * `batches list|status RUN|collect [RUN] [--watch]|finish RUN` and `run --batch`: batch runs are sent and collected by
 * whichever process runs next (this one, the app at start-up, a scheduled `batches collect`); `finish` sends a batch
 * run's remainder in real time instead.
 */
import { BATCH_RUN_SENTENCE, type BatchChunkView, type BatchReconcileReport } from '../../../shared/batch';
import { formatUsd } from '../../../shared/prices';
import { isTerminalRunStatus, type RunDetail } from '../../../shared/domain';
import { type Core, callRoute } from '../../core';
import { UsageError, type ParsedArgs } from '../args';
import type { CommandIo } from './run';
import { InterruptedError } from '../../front-door/signals';

function age(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

export function chunkLine(c: BatchChunkView, now = Date.now()): string {
  const left = c.expiresAt ? `, ${Math.max(0, Math.round((Date.parse(c.expiresAt) - now) / 3_600_000))} h left` : '';
  const cost = c.actualCostUsd !== null ? `, ${formatUsd(c.actualCostUsd)} paid` : '';
  const est = c.estimatedCostUsd !== null ? ` (est. ${formatUsd(c.estimatedCostUsd)})` : '';
  const dup = c.duplicates > 0 ? `, ${c.duplicates} paid duplicates` : '';
  const status = c.providerStatus ? ` [${c.providerStatus}]` : '';
  return (
    `${c.runId} #${c.chunkNo} ${c.modelKey} ${c.state}${status}: ${c.requests} requests, ${c.succeeded} answered, ` +
    `${c.errored} errored, ${c.expired} expired, ${c.cancelled} cancelled${dup}; age ${age(c.createdAt, now)}${left}` +
    `${cost}${est}${c.batchId ? ` batch ${c.batchId}` : ''}${c.waiting ? `; ${c.waiting}` : ''}` +
    `${c.lastError ? `; last error: ${c.lastError}` : ''}`
  );
}

export function reportLine(r: BatchReconcileReport): string {
  return (
    `submitted ${r.submitted}, polled ${r.polled}, collected ${r.collected}: ${r.ingested} answers stored, ` +
    `${r.duplicates} paid duplicates, ${r.requeued} back in the queue` +
    (r.waiting > 0 ? `, ${r.waiting} waiting for the provider's queue` : '')
  );
}

async function pause(ms: number, io: CommandIo): Promise<void> {
  if (io.interrupt?.requested) throw new InterruptedError(io.interrupt.requested);
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function batchesCommand(core: Core, rest: string[], args: ParsedArgs, io: CommandIo): Promise<number> {
  const [sub, runId] = rest;
  if (sub === 'list' || sub === 'status') {
    if (sub === 'status' && !runId) throw new UsageError('batches status needs RUN_ID');
    const chunks = await callRoute(core.dispatch, 'batches.list', runId ? { runId } : {});
    if (args.booleans.has('json')) io.out(JSON.stringify(chunks));
    else {
      if (sub === 'status') io.out(BATCH_RUN_SENTENCE);
      for (const chunk of chunks) io.out(chunkLine(chunk));
      if (chunks.length === 0) io.err('No batches.');
    }
    return 0;
  }
  if (sub === 'collect') {
    io.interrupt?.arm();
    let wait = 1_000;
    for (;;) {
      const report = await callRoute(core.dispatch, 'batches.collect', runId ? { runId } : {});
      io.err(reportLine(report));
      for (const error of report.errors) io.err(`  ${error}`);
      const open = (await callRoute(core.dispatch, 'batches.list', runId ? { runId } : {})).filter(
        (c) => c.state !== 'collected' && c.state !== 'failed',
      );
      if (!args.booleans.has('watch') || open.length === 0) {
        io.out(String(open.length));
        return 0;
      }
      await pause(wait, io);
      wait = Math.min(60_000, wait * 2);
    }
  }
  if (sub === 'finish') {
    if (!runId) throw new UsageError('batches finish needs RUN_ID');
    const done = await callRoute(core.dispatch, 'batches.finishRealtime', { runId });
    io.err(
      `${done.realtimeJobs} jobs go to real time now (sent by the app, or here with \`wait ${runId}\`); ` +
        'batches already sent are still collected, and what they leave unanswered is sent in real time too',
    );
    io.out(String(done.realtimeJobs));
    return 0;
  }
  throw new UsageError(`unknown batches command "${sub ?? ''}"`);
}

/** `run --batch --wait`: send, then collect until the run ends (or pauses), backing off between passes. */
export async function waitForBatchRun(core: Core, runId: string, io: CommandIo): Promise<RunDetail> {
  io.interrupt?.arm();
  let wait = 200;
  for (;;) {
    const report = await callRoute(core.dispatch, 'batches.collect', { runId });
    for (const error of report.errors) io.err(`  ${error}`);
    const run = await callRoute(core.dispatch, 'runs.get', { id: runId });
    io.err(`${run.status}: ${run.progress.completed}/${run.progress.total} done, ${run.progress.failed} failed`);
    if (isTerminalRunStatus(run.status) || run.status === 'paused') return run;
    await pause(wait, io);
    wait = Math.min(60_000, wait * 2);
  }
}
