/** Handlers for results: per-model summary, per-scenario pages, related runs and the comparison of two runs. */
import type { Handlers } from '../../../shared/ipc';
import type { ResultsService } from '../results/service';

type ResultRoutes = 'results.summary' | 'results.scenarios' | 'runs.related' | 'results.compare';

export function resultHandlers(results: ResultsService): Pick<Handlers, ResultRoutes> {
  return {
    'results.summary': async ({ runId }) => results.summary(runId),
    'results.scenarios': async (input) => results.scenarios(input),
    'runs.related': async ({ id }) => results.related(id),
    'results.compare': async (input) => results.compare(input),
  };
}
