/**
 * Routes `results.*`: per-model aggregates, the per-scenario breakdown, the comparison of two runs, and the analyses
 * (dimension effects, interaction of two dimensions, model agreement, change of effects between two runs).
 */
import { z } from 'zod';
import type { AgreementReport, EffectsComparison, EffectsReport, InteractionReport } from '../analysis';
import type { ResultsSummary, RunComparison, ScenarioResultsPage } from '../results';
import type { ValueRankingReport } from '../values';
import { defineRoute, idSchema, pageSchema } from './define-route';
import { modelPair } from './studies';

const dimensionName = z.string().trim().min(1).max(200);

export const resultRoutes = {
  /** Per-model aggregates of one run, computed with GROUP BY queries (never loading every transcript). */
  'results.summary': defineRoute<ResultsSummary>()(() => z.object({ runId: idSchema })),
  /** One page of the run's scenarios with their dimension values and the decision of each model. */
  'results.scenarios': defineRoute<ScenarioResultsPage>()(() =>
    z.object({ runId: idSchema, modelKey: z.string().trim().min(1).optional(), ...pageSchema(100, 1000) }),
  ),
  /** Two runs of the same definition side by side, with the scenarios whose decision changed. */
  'results.compare': defineRoute<RunComparison>()(() =>
    z.object({ runA: idSchema, runB: idSchema, ...pageSchema(200, 1000) }),
  ),
  /**
   * Per model and dimension: the mean decision per level with a 95 % t interval, each level's AMCE against the
   * baseline (by dimension name the level score to measure against; default the first level), and highest − lowest.
   */
  'results.effects': defineRoute<EffectsReport>()(() =>
    z.object({ runId: idSchema, baselines: z.record(dimensionName, z.number().int()).optional() }),
  ),
  /** The mean decision for every pair of levels of two dimensions, per model (a heat map). */
  'results.interaction': defineRoute<InteractionReport>()(() =>
    z.object({ runId: idSchema, dimensionA: dimensionName, dimensionB: dimensionName }),
  ),
  /** How often each pair of models gives the same decision (or within one point), and where they differ most. */
  'results.agreement': defineRoute<AgreementReport>()(() =>
    z.object({ runId: idSchema, limit: z.number().int().min(1).max(500).default(50) }),
  ),
  /** Two runs of one definition: each model pair's dimension effects in both and the change B − A. */
  'results.compareEffects': defineRoute<EffectsComparison>()(() => z.object({ runA: idSchema, runB: idSchema })),
  /** Value priorities over any runs (whose definitions name the value each end of the scale serves). */
  'results.values': defineRoute<ValueRankingReport>()(() =>
    z.object({ runIds: z.array(idSchema).min(1).max(1000), compare: modelPair.optional() }),
  ),
} as const;
