/** What the worker's batch methods answer (python/valuerank_worker/batches.py), validated like any message from Python. */
import { z } from 'zod';
import { extractedDecisionSchema } from './protocol';

/** How long one batch call may take: a list, a create or an upload (a large file) is well under this. */
export const BATCH_CALL_TIMEOUT_MS = 120_000;
/** A result file of gigabytes is streamed to disk: the download's own deadline. */
export const BATCH_DOWNLOAD_TIMEOUT_MS = 30 * 60_000;

const count = z.number().int().nonnegative();

/** A provider's batch, normalised by the worker whatever the provider calls its fields. */
export const batchViewSchema = z.object({
  id: z.string(),
  state: z.enum(['in_progress', 'ended', 'failed']),
  providerStatus: z.string(),
  counts: z.object({
    total: count,
    succeeded: count,
    errored: count,
    expired: count,
    cancelled: count,
    processing: count,
  }),
  /** Seconds since the epoch. */
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  metadata: z.record(z.string(), z.string()),
  inputFileId: z.string().nullable(),
  files: z.array(z.object({ kind: z.enum(['output', 'error']), id: z.string().nullable(), url: z.string() })),
  /** The provider's error codes for a batch it failed as a whole (OpenAI: token_limit_exceeded); absent: none. */
  errorCodes: z.array(z.string()).default([]),
});
export type BatchView = z.output<typeof batchViewSchema>;

export const batchBuildResultSchema = z.object({ bytes: count, sha256: z.string().length(64), count });
export const batchFileIdSchema = z.object({ fileId: z.string().nullable() });
export const batchListSchema = z.object({ batches: z.array(batchViewSchema), next: z.string().nullable() });
export const batchDownloadSchema = z.object({ output: count.nullable(), error: count.nullable() });
export const batchDeleteSchema = z.object({ deleted: count });

const usage = z.object({
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  totalTokens: z.number().nullable(),
});
const recordError = z.object({ code: z.string(), message: z.string(), status: z.number().nullable() });

export const batchRecordSchema = z.discriminatedUnion('outcome', [
  z.object({
    customId: z.string(),
    outcome: z.literal('succeeded'),
    reply: z.string(),
    reportedModel: z.string().nullable(),
    usage,
    notes: z.array(z.string()),
    wordCount: z.number().int(),
    decision: extractedDecisionSchema,
  }),
  z.object({
    customId: z.string().nullable(),
    outcome: z.enum(['errored', 'expired', 'cancelled', 'unreadable']),
    error: recordError,
  }),
]);
export type BatchRecord = z.output<typeof batchRecordSchema>;

export const batchReadSchema = z
  .object({
    records: z.array(batchRecordSchema),
    /** The byte just after each record's line: where a write of the records before it ends. */
    ends: z.array(count),
    nextOffset: count,
    done: z.boolean(),
  })
  .refine((page) => page.ends.length === page.records.length && endsInOrder(page.ends, page.nextOffset), {
    message: 'ends must give one offset per record, in order, up to nextOffset',
  });
export type BatchReadPage = z.output<typeof batchReadSchema>;

/** Offsets that only go forward and stop at the page's end. */
function endsInOrder(ends: readonly number[], nextOffset: number): boolean {
  return ends.every((end, i) => end <= nextOffset && (i === 0 || end >= ends[i - 1]!));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * The hot path of ingestion (a result file of 100,000 lines): a page whose every record is a plain answer is checked
 * by hand, as fast-parse.ts does for probe results (zod's generic parse cost ~10 µs a record); anything else goes
 * through zod, which then says what is wrong. The checks accept only what the schema accepts.
 */
export function quickReadPage(raw: unknown): BatchReadPage | null {
  if (!isObject(raw) || !Array.isArray(raw.records) || typeof raw.done !== 'boolean') return null;
  if (!Number.isSafeInteger(raw.nextOffset) || (raw.nextOffset as number) < 0) return null;
  const { ends } = raw;
  if (!Array.isArray(ends) || ends.length !== raw.records.length || !ends.every((e) => Number.isSafeInteger(e)))
    return null;
  if (!endsInOrder(ends as number[], raw.nextOffset as number)) return null;
  for (const r of raw.records as unknown[]) {
    if (!isObject(r) || r.outcome !== 'succeeded' || typeof r.customId !== 'string' || typeof r.reply !== 'string')
      return null;
    if (!(r.reportedModel === null || typeof r.reportedModel === 'string') || !Number.isSafeInteger(r.wordCount))
      return null;
    const { usage, decision, notes } = r;
    if (!isObject(usage) || !isCount(usage.inputTokens) || !isCount(usage.outputTokens) || !isCount(usage.totalTokens))
      return null;
    if (!Array.isArray(notes) || !notes.every((n) => typeof n === 'string')) return null;
    if (!isObject(decision) || !isCount(decision.score) || typeof decision.decision !== 'string') return null;
    if (typeof decision.parsePath !== 'string') return null;
    if (!(decision.matched === undefined || decision.matched === null || typeof decision.matched === 'string'))
      return null;
    if (Object.keys(r).length !== 8 || Object.keys(usage).length !== 3) return null;
  }
  return raw as unknown as BatchReadPage;
}

/** A batch call's answer, checked: a malformed one is a typed error, never a half-read object. */
export function parseBatchAnswer<T extends z.ZodType>(schema: T, raw: unknown, method: string): z.output<T> {
  if (method === 'batch_read') {
    const quick = quickReadPage(raw);
    if (quick) return quick as z.output<T>;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The worker's ${method} answer is malformed at ${issue?.path.join('.') ?? '?'}: ${issue?.message}`);
  }
  return parsed.data;
}
