/** The one entry point every front door calls: route lookup, zod validation, handler call, error envelope. */
import { z } from 'zod';
import { isRouteName, routes, type Handlers, type RouteName } from '../../../shared/contract';
import { AppError, type Envelope } from '../../../shared/errors';
import type { Logger } from '../util/logger';

export type Dispatch = (route: string, input: unknown) => Promise<Envelope<unknown>>;

export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
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
      logger.error('route failed', { route: route satisfies RouteName, error });
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Unexpected error in ${route}: ${(error as Error).message}` },
      };
    }
  };
}

/** Calls a route and unwraps the envelope: for the CLI and tests, which want exceptions. */
export async function callRoute<K extends RouteName>(
  dispatch: Dispatch,
  route: K,
  input: unknown,
): Promise<Awaited<ReturnType<Handlers[K]>>> {
  const envelope = await dispatch(route, input);
  if (!envelope.ok) throw new AppError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.value as Awaited<ReturnType<Handlers[K]>>;
}
