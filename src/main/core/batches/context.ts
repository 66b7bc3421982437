/** What every batch step shares: the connection, the worker, provider settings, where files go, and the options. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { PROVIDER_IDS, type ProviderId } from '../../../shared/domain';
import type { ProviderSettingsService } from '../providers/settings';
import { BATCH_CALL_TIMEOUT_MS, parseBatchAnswer } from '../python/batch-protocol';
import type { PythonPool } from '../python/pool';
import type { Sqlite } from '../store/sql';
import type { WalCheckpoints } from '../db/wal-checkpoints';
import type { Logger } from '../util/logger';

export interface BatchOptions {
  /** Most requests in one chunk (the provider's own limit is lower for some: OpenAI 50,000, Anthropic 100,000). */
  maxRequests: number;
  /** Most bytes of one chunk's request file (OpenAI 200 MB, Anthropic 256 MB: kept under both). */
  maxBytes: number;
  /**
   * Gemini: most bytes of a chunk whose requests are inlined in the create call (Gemini takes up to 20 MB so); a
   * larger chunk is uploaded as a file first (one more round trip, and a file to delete after collection).
   */
  geminiInlineMaxBytes: number;
  /**
   * Per provider: the enqueued-token quota of one model (OpenAI counts the input tokens of all of a model's batches not
   * yet ended against its queue limit, which depends on the account's tier): no chunk is cut larger, and a chunk waits
   * while it would take the model's submitted chunks over it (batches/queue.ts); absent: none known.
   */
  maxEnqueuedTokens: Partial<Record<ProviderId, number>>;
  /** Most result lines written per transaction while ingesting (fewer while pages are slow: batches/page-size.ts). */
  pageLines: number;
  /** Delete the input and result files (an Anthropic batch itself) at the provider once collected. */
  deleteProviderFiles: boolean;
  /** Shortest and longest wait between two polls of a batch (the wait grows with the batch's age). */
  minPollMs: number;
  maxPollMs: number;
  /** How often the app looks for work (new chunks to send, polls that are due) while it runs. */
  tickMs: number;
  /** How long a chunk's lease lasts unless renewed (renewed every third of it while its holder works: lease.ts). */
  leaseMs: number;
  /**
   * Test only ($VALUERANK_BATCH_CRASH_AT): the process kills itself (SIGKILL, as kill -9) at this step: after-outbox,
   * after-upload (before its file id is recorded), after-create (before its batch id is recorded), mid-ingest.
   */
  crashAt?: string;
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = {
  maxRequests: 50_000,
  maxBytes: 190 * 1024 * 1024,
  geminiInlineMaxBytes: 19 * 1024 * 1024,
  // OpenAI's usage tier 1 queue limit of its small models (gpt-4o-mini, gpt-4.1-mini): 2,000,000 enqueued tokens.
  maxEnqueuedTokens: { openai: 2_000_000 },
  pageLines: 2000,
  deleteProviderFiles: true,
  minPollMs: 5_000,
  maxPollMs: 5 * 60_000,
  tickMs: 2_000,
  leaseMs: 60_000,
};

/** "openai=600,anthropic=1000" as per-provider quotas; null when any part is not a known provider and a count. */
function quotasOf(text: string | undefined): Partial<Record<ProviderId, number>> | null {
  if (!text) return null;
  const quotas: Partial<Record<ProviderId, number>> = {};
  for (const part of text.split(',')) {
    const [id, value] = part.split('=').map((s) => s.trim());
    const n = Number(value);
    if (!(PROVIDER_IDS as readonly string[]).includes(id ?? '') || !Number.isInteger(n) || n <= 0) return null;
    quotas[id as ProviderId] = n;
  }
  return quotas;
}

/**
 * Test and benchmark knobs: $VALUERANK_BATCH_CRASH_AT (a kill -9 at that step), $VALUERANK_BATCH_PAGE_LINES,
 * $VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES (so a small Gemini chunk goes by file),
 * $VALUERANK_BATCH_MAX_ENQUEUED_TOKENS ("openai=600": the provider queue quotas, replacing the defaults).
 */
