/** The JSON-lines protocol spoken with the Python worker; every message from Python is validated here like IPC input. */
import { z } from 'zod';
import {
  workerErrorCodeSchema,
  type PoolOfflineReason,
  type WireFormat,
  type WorkerCallCode,
} from '../../../shared/worker-errors';

/**
 * Bumped when a message changes shape: 2 sends the reply once (`prompt` + `reply`), with `truncated` and `notes`.
 * Declared on both sides (python/valuerank_worker/__init__.py) and compared at the worker's ready message.
 */
export const PROTOCOL_VERSION = 2;

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  protocol: z.number().int(),
  python: z.string(),
  pid: z.number().int(),
});

export const workerErrorSchema = z.object({
  code: workerErrorCodeSchema,
  message: z.string(),
  retryable: z.boolean().default(false),
  retryAfterMs: z.number().nullable().optional(),
  status: z.number().nullable().optional(),
});

/** A job's error as recorded: a worker or supervision code, or one the core adds (CANCELLED, INTERRUPTED, ...). */
export interface WorkerErrorShape {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number | null;
  status?: number | null;
  /** For WORKER_CRASHED: how many requests the worker had in flight when it died (1: this one alone). */
  inFlight?: number;
}

export const responseMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(false), error: workerErrorSchema }),
]);

const turnSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
export type Turn = z.infer<typeof turnSchema>;

/** A token count the database and JavaScript can hold; anything else (the worker already nulls those) is null. */
const tokenCount = z
  .number()
  .nullable()
  .transform((n) => (n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null));

/** A decision as the worker's reader extracts it (python/valuerank_worker/decision.py). */
export const extractedDecisionSchema = z.object({
  score: z.number().nullable(),
  decision: z.string(),
  parsePath: z.string(),
  matched: z.string().nullable().optional(),
});
export type ExtractedDecision = z.infer<typeof extractedDecisionSchema>;

/** What extract_decisions answers: one decision per reply sent, in order. */
export const extractDecisionsResultSchema = z.object({ decisions: z.array(extractedDecisionSchema) });

/** What probe_scenario sends: the reply once, next to the prompt turns it answered. */
export const probeWireSchema = z.object({
  prompt: z.array(turnSchema).min(1),
  reply: z.string(),
  /** True when the answer was longer than maxResponseBytes: `reply` is cut there and the rest was never read. */
  truncated: z.boolean().default(false),
  /** Sentences about what the worker had to repair in the answer (truncation, implausible token counts). */
  notes: z.array(z.string()).default([]),
  reportedModel: z.string().nullable(),
  usage: z.object({ inputTokens: tokenCount, outputTokens: tokenCount, totalTokens: tokenCount }),
  wordCount: z.number().int(),
  durationMs: z.number(),
  startedAt: z.string(),
  completedAt: z.string(),
  requestParams: z.record(z.string(), z.unknown()),
  decision: extractedDecisionSchema,
});

/**
 * The probe result the core records: `turns` (prompt + reply) is built here from the one copy of the reply on the
 * wire (src/shared/transcript.ts renders the same as Markdown when it is read). fast-parse.ts checks the same shape first.
 */
export const probeResultSchema = probeWireSchema.transform(({ prompt, ...rest }) => {
  const turns: Turn[] = [...prompt, { role: 'assistant', content: rest.reply }];
  return { ...rest, turns };
});
type ParsedProbe = z.output<typeof probeResultSchema>;
/** `truncated` and `notes` are optional for callers that build a result by hand (the parser always sets them). */
export type ProbeResult = Omit<ParsedProbe, 'truncated' | 'notes'> & Partial<Pick<ParsedProbe, 'truncated' | 'notes'>>;

export interface ProbeParams {
  provider: { id: string; kind: WireFormat; baseUrl: string; apiKey: string };
  model: { id: string; version: string | null };
  messages: { role: 'system' | 'user'; content: string }[];
  params: { temperature: number | null; maxTokens: number | null };
  timeoutMs: number;
  scale: { code: number; label: string }[];
  /** Most bytes read of the provider's answer (the worker's default is 4 MB); beyond it the answer is truncated. */
  maxResponseBytes?: number;
}

/** A failed call to the worker: the provider's error mapped by Python, or a supervision failure from main. */
export class WorkerCallError extends Error {
  readonly code: WorkerCallCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly status: number | null;
  readonly inFlight: number | undefined;

  constructor(shape: { code: WorkerCallCode } & Omit<WorkerErrorShape, 'code'>) {
    super(shape.message);
    this.name = 'WorkerCallError';
    this.code = shape.code;
    this.retryable = shape.retryable;
    this.retryAfterMs = shape.retryAfterMs ?? null;
    this.status = shape.status ?? null;
    this.inFlight = shape.inFlight;
  }

  toShape(): WorkerErrorShape {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      ...(this.inFlight === undefined ? {} : { inFlight: this.inFlight }),
    };
  }
}

/** A result the worker sent that does not have the expected shape, summarised (the first issue, not a zod dump). */
export function malformedResult(error: z.ZodError): WorkerCallError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return new WorkerCallError({
    code: 'MALFORMED_WORKER_RESULT',
    message: `The worker returned an unexpected result${where}: ${issue?.message ?? 'invalid'}`,
    retryable: false,
  });
}

/** Why the pool could not start, typed, so that status and health derive their message and fix from the reason. */
export class PoolStartError extends Error {
  readonly reason: PoolOfflineReason;

  constructor(reason: PoolOfflineReason, message: string) {
    super(message);
    this.name = 'PoolStartError';
    this.reason = reason;
  }
}
