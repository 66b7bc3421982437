/**
 * Run-option validity, read from the route's own schema (runOptionsSchema in domain.ts): the start form and the CLI
 * ask here whether a value is valid and what range to show, and keep only their own wording.
 */
import { z } from 'zod';
import { runOptionsSchema, type RunOptions } from './domain';

export type RunOptionKey = keyof RunOptions;

/** The option's schema without its default, `null` or transform: the number check alone. */
function numberSchema(key: RunOptionKey): z.ZodNumber {
  let schema: z.ZodType = runOptionsSchema.shape[key];
  for (;;) {
    if (schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) schema = schema.unwrap() as z.ZodType;
    // A transform after the check (the value stored as asked): the number check is the pipe's input.
    else if (schema instanceof z.ZodPipe) schema = schema.in as z.ZodType;
    else break;
  }
  if (!(schema instanceof z.ZodNumber)) throw new Error(`run option ${key} is not a number`);
  return schema;
}

/** Null when the route would accept this value for the option, else the schema's reason. */
export function runOptionProblem(key: RunOptionKey, value: number | null): string | null {
  const parsed = runOptionsSchema.shape[key].safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'invalid');
}

export interface RunOptionRange {
  /** The lowest valid value, or null when there is none (unbounded, or a bound that is itself excluded). */
  min: number | null;
  max: number | null;
  integer: boolean;
}

/** The range an input shows (its min, max and step), as the schema has it. */
export function runOptionRange(key: RunOptionKey): RunOptionRange {
  const schema = numberSchema(key);
  const bound = (value: number | null): number | null =>
    value !== null && Number.isFinite(value) && schema.safeParse(value).success ? value : null;
  return { min: bound(schema.minValue), max: bound(schema.maxValue), integer: schema.isInt };
}
