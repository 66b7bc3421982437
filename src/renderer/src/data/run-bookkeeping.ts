/** A researcher's bookkeeping on runs (name, notes, archive, delete) and decisions coded by hand, as pages change them. */
import type { RunDetail } from '@shared/domain';
import type { RouteName } from '@shared/ipc';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

const keepRun = {
  put: (run: RunDetail, cache: { put(route: 'runs.get', input: { id: string }, data: RunDetail): void }) =>
    cache.put('runs.get', { id: run.id }, run),
  refreshes: ['runs.list'] as readonly RouteName[],
};

/** Renames a run or sets its notes; the run shown and the lists take the answer. */
export function useUpdateRun(): Mutation<'runs.update'> {
  return useMutation('runs.update', keepRun);
}

/** Archives a run or brings it back. */
export function useArchiveRun(): Mutation<'runs.archive'> {
  return useMutation('runs.archive', keepRun);
}

/** What deleting the run would remove (read when the confirmation opens). */
export function useRunDeletion(id: string, enabled: boolean): RouteResult<'runs.deletion'> {
  return useRoute('runs.deletion', { id }, { enabled });
}

/** Deletes an ended run; the lists are refreshed. */
export function useDeleteRun(): Mutation<'runs.delete'> {
  return useMutation('runs.delete', { refreshes: ['runs.list'] });
}

/** Codes a transcript's decision by hand (or clears it); results and transcripts are refreshed. */
export function useOverrideDecision(): Mutation<'transcripts.override'> {
  return useMutation('transcripts.override', {
    put: (t, cache) => cache.put('transcripts.get', { id: t.id }, t),
    refreshes: [
      'runs.get',
      'runs.transcripts',
      'transcripts.count',
      'transcripts.levels',
      'results.summary',
      'results.scenarios',
      'results.effects',
    ],
  });
}
