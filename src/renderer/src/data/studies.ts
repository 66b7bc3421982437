/** Studies and their value ranking (issue 25), as pages read and change them. */
import type { RouteName } from '@shared/ipc';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

const STUDY_READS: readonly RouteName[] = ['studies.list', 'studies.get', 'studies.ranking'];

export function useStudies(): RouteResult<'studies.list'> {
  return useRoute('studies.list', {});
}

export function useStudy(id: string): RouteResult<'studies.get'> {
  return useRoute('studies.get', { id });
}

/** The study's value ranking; `compare` names two model keys to set side by side (default: the core's choice). */
export function useStudyRanking(id: string, compare: { a: string; b: string } | null): RouteResult<'studies.ranking'> {
  return useRoute('studies.ranking', { id, ...(compare ? { compare } : {}) });
}

export function useCreateStudy(): Mutation<'studies.create'> {
  return useMutation('studies.create', { refreshes: ['studies.list'] });
}

export function useUpdateStudy(): Mutation<'studies.update'> {
  return useMutation('studies.update', { refreshes: STUDY_READS });
}

export function useStudyMembers(): Mutation<'studies.members'> {
  return useMutation('studies.members', { refreshes: STUDY_READS });
}

export function useDeleteStudy(): Mutation<'studies.delete'> {
  return useMutation('studies.delete', { refreshes: ['studies.list'] });
}

/** The run ids of the study the Runs list is filtered by (null while they load, or when no study is chosen). */
export function useStudyRunIds(studyId: string | undefined): ReadonlySet<string> | null {
  const study = useRoute('studies.get', { id: studyId ?? '-' }, { enabled: Boolean(studyId) });
  return studyId && study.data ? new Set(study.data.runs.map((run) => run.id)) : null;
}
