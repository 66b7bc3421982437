/**
 * Sending: a batch run's pending jobs become chunks (outbox row + jobs committed before any network call), then each
 * chunk is uploaded (OpenAI) and created, every provider answer recorded in its own commit. Before uploading or
 * creating, the provider is asked whether it already has it (a file by its name, a batch by its metadata, or for a
 * provider without metadata by its creation time and size): a crash between the call and the commit is adopted,
 * never sent twice.
 */
import type { z } from 'zod';
import { costOf, DEFAULT_OUTPUT_TOKENS, estimatePromptTokens } from '../../../shared/prices';
import type { ProbeParams } from '../python/protocol';
import {
  batchBuildResultSchema,
  batchDeleteSchema,
  batchFileIdSchema,
  batchListSchema,
  batchViewSchema,
  type BatchView,
} from '../python/batch-protocol';
import { ProbeBuilder } from '../scheduler/probe-builder';
import {
  batchModelsWithWork,
  closeChunk,
  failedChunkCount,
  insertChunk,
  nextChunkNo,
  recordedBatchIds,
  recordSubmitted,
  recordUploaded,
  StaleChunk,
  unchunkedJobs,
  type ChunkRow,
} from '../store/batch-chunks';
import type { ClaimedJob } from '../store/jobs';
import { parseRunConfig } from '../store/run-config';
import { newId } from '../util/ids';
import {
  callWorker,
  chunkFile,
  crashPoint,
  PROVIDER_MAX_BYTES,
  PROVIDER_MAX_REQUESTS,
  providerParams,
  requestsUnderQuota,
  type BatchContext,
} from './context';

/** After this many refused batches for one run and model, its jobs stay in the queue until someone looks. */
const MAX_FAILED_CHUNKS = 3;
/** How far back (seconds) a batch may have been created to be adopted by a chunk without metadata. */
const ADOPT_SLACK_S = 120;
const ADOPT_PAGES = 5;

/** The request id of a job in a chunk: the job (which names its run) and the chunk it was sent in (its attempt). */
export function customIdOf(jobId: string, chunkNo: number): string {
  return `${jobId}-c${chunkNo}`;
}

/** The job a request id names (the part before the last "-c"); null for an id this app did not make. */
export function jobIdOf(customId: string): string | null {
  const at = customId.lastIndexOf('-c');
  return at > 0 ? customId.slice(0, at) : null;
}

/** A request's estimated input tokens (the token estimator's rule) and cost at the run's recorded batch price. */
function estimate(job: ClaimedJob, params: ProbeParams): { tokens: number; cost: number } {
  const chars = params.messages.reduce((n, m) => n + m.content.length, 0);
  const config = parseRunConfig(job.configJson);
  const basis = config.prices?.find((p) => p.modelKey === job.modelKey)?.basis ?? { kind: 'none' };
  const out = config.options.maxTokens ?? DEFAULT_OUTPUT_TOKENS;
  const tokens = estimatePromptTokens(chars);
  return { tokens, cost: costOf(tokens, out, basis) ?? Number.NaN };
}

/** Makes chunks of every batch run's pending, unchunked jobs; answers how many chunks were committed. */
export async function planChunks(ctx: BatchContext, runId: string | null): Promise<number> {
  const probes = new ProbeBuilder(ctx.sqlite, ctx.providers, 60_000);
  let made = 0;
  for (const work of batchModelsWithWork(ctx.sqlite)) {
    if (runId && work.runId !== runId) continue;
    if (failedChunkCount(ctx.sqlite, work.runId, work.modelKey) >= MAX_FAILED_CHUNKS) continue;
    const providerId = work.modelKey.slice(0, work.modelKey.indexOf(':')) as ClaimedJob['providerId'];
    let limit = Math.min(ctx.options.maxRequests, PROVIDER_MAX_REQUESTS[providerId] ?? ctx.options.maxRequests);
    for (;;) {
      const jobs = unchunkedJobs(ctx.sqlite, work.runId, work.modelKey, limit);
      if (jobs.length === 0) break;
      const made1 = await planOne(ctx, probes, jobs);
      if (typeof made1 === 'object') {
        limit = made1.fit;
        continue;
      }
      if (made1 === 'stale') break;
      made += 1;
    }
  }
  return made;
}

