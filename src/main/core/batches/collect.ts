/**
 * Collecting: poll a submitted batch (cancel it at the provider when its run was cancelled), and once it has ended,
 * stream its result files into the data folder (kept for audit), ingest them page by page (rows and the file offset
 * in one transaction), send the unanswered jobs back to the queue uncharged, and delete what the provider keeps.
 */
import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import {
  BATCH_DOWNLOAD_TIMEOUT_MS,
  batchDeleteSchema,
  batchDownloadSchema,
  batchReadSchema,
  batchViewSchema,
  type BatchReadPage,
  type BatchRecord,
  type BatchView,
} from '../python/batch-protocol';
import { ProbeBuilder } from '../scheduler/probe-builder';
import { closeChunk, QUEUE_FULL_CODE, recordCancelSent, recordPoll, type ChunkRow } from '../store/batch-chunks';
import {
  ingestPage,
  scenarioForIngest,
  type IngestLine,
  type IngestScenario,
  type IngestTally,
} from '../store/batch-ingest';
import type { BulkAnswer, CompletedJob } from '../store/ingest-bulk';
import { loadRun, type RunRow } from '../store/runs';
import { newId } from '../util/ids';
import { callWorker, chunkFile, crashPoint, pollDelayMs, providerParams, type BatchContext } from './context';
import { PageSizer } from './page-size';
import { jobIdOf } from './submit';

/** Asks the provider how the batch is doing (cancelling it first when its run was cancelled); true when it ended. */
export async function poll(ctx: BatchContext, chunk: ChunkRow): Promise<boolean> {
  const provider = providerParams(ctx, chunk.providerId);
  if (chunk.runStatus === 'cancelled' && chunk.cancelRequested !== 2 && chunk.batchId) {
    await callWorker(ctx, 'batch_cancel', { provider, batchId: chunk.batchId }, batchViewSchema);
    recordCancelSent(ctx.sqlite, chunk.id);
  }
  const view = await callWorker(ctx, 'batch_get', { provider, batchId: chunk.batchId }, batchViewSchema);
  const ended = view.state !== 'in_progress';
  const age = Date.now() - Date.parse(chunk.submittedAt ?? chunk.createdAt);
  recordPoll(ctx.sqlite, chunk.id, {
    status: view.providerStatus,
    view: JSON.stringify(view),
    ended,
    nextPollAt: Date.now() + pollDelayMs(ctx.options, age),
  });
  chunk.viewJson = JSON.stringify(view);
  chunk.providerStatus = view.providerStatus;
  if (view.state === 'failed') {
    // Refused for the model's enqueued-token queue (OpenAI: token_limit_exceeded): no fault of the batch; its jobs go
    // back uncharged and are sent again once the batches enqueued now have ended (batches/queue.ts).
    const queueFull = view.errorCodes.includes('token_limit_exceeded');
    const why = queueFull
      ? `The provider's queue for this model was full (token_limit_exceeded): sent again once earlier batches end`
      : `The provider refused the batch (${view.providerStatus})`;
    const back = closeChunk(ctx.sqlite, chunk.id, 'failed', why, queueFull ? QUEUE_FULL_CODE : null);
    ctx.logger.warn('batch refused by the provider; its jobs went back to the queue', {
      chunkId: chunk.id,
      back,
      queueFull,
    });
    chunk.state = 'failed';
    return false;
  }
  if (ended) chunk.state = 'ended';
  return ended;
}

export interface CollectTally extends IngestTally {
  unanswered: number;
}

/** Downloads (what is not already here), ingests from the committed offsets, closes the chunk, cleans the provider. */
export async function collect(ctx: BatchContext, chunk: ChunkRow): Promise<CollectTally> {
  const view = batchViewSchema.parse(JSON.parse(chunk.viewJson ?? 'null'));
  const provider = providerParams(ctx, chunk.providerId);
  const paths = {
    output: chunkFile(ctx, chunk.runId, chunk.id, 'output'),
    error: chunkFile(ctx, chunk.runId, chunk.id, 'error'),
  };
  const missing = view.files.filter((file) => !existsSync(paths[file.kind]));
  if (missing.length > 0)
    await callWorker(
      ctx,
      'batch_download',
      { provider, files: missing, outputPath: paths.output, errorPath: paths.error },
      batchDownloadSchema,
      BATCH_DOWNLOAD_TIMEOUT_MS,
    );
  const tally: CollectTally = { completed: 0, duplicates: 0, requeued: 0, failed: 0, unanswered: 0 };
  const ingest = new Ingest(ctx, chunk, view);
  for (const file of view.files) {
    const offset = file.kind === 'output' ? chunk.outputOffset : chunk.errorOffset;
    add(tally, await ingest.file(file.kind, paths[file.kind], offset));
  }
  tally.unanswered = closeChunk(
    ctx.sqlite,
    chunk.id,
    'collected',
    `The batch ended (${view.providerStatus}) without an answer for this request`,
  );
  chunk.state = 'collected';
  if (ctx.options.deleteProviderFiles) {
    await callWorker(ctx, 'batch_delete', { provider, batch: view }, batchDeleteSchema).catch((error: unknown) =>
      ctx.logger.warn('could not delete the batch files at the provider', { chunkId: chunk.id, error }),
    );
  }
  ctx.logger.info('batch collected', { chunkId: chunk.id, ...tally });
  return tally;
}