export function batchOptionsFromEnv(env: Record<string, string | undefined>): Partial<BatchOptions> {
  const page = Number(env.VALUERANK_BATCH_PAGE_LINES);
  const inline = Number(env.VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES);
  const quotas = quotasOf(env.VALUERANK_BATCH_MAX_ENQUEUED_TOKENS);
  return {
    ...(env.VALUERANK_BATCH_CRASH_AT ? { crashAt: env.VALUERANK_BATCH_CRASH_AT } : {}),
    ...(quotas ? { maxEnqueuedTokens: quotas } : {}),
    ...(Number.isInteger(page) && page > 0 ? { pageLines: page } : {}),
    ...(env.VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES && Number.isInteger(inline) && inline >= 0
      ? { geminiInlineMaxBytes: inline }
      : {}),
  };
}

/** How many of these requests (estimated input tokens each, in order) fit in a chunk under the quota: at least one. */
export function requestsUnderQuota(tokens: readonly number[], quota: number | undefined): number {
  if (quota === undefined) return tokens.length;
  let sum = 0;
  let fit = 0;
  for (const t of tokens) {
    if (fit > 0 && sum + t > quota) break;
    sum += t;
    fit += 1;
  }
  return fit;
}

/** Per provider: the strictest limit of requests per batch this app knows. */
export const PROVIDER_MAX_REQUESTS: Partial<Record<ProviderId, number>> = {
  openai: 50_000,
  anthropic: 100_000,
  mistral: 1_000_000,
};

/**
 * Per provider: the most bytes of requests in one batch this app knows (the stricter of this and
 * BatchOptions.maxBytes applies). Gemini: a 2 GB input file (a chunk over the inline limit is uploaded as one).
 */
export const PROVIDER_MAX_BYTES: Partial<Record<ProviderId, number>> = { google: 2 * 1024 * 1024 * 1024 - 1 };

/**
 * Whether a chunk's batch reads its requests from an uploaded file: always for OpenAI and Mistral; for Gemini when
 * the chunk is over the inline limit (a small chunk is inlined in the create call: one round trip fewer, no file).
 */
export function uploadsInputFile(
  options: Pick<BatchOptions, 'geminiInlineMaxBytes'>,
  chunk: { providerId: ProviderId; requestBytes: number },
): boolean {
  if (chunk.providerId === 'google') return chunk.requestBytes > options.geminiInlineMaxBytes;
  return chunk.providerId === 'openai' || chunk.providerId === 'mistral';
}

export interface BatchContext {
  sqlite: Sqlite;
  /** Checkpoints handed to a thread while result pages are written (none: the connection's own, as SQLite does). */
  checkpoints?: WalCheckpoints;
  pool: PythonPool;
  providers: ProviderSettingsService;
  dataDir: string;
  logger: Logger;
  options: BatchOptions;
}

/** One worker call, its answer checked against the schema. */
export async function callWorker<T extends z.ZodType>(
  ctx: BatchContext,
  method: string,
  params: object,
  schema: T,
  timeoutMs = BATCH_CALL_TIMEOUT_MS,
): Promise<z.output<T>> {
  const raw = await ctx.pool.call(method, { timeoutMs: timeoutMs - 5_000, ...params }, timeoutMs);
  return parseBatchAnswer(schema, raw, method);
}

/** The provider as the worker needs it (its key included: never logged, never stored). */
export function providerParams(ctx: BatchContext, providerId: ProviderId) {
  const p = ctx.providers.resolve(providerId);
  return { id: p.id, kind: p.kind, baseUrl: p.baseUrl, apiKey: p.apiKey };
}

/** The run's batch files under the data folder: the exact request bytes, and the raw results kept for audit. */
export function chunkFile(
  ctx: BatchContext,
  runId: string,
  chunkId: string,
  kind: 'input' | 'output' | 'error',
): string {
  const dir = join(ctx.dataDir, 'batches', runId);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${chunkId}.${kind}.jsonl`);
}

/** The test hook of BatchOptions.crashAt: dies here as kill -9 would, nothing flushed, nothing handed back. */
export function crashPoint(ctx: BatchContext, point: string): void {
  if (ctx.options.crashAt === point) process.kill(process.pid, 'SIGKILL');
}

/** The wait before the next poll: a tenth of the batch's age, between the shortest and longest wait. */
export function pollDelayMs(options: BatchOptions, ageMs: number): number {
  return Math.min(options.maxPollMs, Math.max(options.minPollMs, Math.round(ageMs / 10)));
}