async function planOne(
  ctx: BatchContext,
  probes: ProbeBuilder,
  jobs: ClaimedJob[],
): Promise<'made' | 'stale' | { fit: number }> {
  const first = jobs[0]!;
  const chunkId = newId('bch_');
  const chunkNo = nextChunkNo(ctx.sqlite, first.runId);
  let cost = 0;
  const tokens: number[] = [];
  const requests = jobs.map((job) => {
    const params = probes.params(job);
    const estimated = estimate(job, params);
    cost += estimated.cost;
    tokens.push(estimated.tokens);
    return {
      customId: customIdOf(job.id, chunkNo),
      model: params.model,
      messages: params.messages,
      params: params.params,
    };
  });
  // Under the provider's enqueued-token quota: fewer requests, before any file is written.
  const fit = requestsUnderQuota(tokens, ctx.options.maxEnqueuedTokens[first.providerId]);
  if (fit < jobs.length) return { fit };
  const path = chunkFile(ctx, first.runId, chunkId, 'input');
  const built = await callWorker(
    ctx,
    'batch_build',
    { provider: providerParams(ctx, first.providerId), path, requests },
    batchBuildResultSchema,
  );
  const maxBytes = Math.min(ctx.options.maxBytes, PROVIDER_MAX_BYTES[first.providerId] ?? ctx.options.maxBytes);
  if (built.bytes > maxBytes && jobs.length > 1) return { fit: Math.max(1, Math.floor(jobs.length / 2)) };
  try {
    insertChunk(
      ctx.sqlite,
      {
        id: chunkId,
        runId: first.runId,
        providerId: first.providerId,
        modelKey: first.modelKey,
        requestHash: built.sha256,
        requestCount: built.count,
        requestBytes: built.bytes,
        estimatedCostUsd: Number.isFinite(cost) ? cost : null,
        estInputTokens: tokens.reduce((a, b) => a + b, 0),
      },
      jobs.map((job) => job.id),
      chunkNo,
    );
  } catch (error) {
    if (error instanceof StaleChunk || (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'stale';
    throw error;
  }
  ctx.logger.info('batch chunk committed to the outbox', { chunkId, runId: first.runId, requests: jobs.length });
  crashPoint(ctx, 'after-outbox');
  return 'made';
}

function fileNameOf(chunk: ChunkRow): string {
  return `vr-${chunk.id}-${chunk.requestHash.slice(0, 16)}.jsonl`;
}

/** OpenAI, Mistral, Gemini over its inline limit: the chunk's file at the provider (found again by its name, else uploaded), its id committed. */
export async function upload(ctx: BatchContext, chunk: ChunkRow): Promise<void> {
  const provider = providerParams(ctx, chunk.providerId);
  const filename = fileNameOf(chunk);
  const found = await callWorker(ctx, 'batch_find_file', { provider, filename }, batchFileIdSchema);
  let fileId = found.fileId;
  if (!fileId) {
    const path = chunkFile(ctx, chunk.runId, chunk.id, 'input');
    fileId = (await callWorker(ctx, 'batch_upload', { provider, path, filename }, batchFileIdSchema)).fileId;
    crashPoint(ctx, 'after-upload');
  }
  if (!fileId) throw new Error('the provider answered the upload without a file id');
  recordUploaded(ctx.sqlite, chunk.id, fileId);
  chunk.inputFileId = fileId;
  chunk.state = 'uploaded';
}

/** The batch the provider already has for this chunk (a crash between create and its commit), if any. */
async function findExisting(ctx: BatchContext, chunk: ChunkRow): Promise<BatchView | null> {
  const provider = providerParams(ctx, chunk.providerId);
  const taken = recordedBatchIds(ctx.sqlite, chunk.providerId);
  const since = Date.parse(chunk.createdAt) / 1000 - ADOPT_SLACK_S;
  const candidates: BatchView[] = [];
  let after: string | null = null;
  for (let page = 0; page < ADOPT_PAGES; page += 1) {
    const listed: z.output<typeof batchListSchema> = await callWorker(
      ctx,
      'batch_list',
      { provider, after, limit: 100 },
      batchListSchema,
    );
    for (const view of listed.batches) {
      if (taken.has(view.id)) continue;
      // A provider with metadata names the chunk exactly; one without is matched by time and size.
      if (view.metadata.vr_chunk !== undefined) {
        if (view.metadata.vr_chunk === chunk.id && view.metadata.vr_hash === chunk.requestHash) return view;
        continue;
      }
      if (chunk.providerId === 'anthropic' && view.createdAt >= since && view.counts.total === chunk.requestCount)
        candidates.push(view);
    }
    const oldest = listed.batches.at(-1);
    if (!listed.next || (oldest && oldest.createdAt < since)) break;
    after = listed.next;
  }
  // The earliest unclaimed match: chunks are sent in order, so the earliest batch is the earliest chunk's.
  return candidates.sort((a, b) => a.createdAt - b.createdAt)[0] ?? null;
}

/** The batch at the provider (adopted, or created now with the chunk's run, id and hash as metadata), committed. */
export async function create(ctx: BatchContext, chunk: ChunkRow): Promise<void> {
  const provider = providerParams(ctx, chunk.providerId);
  let view = await findExisting(ctx, chunk);
  if (view) ctx.logger.info('adopted a batch the provider already had', { chunkId: chunk.id, batchId: view.id });
  else {
    const metadata = { vr_run: chunk.runId, vr_chunk: chunk.id, vr_hash: chunk.requestHash };
    const path = chunkFile(ctx, chunk.runId, chunk.id, 'input');
    view = await callWorker(
      ctx,
      'batch_create',
      { provider, inputFileId: chunk.inputFileId, path, metadata },
      batchViewSchema,
    );
    crashPoint(ctx, 'after-create');
  }
  recordSubmitted(ctx.sqlite, chunk.id, view.id, view.providerStatus, JSON.stringify(view));
  chunk.batchId = view.id;
  chunk.state = 'submitted';
  chunk.viewJson = JSON.stringify(view);
}

/**
 * A cancelled run's chunk never sent (it waited for the provider's queue): adopted when the provider has it after all
 * (a crash between create and its commit; polling then cancels it there), else closed without sending anything.
 */
export async function withdraw(ctx: BatchContext, chunk: ChunkRow): Promise<void> {
  const view = await findExisting(ctx, chunk);
  if (view) {
    recordSubmitted(ctx.sqlite, chunk.id, view.id, view.providerStatus, JSON.stringify(view));
    chunk.batchId = view.id;
    chunk.state = 'submitted';
    chunk.viewJson = JSON.stringify(view);
    return;
  }
  closeChunk(ctx.sqlite, chunk.id, 'collected', 'The run was cancelled before this batch was sent');
  chunk.state = 'collected';
  // Its request file, when already uploaded: unpublished stimuli do not stay at the provider.
  if (chunk.inputFileId && ctx.options.deleteProviderFiles) {
    const batch = { inputFileId: chunk.inputFileId, files: [] };
    await callWorker(
      ctx,
      'batch_delete',
      { provider: providerParams(ctx, chunk.providerId), batch },
      batchDeleteSchema,
    ).catch((error: unknown) =>
      ctx.logger.warn('could not delete the unsent chunk’s file', { chunkId: chunk.id, error }),
    );
  }
  ctx.logger.info('batch chunk of a cancelled run closed unsent', { chunkId: chunk.id, runId: chunk.runId });
}