/** A read page holds this many writes' worth of lines (see Ingest.file). */
const READ_AHEAD_PARTS = 2;
/** The worker's most lines in one read (MAX_READ_LINES in python/valuerank_worker/batches.py). */
const MAX_READ_LINES = 20_000;

function add(into: IngestTally, from: IngestTally): void {
  into.completed += from.completed;
  into.duplicates += from.duplicates;
  into.requeued += from.requeued;
  into.failed += from.failed;
}

interface Sent {
  /** The messages before the prompt as JSON array items, with a trailing comma ('' when there are none). */
  before: string;
  turns: number;
  requestParamsJson: string;
}

/** One chunk's result files into rows, page by page. */
class Ingest {
  private readonly probes: ProbeBuilder;
  private readonly scale: { code: number; label: string }[];
  /** What was sent, per model, snapshot and scale order (see sent()). */
  private readonly sentByKey = new Map<string, Sent>();
  private readonly endedAt: string | null;
  private readonly run: RunRow;
  /** The scenarios' fields the transcripts take, read once per scenario (a run's samples share them), bounded. */
  private readonly scenarios = new Map<string, IngestScenario>();
  private scenarioChars = 0;
  private pages = 0;

  constructor(
    private readonly ctx: BatchContext,
    private readonly chunk: ChunkRow,
    view: BatchView,
  ) {
    this.probes = new ProbeBuilder(ctx.sqlite, ctx.providers, 60_000);
    const run = loadRun(ctx.sqlite, chunk.runId);
    this.run = run.row;
    this.scale = run.scale.map((s) => ({ code: s.code, label: s.label }));
    this.endedAt = view.endedAt ? new Date(view.endedAt * 1000).toISOString() : null;
  }

  /**
   * Reads pages of READ_AHEAD_PARTS × the write size and writes each in parts (a transaction each, with the offset
   * where its last record ends), so the worker has every part's write to read and parse the next page, and a slower
   * worker (a checkpoint sharing its core) does not leave the writer waiting.
   */
  async file(kind: 'output' | 'error', path: string, from: number): Promise<IngestTally> {
    const total: IngestTally = { completed: 0, duplicates: 0, requeued: 0, failed: 0 };
    const provider = providerParams(this.ctx, this.chunk.providerId);
    const sizer = new PageSizer(this.ctx.options.pageLines);
    const read = (offset: number): Promise<BatchReadPage> => {
      const limit = Math.min(MAX_READ_LINES, sizer.lines * READ_AHEAD_PARTS);
      const page = callWorker(
        this.ctx,
        'batch_read',
        { provider, path, offset, limit, scale: this.scale },
        batchReadSchema,
      );
      // A page read ahead and never awaited (the write before it failed) must not be an unhandled rejection.
      page.catch(() => undefined);
      return page;
    };
    let offset = from;
    let next = read(offset);
    const checkpoints = this.ctx.checkpoints?.hold();
    try {
      for (;;) {
        const page = await next;
        if (!page.done) next = read(page.nextOffset);
        let first = 0;
        do {
          // The worker's stdin is corked until the next turn of the event loop: this lets the read-ahead go before
          // the write (else the worker would parse only after it), and lets the run page's reads in between parts.
          await setImmediate();
          // Only while the checkpoint thread empties a long log (every ~64 MB of it): then the next write waits.
          await checkpoints?.ready();
          const count = sizer.lines;
          const records = page.records.slice(first, first + count);
          const last = first + count >= page.records.length;
          const to = last ? page.nextOffset : page.ends[first + count - 1]!;
          if (records.length > 0 || to !== offset) {
            const began = performance.now();
            add(total, this.write(kind, records, offset, to));
            checkpoints?.committed();
            sizer.record(records.length, performance.now() - began);
            this.pages += 1;
            if (this.pages === 1) crashPoint(this.ctx, 'mid-ingest');
          }
          offset = to;
          first += count;
        } while (first < page.records.length);
        if (page.done) return total;
      }
    } finally {
      await checkpoints?.release();
    }
  }

  /** One part of a page: its records' rows and the file offset after them, in one transaction. */
  private write(kind: 'output' | 'error', records: readonly BatchRecord[], from: number, to: number): IngestTally {
    const iso = new Date().toISOString();
    const lines = records.map((record) => this.line(record, iso));
    return ingestPage(this.ctx.sqlite, {
      chunkId: this.chunk.id,
      runId: this.chunk.runId,
      file: kind,
      from,
      to,
      lines,
    });
  }

