/** The one route helper and the input schemas every route file shares: a route is a zod input plus a phantom output. */
import { z } from 'zod';

export interface Route<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type, never read at run time. */
  output?: O;
}

/**
 * `defineRoute<Output>()(inputSchema)` or `defineRoute<Output>()(() => inputSchema)`: the output type is given, the
 * input type is inferred from the schema. A schema given as a function is built the first time the route is called:
 * building every route's zod schema cost each CLI command some 15 ms of start-up for routes it never calls.
 */
export function defineRoute<O>() {
  return <I extends z.ZodType>(schema: I | (() => I)): Route<I, O> => {
    let input: I | undefined = typeof schema === 'function' ? undefined : schema;
    return {
      get input(): I {
        input ??= (schema as () => I)();
        return input;
      },
    };
  };
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
