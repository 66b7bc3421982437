/** The one entry point every front door calls: route lookup, zod validation, handler call, error envelope. */
import { z } from 'zod';
import {
  isRouteName,
  routes,
  type Handlers,
  type RouteInput,
  type RouteName,
  type RouteOutput,
} from '../../../shared/ipc';
import { AppError, type Envelope } from '../../../shared/errors';
import { storageConditionError } from '../db/sqlite-errors';
import type { Logger } from '../util/logger';

/**
 * The handler map, checked to hold exactly the contract's routes: a missing route fails to compile through `Handlers`,
 * and an extra one (which object spreads would otherwise let through) through the `never` it is mapped to here.
 */
export function exactHandlers<H extends Handlers>(handlers: H & Record<Exclude<keyof H, RouteName>, never>): Handlers {
  return handlers;
}

export type Dispatch = (route: string, input: unknown) => Promise<Envelope<unknown>>;

/** `databasePath` names the file in the sentence of a damaged database. */
export function createDispatch(handlers: Handlers, logger: Logger, databasePath?: string): Dispatch {
  return async (route, input) => {
    if (!isRouteName(route))
      return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: `Unknown route "${route}"` } };
    const parsed = routes[route].input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: z.prettifyError(parsed.error),
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      };
    }
    try {
      const handler = handlers[route] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape() };
      // SQLite refused because the file cannot be written or its pages are damaged: one sentence whichever route met it.
      const condition = storageConditionError(error, databasePath);
      if (condition?.code === 'DATABASE_CORRUPT') logger.error('database damaged', { route, error });
      if (condition) return { ok: false, error: condition.toShape() };
      logger.error('route failed', { route: route satisfies RouteName, error });
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Unexpected error in ${route}: ${(error as Error).message}` },
      };
    }
  };
}

/**
 * Calls a route with its input and output types intact. The one cast is sound: dispatch looked the handler up by
 * this route name, so a successful envelope carries that route's output.
 */
export async function invokeRoute<K extends RouteName>(
  dispatch: Dispatch,
  route: K,
  input: RouteInput<K>,
): Promise<Envelope<RouteOutput<K>>> {
  return (await dispatch(route, input)) as Envelope<RouteOutput<K>>;
}

/** Calls a route and unwraps the envelope: for the CLI and tests, which want exceptions. */
export async function callRoute<K extends RouteName>(
  dispatch: Dispatch,
  route: K,
  input: RouteInput<K>,
): Promise<RouteOutput<K>> {
  const envelope = await invokeRoute(dispatch, route, input);
  if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.value;
}
