/** The one route helper and the input schemas every route file shares: a route is a zod input plus a phantom output. */
import { z } from 'zod';

export interface Route<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type, never read at run time. */
  output?: O;
}

/** `defineRoute<Output>()(inputSchema)`: the output type is given, the input type is inferred from the schema. */
export function defineRoute<O>() {
  return <I extends z.ZodType>(input: I): Route<I, O> => ({ input });
}

/** A non-blank id (run, definition, transcript). */
export const idSchema = z.string().trim().min(1, 'an id is required');

/** Routes that take nothing accept only `{}`. */
export const emptyInput = z.object({}).strict();

/** Offset/limit paging with a per-route cap and default. */
export function pageSchema(defaultLimit: number, maxLimit: number) {
  return {
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(maxLimit).default(defaultLimit),
  };
}
