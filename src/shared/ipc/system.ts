/** Routes `system.*`: the core's own state (database, worker, scheduler, key storage) without provider calls. */
import type { SystemHealth } from '../domain';
import { defineRoute, emptyInput } from './define-route';

export const systemRoutes = {
  'system.health': defineRoute<SystemHealth>()(emptyInput),
} as const;
