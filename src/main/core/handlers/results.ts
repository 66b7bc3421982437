/**
 * Handlers for results: per-model summary, per-scenario pages, related runs, the comparison of two runs, and the
 * analyses (dimension effects, interaction of two dimensions, model agreement, change of effects between runs).
 */
import type { Handlers } from '../../../shared/ipc';
import type { ResultsService } from '../results/service';

type ResultRoutes =
  | 'results.summary'
  | 'results.scenarios'
  | 'runs.related'
  | 'results.compare'
  | 'results.effects'
  | 'results.interaction'
  | 'results.agreement'
  | 'results.compareEffects';

export function resultHandlers(results: ResultsService): Pick<Handlers, ResultRoutes> {
  return {
    'results.summary': async ({ runId }) => results.summary(runId),
    'results.scenarios': async (input) => results.scenarios(input),
    'runs.related': async ({ id }) => results.related(id),
    'results.compare': async (input) => results.compare(input),
    'results.effects': async ({ runId, baselines }) => results.effects(runId, baselines),
    'results.interaction': async (input) => results.interaction(input),
    'results.agreement': async (input) => results.agreement(input),
    'results.compareEffects': async (input) => results.compareEffects(input),
  };
}
