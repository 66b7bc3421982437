/** Routes `health.*`: System Health, real provider checks in parallel plus the Python worker and the database. */
import { healthCheckInputSchema, type HealthReport } from '../providers';
import { defineRoute } from './define-route';

export const healthRoutes = {
  'health.check': defineRoute<HealthReport>()(healthCheckInputSchema),
} as const;
