/** The JSON-lines protocol spoken with the Python worker; every message from Python is validated here like IPC input. */
import { z } from 'zod';

export const readyMessageSchema = z.object({
  type: z.literal('ready'),
  protocol: z.number().int(),
  python: z.string(),
  pid: z.number().int(),
  methods: z.array(z.string()).default([]),
});

export const workerErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().default(false),
  retryAfterMs: z.number().nullable().optional(),
  status: z.number().nullable().optional(),
});
export type WorkerErrorShape = z.infer<typeof workerErrorSchema>;

export const responseMessageSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.string().nullable(), ok: z.literal(false), error: workerErrorSchema }),
]);

const turnSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const probeResultSchema = z.object({
  turns: z.array(turnSchema).min(1),
  content: z.string(),
  reply: z.string(),
  reportedModel: z.string().nullable(),
  usage: z.object({
    inputTokens: z.number().int().nullable(),
    outputTokens: z.number().int().nullable(),
    totalTokens: z.number().int().nullable(),
  }),
  wordCount: z.number().int(),
  durationMs: z.number(),
  startedAt: z.string(),
  completedAt: z.string(),
  requestParams: z.record(z.string(), z.unknown()),
  decision: z.object({
    score: z.number().nullable(),
    decision: z.string(),
    parsePath: z.string(),
    matched: z.string().nullable().optional(),
  }),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

export interface ProbeParams {
  provider: { id: string; kind: 'openai' | 'anthropic' | 'gemini'; baseUrl: string; apiKey: string };
  model: { id: string; version: string | null };
  messages: { role: 'system' | 'user'; content: string }[];
  params: { temperature: number | null; maxTokens: number | null };
  timeoutMs: number;
  scale: { code: number; label: string }[];
}

/** A failed call to the worker: the provider's error mapped by Python, or a supervision failure from main. */
export class WorkerCallError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly status: number | null;

  constructor(shape: WorkerErrorShape) {
    super(shape.message);
    this.name = 'WorkerCallError';
    this.code = shape.code;
    this.retryable = shape.retryable;
    this.retryAfterMs = shape.retryAfterMs ?? null;
    this.status = shape.status ?? null;
  }

  toShape(): WorkerErrorShape {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
    };
  }
}