  /** A scenario's prompt and labels (cached up to ~8 M characters of prompts, then read afresh). */
  private scenario(scenarioId: string): IngestScenario {
    let found = this.scenarios.get(scenarioId);
    if (!found) {
      found = scenarioForIngest(this.ctx.sqlite, this.run.definitionId, scenarioId);
      if (!found) throw new AppError('INTERNAL', `Scenario ${scenarioId} of run ${this.run.id} is missing`);
      if (this.scenarioChars > 8_000_000) {
        this.scenarios.clear();
        this.scenarioChars = 0;
      }
      this.scenarios.set(scenarioId, found);
      this.scenarioChars += found.prompt.length;
    }
    return found;
  }

  /**
   * What was sent for a job, as far as every job of its model, snapshot and scale order shares it: the messages before
   * the scenario's prompt (the preamble as the job saw it) as JSON, how many turns the conversation has with the
   * reply, and the request parameters recorded on each transcript. Made once per key from the same ProbeBuilder the
   * requests were built with; the prompt must be its last message (tests/integration/batch-mode.test.ts holds every
   * stored conversation to JSON.stringify of the builder's messages and the reply).
   */
  private sent(job: CompletedJob, scenario: IngestScenario): Sent {
    const { snapshotHash, configJson } = this.run;
    const key = `${job.modelKey}\u0000${scenario.scaleOrder ?? ''}`;
    let sent = this.sentByKey.get(key);
    if (!sent) {
      const params = this.probes.params({ ...job, ...scenario, snapshotHash, configJson, attempts: 0, maxAttempts: 1 });
      const last = params.messages.at(-1);
      if (last?.role !== 'user' || last.content !== scenario.prompt)
        throw new AppError('INTERNAL', 'The request builder no longer ends a conversation with the scenario prompt');
      const before = params.messages.slice(0, -1);
      sent = {
        before: before.length > 0 ? `${JSON.stringify(before).slice(1, -1)},` : '',
        turns: params.messages.length + 1,
        requestParamsJson: JSON.stringify({
          ...params.params,
          model: params.model.version ?? params.model.id,
          provider: params.provider.kind,
          tier: 'batch',
        }),
      };
      this.sentByKey.set(key, sent);
    }
    return sent;
  }

  private line(record: BatchRecord, iso: string): IngestLine {
    const jobId = record.customId ? jobIdOf(record.customId) : null;
    if (!jobId || record.outcome === 'unreadable') return { kind: 'unreadable' };
    if (record.outcome !== 'succeeded')
      return { kind: 'unanswered', jobId, outcome: record.outcome, error: record.error };
    return {
      kind: 'answer',
      jobId,
      inputTokens: safe(record.usage.inputTokens),
      outputTokens: safe(record.usage.outputTokens),
      build: (job) => this.transcript(job, record, iso),
    };
  }

  /** The transcript of a job this page completed, as the real-time path would have stored it (tier batch). */
  private transcript(job: CompletedJob, record: BatchRecord & { outcome: 'succeeded' }, iso: string): BulkAnswer {
    const scenario = this.scenario(job.scenarioId);
    const sent = this.sent(job, scenario);
    const { snapshotHash } = this.run;
    // The conversation as JSON.stringify([...messages, reply]) writes it, the part every job of the key shares made once.
    const turnsJson = `[${sent.before}{"role":"user","content":${JSON.stringify(scenario.prompt)}},{"role":"assistant","content":${JSON.stringify(record.reply)}}]`;
    return {
      id: newId('tr_'),
      runId: job.runId,
      jobId: job.id,
      scenarioId: job.scenarioId,
      modelKey: job.modelKey,
      providerId: job.providerId,
      modelId: job.modelId,
      modelVersion: job.modelVersion,
      reportedModelVersion: record.reportedModel,
      snapshotHash,
      turnsJson,
      truncated: false,
      notes: record.notes,
      turnCount: sent.turns,
      wordCount: record.wordCount,
      inputTokens: safe(record.usage.inputTokens),
      outputTokens: safe(record.usage.outputTokens),
      totalTokens: safe(record.usage.totalTokens),
      requestParamsJson: sent.requestParamsJson,
      ...this.probes.canonical({ scaleOrder: scenario.scaleOrder, snapshotHash }, record.decision),
      wording: scenario.wording,
      scaleOrder: scenario.scaleOrder,
      createdAt: iso,
      startedAt: this.chunk.submittedAt,
      completedAt: this.endedAt ?? iso,
      durationMs: null,
      tier: 'batch',
      batchId: this.chunk.batchId,
      searchText: record.reply,
    };
  }
}

function safe(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null;
}
