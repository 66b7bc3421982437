/** Routes `results.*`: per-model aggregates, the per-scenario breakdown and the comparison of two runs. */
import { z } from 'zod';
import type { ResultsSummary, RunComparison, ScenarioResultsPage } from '../results';
import { defineRoute, idSchema, pageSchema } from './define-route';

export const resultRoutes = {
  /** Per-model aggregates of one run, computed with GROUP BY queries (never loading every transcript). */
  'results.summary': defineRoute<ResultsSummary>()(z.object({ runId: idSchema })),
  /** One page of the run's scenarios with their dimension values and the decision of each model. */
  'results.scenarios': defineRoute<ScenarioResultsPage>()(
    z.object({ runId: idSchema, modelKey: z.string().trim().min(1).optional(), ...pageSchema(100, 1000) }),
  ),
  /** Two runs of the same definition side by side, with the scenarios whose decision changed. */
  'results.compare': defineRoute<RunComparison>()(
    z.object({ runA: idSchema, runB: idSchema, ...pageSchema(200, 1000) }),
  ),
} as const;
