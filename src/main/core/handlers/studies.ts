/** Handlers for studies and value priorities (issue 25). */
import type { Handlers } from '../../../shared/ipc';
import type { ResultsService } from '../results/service';
import type { StudyService } from '../studies/service';

type StudyRoutes =
  | 'studies.list'
  | 'studies.get'
  | 'studies.create'
  | 'studies.update'
  | 'studies.delete'
  | 'studies.members'
  | 'studies.ranking'
  | 'results.values';

export function studyHandlers(studies: StudyService, results: ResultsService): Pick<Handlers, StudyRoutes> {
  return {
    'studies.list': async () => studies.list(),
    'studies.get': async ({ id }) => studies.get(id),
    'studies.create': async (input) => studies.create(input),
    'studies.update': async (input) => studies.update(input),
    'studies.delete': async ({ id }) => {
      studies.remove(id);
      return { deleted: true };
    },
    'studies.members': async (input) => studies.members(input),
    'studies.ranking': async (input) => studies.ranking(input),
    'results.values': async ({ runIds, compare }) => results.values({ runIds, ...(compare ? { compare } : {}) }),
  };
}
