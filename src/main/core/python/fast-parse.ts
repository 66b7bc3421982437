/**
 * The hot path of the worker protocol: every answer the worker sends is checked here before zod. The zod schemas in
 * protocol.ts stay the contract: these checks accept exactly what they accept and build the same output, and whatever
 * they do not accept goes through zod, which then says what is wrong. Measured on a 2,000-job run, zod's generic
 * parse of each answer (still cold that early) cost about 40 µs of a job's 400; these checks cost about 2.
 * tests/unit/python-protocol.test.ts holds them to zod's verdict on valid and broken messages alike.
 */
import type { z } from 'zod';
import { probeResultSchema, responseMessageSchema, type Turn } from './protocol';

type ResponseMessage = z.output<typeof responseMessageSchema>;
type ParsedProbe = z.output<typeof probeResultSchema>;

const ROLES: ReadonlySet<unknown> = new Set(['system', 'user', 'assistant']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isNullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isNullableNumber = (value: unknown): value is number | null => value === null || isFiniteNumber(value);

/** protocol.ts's tokenCount: a count JavaScript and SQLite hold exactly, else null. */
function tokenCount(value: number | null): number | null {
  return value !== null && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function turns(value: unknown): Turn[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: Turn[] = [];
  for (const item of value as unknown[]) {
    if (!isRecord(item) || !ROLES.has(item.role) || typeof item.content !== 'string') return null;
    out.push({ role: item.role as Turn['role'], content: item.content });
  }
  return out;
}

function strings(value: unknown): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  for (const item of value as unknown[]) if (typeof item !== 'string') return null;
  return [...(value as string[])];
}

/** A probe result the quick checks accept, built as probeResultSchema builds it; null sends it to zod. */
export function quickProbe(raw: unknown): ParsedProbe | null {
  if (!isRecord(raw)) return null;
  const prompt = turns(raw.prompt);
  const { reply, truncated, reportedModel, usage, wordCount, durationMs, startedAt, completedAt } = raw;
  const { requestParams, decision } = raw;
  const notes = strings(raw.notes);
  if (!prompt || notes === null || typeof reply !== 'string') return null;
  if (truncated !== undefined && typeof truncated !== 'boolean') return null;
  if (!isNullableString(reportedModel) || !isRecord(usage) || !isRecord(requestParams) || !isRecord(decision))
    return null;
  const { inputTokens, outputTokens, totalTokens } = usage;
  if (!isNullableNumber(inputTokens) || !isNullableNumber(outputTokens) || !isNullableNumber(totalTokens)) return null;
  if (!Number.isSafeInteger(wordCount) || !isFiniteNumber(durationMs)) return null;
  if (typeof startedAt !== 'string' || typeof completedAt !== 'string') return null;
  const { score, matched } = decision;
  if (!isNullableNumber(score) || typeof decision.decision !== 'string' || typeof decision.parsePath !== 'string')
    return null;
  if (matched !== undefined && !isNullableString(matched)) return null;
  return {
    reply,
    truncated: truncated ?? false,
    notes,
    reportedModel,
    usage: {
      inputTokens: tokenCount(inputTokens),
      outputTokens: tokenCount(outputTokens),
      totalTokens: tokenCount(totalTokens),
    },
    wordCount: wordCount as number,
    durationMs,
    startedAt,
    completedAt,
    requestParams: { ...requestParams },
    decision: {
      score,
      decision: decision.decision,
      parsePath: decision.parsePath,
      ...(matched !== undefined ? { matched } : {}),
    },
    turns: [...prompt, { role: 'assistant', content: reply }],
  };
}

/** A successful response envelope the quick checks accept (its result still to be checked); null sends it to zod. */
export function quickResponse(raw: unknown): ResponseMessage | null {
  if (!isRecord(raw) || raw.type !== 'response' || raw.ok !== true || !isNullableString(raw.id)) return null;
  return { type: 'response', id: raw.id, ok: true, result: raw.result };
}

/** A probe result: the quick checks, else zod (which explains a malformed one). */
export function parseProbe(raw: unknown): ReturnType<typeof probeResultSchema.safeParse> {
  const quick = quickProbe(raw);
  return quick ? { success: true, data: quick } : probeResultSchema.safeParse(raw);
}

/** A response envelope: the quick checks, else zod. */
export function parseResponse(raw: unknown): ReturnType<typeof responseMessageSchema.safeParse> {
  const quick = quickResponse(raw);
  return quick ? { success: true, data: quick } : responseMessageSchema.safeParse(raw);
}
