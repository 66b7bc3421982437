/** The definition editor's reads and writes: a version's source, the draft's lint and preview, and saving it. */
import type { DefinitionSaveResult, RouteInput, RouteName } from '@shared/ipc';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';

const AFTER_SAVE: readonly RouteName[] = [
  'definitions.list',
  'definitions.versions',
  'definitions.source',
  'definitions.get',
];

const keepSaved = {
  put: (
    result: DefinitionSaveResult,
    cache: {
      put(route: 'definitions.get', input: { id: string }, data: DefinitionSaveResult['definition']): void;
    },
  ) => cache.put('definitions.get', { id: result.definition.id }, result.definition),
  refreshes: AFTER_SAVE,
};

/** The exact text of a saved version (null id: a new definition, nothing to read). */
export function useDefinitionSource(id: string | null): RouteResult<'definitions.source'> {
  return useRoute('definitions.source', { id: id ?? '' }, { enabled: id !== null });
}

/** Problems in the draft at their line and column (the text given should already be debounced). */
export function useDraftValidation(text: string): RouteResult<'definitions.validate'> {
  return useRoute('definitions.validate', { text });
}

/** The live preview of the draft (count, jobs, cost, a page of scenarios, one scenario's messages). */
export function useDraftPreview(input: RouteInput<'definitions.preview'>): RouteResult<'definitions.preview'> {
  return useRoute('definitions.preview', input);
}

export function useCreateDefinition(): Mutation<'definitions.create'> {
  return useMutation('definitions.create', keepSaved);
}

export function useSaveDefinitionVersion(): Mutation<'definitions.saveVersion'> {
  return useMutation('definitions.saveVersion', keepSaved);
}

export function useDuplicateDefinition(): Mutation<'definitions.duplicate'> {
  return useMutation('definitions.duplicate', keepSaved);
}

export function useArchiveDefinition(): Mutation<'definitions.archive'> {
  return useMutation('definitions.archive', { refreshes: AFTER_SAVE });
}
